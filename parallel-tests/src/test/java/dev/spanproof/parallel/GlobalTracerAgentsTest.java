package dev.spanproof.parallel;

import static dev.spanproof.assertions.AgentAssertions.assertThat;

import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import io.opentelemetry.api.OpenTelemetry;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Nested;

/** Agents that use a tracer cached from GlobalOpenTelemetry, as frameworks do, all at once. */
@AgentTest
class GlobalTracerAgentsTest {

  /** Resolved lazily, on first use inside a test, like a framework's static tracer. */
  private static final class Framework {
    static final Tracer TRACER = GlobalOpenTelemetry.getTracer("framework");
  }

  @Nested class Batch0 extends TenAgents { Batch0() { super(0, GlobalTracerAgentsTest.this::agent); } }
  @Nested class Batch1 extends TenAgents { Batch1() { super(1, GlobalTracerAgentsTest.this::agent); } }
  @Nested class Batch2 extends TenAgents { Batch2() { super(2, GlobalTracerAgentsTest.this::agent); } }
  @Nested class Batch3 extends TenAgents { Batch3() { super(3, GlobalTracerAgentsTest.this::agent); } }
  @Nested class Batch4 extends TenAgents { Batch4() { super(4, GlobalTracerAgentsTest.this::agent); } }
  @Nested class Batch5 extends TenAgents { Batch5() { super(5, GlobalTracerAgentsTest.this::agent); } }
  @Nested class Batch6 extends TenAgents { Batch6() { super(6, GlobalTracerAgentsTest.this::agent); } }
  @Nested class Batch7 extends TenAgents { Batch7() { super(7, GlobalTracerAgentsTest.this::agent); } }
  @Nested class Batch8 extends TenAgents { Batch8() { super(8, GlobalTracerAgentsTest.this::agent); } }
  @Nested class Batch9 extends TenAgents { Batch9() { super(9, GlobalTracerAgentsTest.this::agent); } }

  void agent(int n, MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    String marker = "global-" + n;
    Span agent = Framework.TRACER.spanBuilder("invoke_agent " + marker).startSpan();
    try (Scope ignored = agent.makeCurrent()) {
      Framework.TRACER.spanBuilder("execute_tool step_" + marker).startSpan().end();
    } finally {
      agent.end();
    }

    assertThat(traces.single()).hasShape("invoke_agent " + marker + "\n└── execute_tool step_" + marker);
    Isolation.onlyOwnSpans(traces, marker, 2);
  }
}
