package dev.spanproof.parallel;

import static dev.spanproof.assertions.AgentAssertions.assertThat;

import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

/** Agents whose tool calls run on a shared pool (parallel tool calls), context propagated. */
@AgentTest
class ThreadHoppingAgentsTest {

  private static final ExecutorService TOOLS = Context.taskWrapping(Executors.newFixedThreadPool(4));

  @AfterAll
  static void stopPoolAndCheckTheRunWasConcurrent() {
    TOOLS.shutdownNow();
    // Guards the guard: if parallel execution were off, this module would prove nothing.
    org.assertj.core.api.Assertions.assertThat(TenAgents.WORKERS).as("JUnit worker threads used")
        .hasSizeGreaterThanOrEqualTo(4);
  }

  @Nested class Batch0 extends TenAgents { Batch0() { super(0, ThreadHoppingAgentsTest.this::agent); } }
  @Nested class Batch1 extends TenAgents { Batch1() { super(1, ThreadHoppingAgentsTest.this::agent); } }
  @Nested class Batch2 extends TenAgents { Batch2() { super(2, ThreadHoppingAgentsTest.this::agent); } }
  @Nested class Batch3 extends TenAgents { Batch3() { super(3, ThreadHoppingAgentsTest.this::agent); } }
  @Nested class Batch4 extends TenAgents { Batch4() { super(4, ThreadHoppingAgentsTest.this::agent); } }
  @Nested class Batch5 extends TenAgents { Batch5() { super(5, ThreadHoppingAgentsTest.this::agent); } }
  @Nested class Batch6 extends TenAgents { Batch6() { super(6, ThreadHoppingAgentsTest.this::agent); } }
  @Nested class Batch7 extends TenAgents { Batch7() { super(7, ThreadHoppingAgentsTest.this::agent); } }
  @Nested class Batch8 extends TenAgents { Batch8() { super(8, ThreadHoppingAgentsTest.this::agent); } }
  @Nested class Batch9 extends TenAgents { Batch9() { super(9, ThreadHoppingAgentsTest.this::agent); } }

  void agent(int n, MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    String marker = "hopper-" + n;
    Tracer tracer = otel.getTracer("parallel");
    Span agent = tracer.spanBuilder("invoke_agent " + marker).startSpan();
    try (Scope ignored = agent.makeCurrent()) {
      CompletableFuture.allOf(List.of("a", "b", "c").stream()
          .map(tool -> CompletableFuture.runAsync(
              () -> tracer.spanBuilder("execute_tool " + tool + "_" + marker).startSpan().end(), TOOLS))
          .toArray(CompletableFuture[]::new)).join();
    } finally {
      agent.end();
    }

    assertThat(traces.single()).hasShape("invoke_agent " + marker + "\n"
        + "└── (any order)\n"
        + "    ├── execute_tool a_" + marker + "\n"
        + "    ├── execute_tool b_" + marker + "\n"
        + "    └── execute_tool c_" + marker + "\n");
    Isolation.onlyOwnSpans(traces, marker, 4);
  }
}
