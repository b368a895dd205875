package dev.spanproof.assertions;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

/** Hand-made {@link SpanData} for cases the SDK cannot produce on demand (tied timestamps, orphans). */
final class TestSpans {

  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  private TestSpans() {}

  static SpanData span(String name, String spanId, String parentId, long start, long end, Object... attributes) {
    return TestSpanData.builder()
        .setName(name)
        .setKind(SpanKind.INTERNAL)
        .setSpanContext(SpanContext.create(TRACE_ID, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
        .setParentSpanContext(parentId == null ? SpanContext.getInvalid()
            : SpanContext.create(TRACE_ID, parentId, TraceFlags.getSampled(), TraceState.getDefault()))
        .setStartEpochNanos(start)
        .setEndEpochNanos(end)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(attributes.length == 0 ? Attributes.empty() : TraceFixture.attributes(attributes))
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .setTotalAttributeCount(attributes.length / 2)
        .build();
  }
}
