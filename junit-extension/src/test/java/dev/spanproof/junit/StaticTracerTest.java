package dev.spanproof.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.junit.internal.SharedTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The static-tracer pitfall: frameworks (Google ADK, many agents) cache a tracer from
 * {@code GlobalOpenTelemetry} in a static field. spanproof installs one routing SDK as the global
 * once per JVM, so a tracer cached after that keeps working in every later test; one cached before
 * is a no-op forever, and spanproof says so instead of producing empty traces.
 */
class StaticTracerTest {

  /** An agent that caches its tracer the way ADK does: once, from the global, at class init. */
  static final class StaticTracerAgent {
    static final Tracer TRACER = GlobalOpenTelemetry.getTracer("static-agent");

    static void run(String name) {
      TRACER.spanBuilder("invoke_agent " + name).startSpan().end();
    }
  }

  @AgentTest
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class CachedAfterInstallCase {
    @Test
    @Order(1)
    void firstTestInitialisesTheAgentClass(AgentTraces traces) {
      StaticTracerAgent.run("first");
      assertThat(traces.single().render()).isEqualTo("invoke_agent first");
    }

    @Test
    @Order(2)
    void laterTestsStillSeeTheStaticTracersSpans(AgentTraces traces) {
      StaticTracerAgent.run("second");
      assertThat(traces.single().render()).isEqualTo("invoke_agent second");
    }
  }

  @AgentTest
  static class GlobalClaimedEarlierCase {
    @Test
    void anyTest() {}
  }

  @Test
  void aTracerCachedInAStaticFieldAfterInstallationWorksInEveryTest() {
    EngineExecutionResults results = EngineRunner.run(CachedAfterInstallCase.class);

    assertThat(EngineRunner.failures(results)).isEmpty();
    results.testEvents().assertStatistics(stats -> stats.succeeded(2));
  }

  @Test
  void whenSomethingClaimedTheGlobalFirstTheTestFailsWithTheFix() {
    // Simulate a fresh JVM in which code read the global before the first @AgentTest.
    GlobalOpenTelemetry.resetForTest();
    SharedTelemetry.get().forgetGlobalInstallation();
    GlobalOpenTelemetry.get(); // what a static `GlobalOpenTelemetry.getTracer(...)` does: fixes a no-op global
    try {
      EngineExecutionResults results = EngineRunner.run(GlobalClaimedEarlierCase.class);

      List<Throwable> failures = EngineRunner.failures(results);
      assertThat(failures).singleElement().satisfies(failure -> assertThat(failure.getMessage())
          .startsWith("spanproof could not install its OpenTelemetry as GlobalOpenTelemetry: something set or "
              + "read the global before the first @AgentTest ran (")
          .endsWith("Either let spanproof install it first (do not call GlobalOpenTelemetry.get()/set() in "
              + "static initialisers of test classes), or set the configuration parameter "
              + "spanproof.global=false and pass the OpenTelemetry test parameter to the agent."));

      // With the global left alone, the same test passes.
      EngineExecutionResults withoutGlobal = EngineRunner.run(GlobalClaimedEarlierCase.class,
          java.util.Map.of("spanproof.print", "never", "spanproof.report", "never", "spanproof.global", "false"));
      assertThat(EngineRunner.failures(withoutGlobal)).isEmpty();
    } finally {
      GlobalOpenTelemetry.resetForTest();
      SharedTelemetry.get().forgetGlobalInstallation();
      SharedTelemetry.get().installAsGlobal();
    }
  }
}
