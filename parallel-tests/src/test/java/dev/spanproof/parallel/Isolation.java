package dev.spanproof.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.LlmRequest;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.sdk.trace.data.SpanData;

/** The cross-talk checks every parallel test ends with. */
final class Isolation {

  private Isolation() {}

  /** Every span of this test carries this test's marker, and there are exactly {@code spans} of them. */
  static void onlyOwnSpans(AgentTraces traces, String marker, int spans) {
    assertThat(traces.spans()).hasSize(spans)
        .allSatisfy(span -> assertThat(describe(span)).contains(marker));
  }

  /** Every request this test's mock saw carries this test's marker. */
  static void onlyOwnRequests(MockLlm llm, String marker, int requests) {
    assertThat(llm.requests()).hasSize(requests)
        .extracting(LlmRequest::rawBody)
        .allSatisfy(body -> assertThat(body).contains(marker));
  }

  private static String describe(SpanData span) {
    return span.getName() + " " + span.getAttributes();
  }
}
