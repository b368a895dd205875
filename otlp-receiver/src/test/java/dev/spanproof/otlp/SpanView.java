package dev.spanproof.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;

/**
 * Attributes are compared as maps: the SDK's span attributes (a HashMap) never equal other
 * Attributes implementations.
 *
 * <p>Every field of a SpanData that a receiver must carry over, as a value: two spans from different
 * SpanData implementations compare equal when they say the same thing, and AssertJ prints the
 * difference when they do not.
 */
record SpanView(
    SpanContext spanContext,
    SpanContext parentSpanContext,
    String name,
    SpanKind kind,
    Map<AttributeKey<?>, Object> attributes,
    int totalAttributeCount,
    List<EventView> events,
    int totalRecordedEvents,
    List<LinkView> links,
    int totalRecordedLinks,
    io.opentelemetry.api.trace.StatusCode statusCode,
    String statusDescription,
    long startEpochNanos,
    long endEpochNanos,
    boolean hasEnded,
    Resource resource,
    InstrumentationScopeInfo scope) {

  record EventView(
      String name, long epochNanos, Map<AttributeKey<?>, Object> attributes, int totalAttributeCount) {}

  record LinkView(
      SpanContext spanContext, Map<AttributeKey<?>, Object> attributes, int totalAttributeCount) {}

  static SpanView of(SpanData span) {
    return new SpanView(
        span.getSpanContext(),
        span.getParentSpanContext(),
        span.getName(),
        span.getKind(),
        span.getAttributes().asMap(),
        span.getTotalAttributeCount(),
        span.getEvents().stream()
            .map(e -> new EventView(e.getName(), e.getEpochNanos(), e.getAttributes().asMap(), e.getTotalAttributeCount()))
            .toList(),
        span.getTotalRecordedEvents(),
        span.getLinks().stream()
            .map(l -> new LinkView(l.getSpanContext(), l.getAttributes().asMap(), l.getTotalAttributeCount()))
            .toList(),
        span.getTotalRecordedLinks(),
        span.getStatus().getStatusCode(),
        span.getStatus().getDescription(),
        span.getStartEpochNanos(),
        span.getEndEpochNanos(),
        span.hasEnded(),
        span.getResource(),
        span.getInstrumentationScopeInfo());
  }

  static List<SpanView> of(List<SpanData> spans) {
    return spans.stream().map(SpanView::of).toList();
  }
}
