package dev.spanproof.examples.adk;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.google.adk.telemetry.Tracing;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.junit.SpanproofExtension;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;

/**
 * The static-tracer pitfall, reproduced: ADK's telemetry class is loaded (here by this class's static
 * initialiser; in real projects by an agent run in a static field or {@code @BeforeAll}) before
 * spanproof installed its SDK as {@code GlobalOpenTelemetry}. ADK then caches a no-op tracer for good,
 * and reading the global made it the no-op, so nobody can install another.
 *
 * <p>Runs in a JVM of its own (a separate Surefire execution in this module's pom), since the
 * pitfall is JVM-wide state.
 */
class AdkTracerLoadedFirstTest {

  /** Loads ADK's telemetry before any spanproof extension ran. */
  private static final Tracer CACHED_BY_ADK = Tracing.getTracer();

  /** The way out: don't use the global, hand ADK the test's tracer. */
  @RegisterExtension
  static final SpanproofExtension SPANPROOF = SpanproofExtension.newInstance().globalOpenTelemetry(false).build();

  @BeforeEach
  void giveAdkTheTestsTracer(OpenTelemetry otel) {
    Tracing.setTracerForTesting(otel.getTracer("gcp.vertex.agent"));
  }

  @Test
  void adk_cached_a_noop_tracer_and_the_global_can_no_longer_be_set() {
    assertThat(CACHED_BY_ADK.getClass().getName()).doesNotStartWith("io.opentelemetry.sdk");
    assertThat(CACHED_BY_ADK.spanBuilder("probe").startSpan().getSpanContext().isValid()).isFalse();
    assertThatThrownBy(() -> GlobalOpenTelemetry.set(OpenTelemetry.noop()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GlobalOpenTelemetry.set has already been called");
  }

  @Test
  void with_the_default_global_installation_spanproof_fails_the_test_and_says_why() {
    var results = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(GlobalByDefault.class))
        .execute()
        .testEvents();

    results.assertStatistics(stats -> stats.started(1).failed(1));
    results.assertThatEvents().haveExactly(1, EventConditions.finishedWithFailure(
        TestExecutionResultConditions.instanceOf(IllegalStateException.class),
        TestExecutionResultConditions.message(m -> m.startsWith(
            "spanproof could not install its OpenTelemetry as GlobalOpenTelemetry")
            && m.contains("spanproof.global=false"))));
  }

  @Test
  void with_set_tracer_for_testing_the_team_is_traced(MockLlm llm, AgentTraces traces) {
    llm.script()
        .replyWithToolCall("inventory_history", "{\"item\":\"apples\"}").usage(50, 10)
        .thenReplyWithToolCall("transfer_to_agent", "{\"agent_name\":\"data_analyst\"}").usage(80, 10)
        .thenReplyWithToolCall("percentage_change", "{\"start\":100,\"end\":120}").usage(90, 12)
        .thenReply("Your apple stock grew by 20%.").usage(100, 8);

    new ApplesTeam(llm.geminiBaseUrl(), "not-a-key").ask("How much did my apple stock change, in percent?");

    assertThat(traces.single())
        .hasShape("""
            invocation
            └── invoke_agent coordinator
                ├── chat gemini-2.0-flash
                │   └── execute_tool inventory_history
                ├── chat gemini-2.0-flash
                │   └── execute_tool transfer_to_agent
                └── invoke_agent data_analyst
                    ├── chat gemini-2.0-flash
                    │   └── execute_tool percentage_change  {"start":100,"end":120} → {"percentage_change":20.0}
                    └── chat gemini-2.0-flash
            """)
        .tokens().hasInput(320).hasOutput(40);
  }

  /** Run by the test kit only: the default setup, which installs the global. */
  @AgentTest
  static class GlobalByDefault {
    @Test
    void run() {}
  }
}
