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
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Many agent tests at once in one JVM: none may see another's spans or LLM requests. */
class ParallelIsolationTest {

  static final int TESTS = 200;

  @AgentTest
  static class ConcurrentAgentsCase {
    @RepeatedTest(TESTS)
    void agentRun(RepetitionInfo info, MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
      int n = info.getCurrentRepetition();
      llm.script().reply("answer " + n);
      Tracer tracer = otel.getTracer("isolation");
      Span root = tracer.spanBuilder("invoke_agent agent_" + n).startSpan();
      try (Scope ignored = root.makeCurrent()) {
        // a child on another thread, carried there by the propagated context
        CompletableFuture.runAsync(Context.current().wrap(
            () -> tracer.spanBuilder("execute_tool tool_" + n).startSpan().end())).join();
        assertThat(ChatRequests.ask(llm.openAiBaseUrl(), "question " + n).body()).contains("answer " + n);
      } finally {
        root.end();
      }

      assertThat(traces.single().render()).isEqualTo("invoke_agent agent_" + n + "\n└── execute_tool tool_" + n);
      assertThat(traces.spans()).extracting(SpanData::getName)
          .containsExactlyInAnyOrder("invoke_agent agent_" + n, "execute_tool tool_" + n);
      assertThat(llm.requests()).singleElement()
          .satisfies(request -> assertThat(request.rawBody()).contains("question " + n + "\""));
    }
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
    results.testEvents().assertStatistics(stats -> stats.succeeded(TESTS).failed(0));
  }
}
