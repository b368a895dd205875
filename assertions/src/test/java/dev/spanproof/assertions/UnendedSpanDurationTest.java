package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A span that never ended has no duration: the duration assertions say so instead of reading 0 ns. */
class UnendedSpanDurationTest {

  private static final String HINT = " (end every span, and let the agent finish before asserting)";

  /** An agent still running (read with ReadableSpan.toSpanData()) whose chat ended. */
  private static AgentTrace hung() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.chat(agent, "gpt-4", 1, 2);
    return f.traceLeavingOpen(agent).withLabel("hangs");
  }

  private static final String MARKED = """
          invoke_agent assistant
          ▲ never ended
          └── chat gpt-4  tokens 1→2""".indent(2).stripTrailing();

  @Test
  void should_fail_agent_tookAtMost_if_the_agent_never_ended() {
    assertThatThrownBy(() -> assertThat(hung()).agent("assistant").tookAtMost(Duration.ofSeconds(1)))
        .hasMessage("Expecting agent \"assistant\" of the trace of \"hangs\" to take at most 1s but its span "
            + "\"invoke_agent assistant\" never ended, so how long it took is unknown" + HINT
            + "\nin the trace:\n" + MARKED);
  }

  @Test
  void should_fail_span_tookAtMost_if_the_span_never_ended() {
    assertThatThrownBy(() -> assertThat(hung()).span("invoke_agent *").tookAtMost(Duration.ofMillis(1)))
        .hasMessage("Expecting span \"invoke_agent assistant\" of the trace of \"hangs\" to take at most 1ms but it "
            + "never ended, so how long it took is unknown" + HINT + "\nin the trace:\n" + MARKED);
  }

  @Test
  void should_fail_trace_tookAtMost_if_a_span_never_ended() {
    assertThatThrownBy(() -> assertThat(hung()).tookAtMost(Duration.ofSeconds(1)))
        .hasMessage("Expecting the trace of \"hangs\" to take at most 1s but span \"invoke_agent assistant\" "
            + "never ended, so how long it took is unknown" + HINT + "\nin the trace:\n" + MARKED);
  }

  @Test
  void should_fail_span_duration_if_the_span_never_ended() {
    assertThatThrownBy(() -> assertThat(hung()).span("invoke_agent assistant").duration()
        .isLessThan(Duration.ofSeconds(1)))
        .hasMessage("Expecting span \"invoke_agent assistant\" of the trace of \"hangs\" to have ended, to check its "
            + "duration, but it never ended" + HINT + "\nin the trace:\n" + MARKED);
  }

  @Test
  void checks_the_spans_that_ended() {
    AgentTrace trace = hung();
    assertThat(trace).span("chat gpt-4").tookAtMost(Duration.ofSeconds(1)).duration().isLessThan(Duration.ofSeconds(1));
    org.assertj.core.api.Assertions.assertThat(trace.find(s -> !s.hasEnded()))
        .extracting(AgentSpan::displayName).containsExactly("invoke_agent assistant");
  }
}
