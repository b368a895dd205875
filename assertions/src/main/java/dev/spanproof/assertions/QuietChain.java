package dev.spanproof.assertions;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Duration;
import java.util.List;

/**
 * What the rest of a soft chain asserts on after one of its navigations failed: its failures are not reported
 * (the navigation's is), so the values only need to be real enough for every assertion, spanproof's or
 * AssertJ's own ({@code filteredOn}, {@code extracting}, {@code size}, ...), to run without throwing
 * anything but a failure. A small agent run (one agent, one chat, one tool call) supplies them.
 */
final class QuietChain {

  private static final String TRACE_ID = "00000000000000000000000000000001";

  private QuietChain() {}

  /** A value of the type an assert's constructor takes, or null for a type spanproof does not make. */
  static Object actual(Class<?> type) {
    if (type == List.class) {
      return List.of();
    } else if (type == Long.class) {
      return 0L;
    } else if (type == TokenUsage.class) {
      return TokenUsage.ZERO;
    } else if (type == Duration.class) {
      return Duration.ZERO;
    } else if (type == AgentTrace.class) {
      return Placeholder.TRACE;
    } else if (type == AgentRun.class) {
      return Placeholder.TRACE.agents().get(0);
    } else if (type == AgentSpan.class) {
      return Placeholder.TRACE.nodes().get(0);
    } else if (type == LlmCall.class) {
      return Placeholder.TRACE.llmCalls().get(0);
    } else if (type == ToolCall.class) {
      return Placeholder.TRACE.toolCalls().get(0);
    }
    return null;
  }

  /** A value for a field of a quiet assert: the placeholder trace, an empty text, else null. */
  static Object field(Class<?> type) {
    return type == AgentTrace.class ? Placeholder.TRACE : type == String.class ? "" : null;
  }

  /** Made on first use only: most test runs never fail a soft navigation. */
  private static final class Placeholder {
    static final AgentTrace TRACE = AgentTrace.of(List.of(
        span("invoke_agent skipped", "0000000000000001", null,
            Attributes.builder().put("gen_ai.operation.name", "invoke_agent").put("gen_ai.agent.name", "skipped").build()),
        span("chat skipped", "0000000000000002", "0000000000000001",
            Attributes.builder().put("gen_ai.operation.name", "chat").put("gen_ai.request.model", "skipped").build()),
        span("execute_tool skipped", "0000000000000003", "0000000000000001",
            Attributes.builder().put("gen_ai.operation.name", "execute_tool").put("gen_ai.tool.name", "skipped")
                .put("gen_ai.tool.call.arguments", "{}").build())));

    private static SpanData span(String name, String spanId, String parentId, Attributes attributes) {
      return TestSpanData.builder()
          .setName(name)
          .setKind(SpanKind.INTERNAL)
          .setSpanContext(SpanContext.create(TRACE_ID, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
          .setParentSpanContext(parentId == null ? SpanContext.getInvalid()
              : SpanContext.create(TRACE_ID, parentId, TraceFlags.getSampled(), TraceState.getDefault()))
          .setStartEpochNanos(1)
          .setEndEpochNanos(2)
          .setHasEnded(true)
          .setStatus(StatusData.unset())
          .setAttributes(attributes)
          .setTotalRecordedEvents(0)
          .setTotalRecordedLinks(0)
          .setResource(Resource.empty())
          .setInstrumentationScopeInfo(InstrumentationScopeInfo.create("spanproof"))
          .build();
    }
  }
}
