package dev.spanproof.otlp.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;

/**
 * A span received over OTLP, as immutable {@link SpanData}. A received span has always ended: OTLP
 * carries finished spans only. Not for public use.
 *
 * @param name the span name
 * @param kind the span kind
 * @param spanContext the span's own context
 * @param parentSpanContext the parent's context, or {@link SpanContext#getInvalid()} for a root
 * @param status the status
 * @param startEpochNanos start time
 * @param endEpochNanos end time
 * @param attributes the attributes
 * @param events the events, an unmodifiable list
 * @param links the links, an unmodifiable list
 * @param totalRecordedEvents events recorded, including those the sender dropped
 * @param totalRecordedLinks links recorded, including those the sender dropped
 * @param totalAttributeCount attributes recorded, including those the sender dropped
 * @param instrumentationScopeInfo the instrumentation scope
 * @param resource the resource
 */
public record OtlpSpanData(
    String name,
    SpanKind kind,
    SpanContext spanContext,
    SpanContext parentSpanContext,
    StatusData status,
    long startEpochNanos,
    long endEpochNanos,
    Attributes attributes,
    List<EventData> events,
    List<LinkData> links,
    int totalRecordedEvents,
    int totalRecordedLinks,
    int totalAttributeCount,
    InstrumentationScopeInfo instrumentationScopeInfo,
    Resource resource)
    implements SpanData {

  @Override
  public String getName() {
    return name;
  }

  @Override
  public SpanKind getKind() {
    return kind;
  }

  @Override
  public SpanContext getSpanContext() {
    return spanContext;
  }

  @Override
  public SpanContext getParentSpanContext() {
    return parentSpanContext;
  }

  @Override
  public StatusData getStatus() {
    return status;
  }

  @Override
  public long getStartEpochNanos() {
    return startEpochNanos;
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public List<EventData> getEvents() {
    return events;
  }

  @Override
  public List<LinkData> getLinks() {
    return links;
  }

  @Override
  public long getEndEpochNanos() {
    return endEpochNanos;
  }

  @Override
  public boolean hasEnded() {
    return true;
  }

  @Override
  public int getTotalRecordedEvents() {
    return totalRecordedEvents;
  }

  @Override
  public int getTotalRecordedLinks() {
    return totalRecordedLinks;
  }

  @Override
  public int getTotalAttributeCount() {
    return totalAttributeCount;
  }

  @Override
  @Deprecated
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return InstrumentationLibraryInfo.create(
        instrumentationScopeInfo.getName(),
        instrumentationScopeInfo.getVersion(),
        instrumentationScopeInfo.getSchemaUrl());
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return instrumentationScopeInfo;
  }

  @Override
  public Resource getResource() {
    return resource;
  }
}
