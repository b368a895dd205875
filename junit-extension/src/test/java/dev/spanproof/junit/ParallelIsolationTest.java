package dev.spanproof.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Agent tests at once in one JVM: none may see another's spans or LLM requests. Tests meet at a
 * barrier while their agent spans are open, so they provably overlap (a sequential run would time
 * out at the barrier and fail).
 */
class ParallelIsolationTest {

  static final int PARTIES = 4;
  static final CyclicBarrier TOGETHER = new CyclicBarrier(PARTIES);
  static final AtomicInteger SEQUENCE = new AtomicInteger();

  static void agentRun(MockLlm llm, AgentTraces traces, OpenTelemetry otel) throws Exception {
    int n = SEQUENCE.incrementAndGet();
    llm.script().reply("answer " + n);
    Tracer tracer = otel.getTracer("isolation");
    Span root = tracer.spanBuilder("invoke_agent agent_" + n).startSpan();
    try (Scope ignored = root.makeCurrent()) {
      // a child on another thread, carried there by the propagated context
      CompletableFuture.runAsync(Context.current().wrap(
          () -> tracer.spanBuilder("execute_tool tool_" + n).startSpan().end())).join();
      assertThat(ChatRequests.ask(llm.openAiBaseUrl(), "question " + n).body()).contains("answer " + n);
      TOGETHER.await(20, TimeUnit.SECONDS);
    } finally {
      root.end();
    }

    assertThat(traces.single().render()).isEqualTo("invoke_agent agent_" + n + "\n└── execute_tool tool_" + n);
    assertThat(traces.spans()).extracting(SpanData::getName)
        .containsExactlyInAnyOrder("invoke_agent agent_" + n, "execute_tool tool_" + n);
    assertThat(llm.requests()).singleElement()
        .satisfies(request -> assertThat(request.rawBody()).contains("question " + n + "\""));
  }

  /** Four agent tests as plain methods: nested classes and their methods run concurrently. */
  abstract static class FourAgents {
    @Test void a(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { agentRun(l, t, o); }
    @Test void b(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { agentRun(l, t, o); }
    @Test void c(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { agentRun(l, t, o); }
    @Test void d(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { agentRun(l, t, o); }
  }

  @AgentTest
  static class ConcurrentAgentsCase {
    @Nested class G1 extends FourAgents {}
    @Nested class G2 extends FourAgents {}
    @Nested class G3 extends FourAgents {}
    @Nested class G4 extends FourAgents {}
    @Nested class G5 extends FourAgents {}
    @Nested class G6 extends FourAgents {}
    @Nested class G7 extends FourAgents {}
    @Nested class G8 extends FourAgents {}
  }

  @Test
  void concurrentTestsSeeOnlyTheirOwnSpansAndRequests() {
    EngineExecutionResults results = EngineRunner.run(ConcurrentAgentsCase.class, Map.of(
        "spanproof.print", "never",
        "spanproof.report", "never",
        "junit.jupiter.execution.parallel.enabled", "true",
        "junit.jupiter.execution.parallel.mode.default", "concurrent",
        "junit.jupiter.execution.parallel.config.strategy", "fixed",
        "junit.jupiter.execution.parallel.config.fixed.parallelism", "8"));

    assertThat(EngineRunner.failures(results)).isEmpty();
    results.testEvents().assertStatistics(stats -> stats.succeeded(32).failed(0));
  }
}
