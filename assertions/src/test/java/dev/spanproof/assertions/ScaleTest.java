package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Large traces: no stack overflow, and every pass stays linear enough to finish quickly. */
class ScaleTest {

  private static String id(long n) {
    return String.format("%016x", n);
  }

  /** An agent with many children: alternating chat and tool spans. */
  private static List<SpanData> wide(int children) {
    List<SpanData> spans = new ArrayList<>(children + 1);
    spans.add(TestSpans.span("invoke_agent a", id(1), null, 0, 10L * children + 10,
        "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "a"));
    for (int i = 0; i < children; i++) {
      long start = 10L * i + 1;
      if (i % 2 == 0) {
        spans.add(TestSpans.span("chat gpt-4", id(i + 2), id(1), start, start + 5, "gen_ai.operation.name", "chat",
            "gen_ai.request.model", "gpt-4", "gen_ai.usage.input_tokens", 3L, "gen_ai.usage.output_tokens", 2L));
      } else {
        spans.add(TestSpans.span("execute_tool t", id(i + 2), id(1), start, start + 5, "gen_ai.operation.name",
            "execute_tool", "gen_ai.tool.name", "t", "gen_ai.tool.call.arguments", "{\"i\":" + i + "}"));
      }
    }
    return spans;
  }

  @Test
  @Timeout(60)
  void handles_a_trace_of_20k_siblings() {
    AgentTrace trace = AgentTrace.of(wide(20_000));
    assertThat(trace)
        .hasShape("""
            invoke_agent a
              chat gpt-4  tokens 3→2
              execute_tool t  {"i":1}
              ...
              execute_tool t  {"i":19999}
            """)
        .isWellInstrumented();
    assertThat(trace).toolCalls().calledTimes("t", 10_000);
    assertThat(trace).tokens().hasInput(30_000).hasOutput(20_000).total().isAtMost(50_000);
    org.assertj.core.api.Assertions.assertThat(trace.render().lines().count()).isEqualTo(20_001);
  }

  @Test
  @Timeout(60)
  void handles_a_chain_2k_spans_deep() {
    List<SpanData> spans = new ArrayList<>();
    int depth = 2_000;
    for (int i = 0; i < depth; i++) {
      spans.add(TestSpans.span("step", id(i + 1), i == 0 ? null : id(i), i, 2L * depth - i));
    }
    AgentTrace trace = AgentTrace.of(spans);
    org.assertj.core.api.Assertions.assertThat(trace.nodes().get(depth - 1).depth()).isEqualTo(depth - 1);
    org.assertj.core.api.Assertions.assertThat(trace.roots().get(0).descendants()).hasSize(depth - 1);
    org.assertj.core.api.Assertions.assertThat(trace.render().lines().count()).isEqualTo(depth);
  }
}
