package dev.spanproof.otlp.internal;

import com.google.protobuf.ByteString;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfoBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns an OTLP {@link ExportTraceServiceRequest} into {@link SpanData}, one per span, validating
 * what OpenTelemetry's model requires (id lengths, enum values). Each span is converted on its own:
 * parent ids are copied, never followed, so cyclic or orphan parent chains convert like any other.
 *
 * <p>Attribute values map onto OpenTelemetry's attribute types: strings, booleans, 64-bit integers,
 * doubles and homogeneous arrays of those keep their type; key-value lists, bytes, empty values,
 * empty arrays (OTLP carries no element type, so an empty one has none to keep) and arrays that
 * mix types or nest become {@link Value} attributes ({@link AttributeKey#valueKey}), whose {@link
 * Value#asString()} renders them as JSON (bytes as base64). Not for public use.
 */
public final class SpanDataConverter {

  /**
   * Bits 8 and 9 of {@code Span.flags}: whether it is known if the parent (or linked) span is
   * remote, and whether it is.
   */
  private static final int CONTEXT_HAS_IS_REMOTE = 0x100;

  private static final int CONTEXT_IS_REMOTE = 0x200;

  private static final int TRACE_ID_BYTES = 16;
  private static final int SPAN_ID_BYTES = 8;

  /**
   * Deeper values than this are refused. Protobuf's parsers stop at 100 levels already; this
   * bound keeps the recursion below safe for requests built in memory too.
   */
  private static final int MAX_VALUE_DEPTH = 128;

  private static final HexFormat HEX = HexFormat.of();

  /** The values of {@code Span.SpanKind}, for messages about one that is not. */
  static final String SPAN_KINDS =
      "(0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer)";

  /** The values of {@code Status.StatusCode}, for messages about one that is not. */
  static final String STATUS_CODES = "(0 unset, 1 ok, 2 error)";

  private SpanDataConverter() {}

  /**
   * Converts every span of the request.
   *
   * @param request the decoded request
   * @return the spans, in request order, as an unmodifiable list
   * @throws OtlpRequestException 400 naming the first invalid span field
   */
  public static List<SpanData> toSpanData(ExportTraceServiceRequest request)
      throws OtlpRequestException {
    List<SpanData> spans = new ArrayList<>();
    for (int r = 0; r < request.getResourceSpansCount(); r++) {
      ResourceSpans resourceSpans = request.getResourceSpans(r);
      String resourcePath = "resourceSpans[" + r + "]";
      Resource resource =
          Resource.create(
              attributes(
                  resourceSpans.getResource().getAttributesList(), resourcePath + ".resource"),
              emptyToNull(resourceSpans.getSchemaUrl()));
      for (int s = 0; s < resourceSpans.getScopeSpansCount(); s++) {
        ScopeSpans scopeSpans = resourceSpans.getScopeSpans(s);
        String scopePath = resourcePath + ".scopeSpans[" + s + "]";
        InstrumentationScopeInfo scope =
            scope(scopeSpans.getScope(), scopeSpans.getSchemaUrl(), scopePath + ".scope");
        for (int i = 0; i < scopeSpans.getSpansCount(); i++) {
          spans.add(span(scopeSpans.getSpans(i), scopePath + ".spans[" + i + "]", scope, resource));
        }
      }
    }
    return List.copyOf(spans);
  }

  private static SpanData span(
      Span span, String path, InstrumentationScopeInfo scope, Resource resource)
      throws OtlpRequestException {
    String traceId = id(span.getTraceId(), TRACE_ID_BYTES, path + ".traceId");
    String spanId = id(span.getSpanId(), SPAN_ID_BYTES, path + ".spanId");
    TraceFlags traceFlags = TraceFlags.fromByte((byte) (span.getFlags() & 0xFF));
    TraceState traceState = traceState(span.getTraceState());
    SpanContext spanContext = SpanContext.create(traceId, spanId, traceFlags, traceState);

    SpanContext parent = SpanContext.getInvalid();
    ByteString parentSpanId = span.getParentSpanId();
    if (!parentSpanId.isEmpty()) {
      String parentId = id(parentSpanId, SPAN_ID_BYTES, path + ".parentSpanId", true);
      // OTLP does not carry the parent's flags and trace state; a child inherits both from its
      // parent, so the span's own are the best reconstruction (and what the SDK had).
      parent =
          isRemote(span.getFlags())
              ? SpanContext.createFromRemoteParent(traceId, parentId, traceFlags, traceState)
              : SpanContext.create(traceId, parentId, traceFlags, traceState);
      if (!parent.isValid()) {
        parent = SpanContext.getInvalid(); // an all-zero parent id means "no parent"
      }
    }

    List<EventData> events = new ArrayList<>(span.getEventsCount());
    for (int e = 0; e < span.getEventsCount(); e++) {
      Span.Event event = span.getEvents(e);
      String eventPath = path + ".events[" + e + "]";
      events.add(
          EventData.create(
              event.getTimeUnixNano(),
              event.getName(),
              attributes(event.getAttributesList(), eventPath),
              event.getAttributesCount() + event.getDroppedAttributesCount()));
    }

    List<LinkData> links = new ArrayList<>(span.getLinksCount());
    for (int l = 0; l < span.getLinksCount(); l++) {
      Span.Link link = span.getLinks(l);
      String linkPath = path + ".links[" + l + "]";
      String linkTraceId = id(link.getTraceId(), TRACE_ID_BYTES, linkPath + ".traceId", true);
      String linkSpanId = id(link.getSpanId(), SPAN_ID_BYTES, linkPath + ".spanId", true);
      TraceFlags linkFlags = TraceFlags.fromByte((byte) (link.getFlags() & 0xFF));
      TraceState linkState = traceState(link.getTraceState());
      SpanContext linked =
          isRemote(link.getFlags())
              ? SpanContext.createFromRemoteParent(linkTraceId, linkSpanId, linkFlags, linkState)
              : SpanContext.create(linkTraceId, linkSpanId, linkFlags, linkState);
      links.add(
          LinkData.create(
              linked,
              attributes(link.getAttributesList(), linkPath),
              link.getAttributesCount() + link.getDroppedAttributesCount()));
    }

    return new OtlpSpanData(
        span.getName(),
        kind(span.getKindValue(), path),
        spanContext,
        parent,
        status(span.getStatus(), path),
        span.getStartTimeUnixNano(),
        span.getEndTimeUnixNano(),
        attributes(span.getAttributesList(), path),
        List.copyOf(events),
        List.copyOf(links),
        span.getEventsCount() + span.getDroppedEventsCount(),
        span.getLinksCount() + span.getDroppedLinksCount(),
        span.getAttributesCount() + span.getDroppedAttributesCount(),
        scope,
        resource);
  }

  private static boolean isRemote(int flags) {
    return (flags & CONTEXT_HAS_IS_REMOTE) != 0 && (flags & CONTEXT_IS_REMOTE) != 0;
  }

  private static String id(ByteString bytes, int length, String path) throws OtlpRequestException {
    return id(bytes, length, path, false);
  }

  private static String id(ByteString bytes, int length, String path, boolean zeroAllowed)
      throws OtlpRequestException {
    if (bytes.size() != length) {
      throw OtlpRequestException.badRequest(
          path + " must be " + length + " bytes but has " + bytes.size());
    }
    String hex = HEX.formatHex(bytes.toByteArray());
    if (!zeroAllowed && hex.chars().allMatch(c -> c == '0')) {
      throw OtlpRequestException.badRequest(
          path + " is all zeros, which W3C Trace Context defines as invalid");
    }
    return hex;
  }

  private static SpanKind kind(int kind, String path) throws OtlpRequestException {
    return switch (kind) {
      // SPAN_KIND_UNSPECIFIED: OpenTelemetry's API treats an unknown kind as INTERNAL.
      case 0, 1 -> SpanKind.INTERNAL;
      case 2 -> SpanKind.SERVER;
      case 3 -> SpanKind.CLIENT;
      case 4 -> SpanKind.PRODUCER;
      case 5 -> SpanKind.CONSUMER;
      default ->
          throw OtlpRequestException.badRequest(
              path
                  + ".kind "
                  + kind
                  + " is not a SpanKind "
                  + SPAN_KINDS);
    };
  }

  private static StatusData status(Status status, String path) throws OtlpRequestException {
    StatusCode code =
        switch (status.getCodeValue()) {
          case 0 -> StatusCode.UNSET;
          case 1 -> StatusCode.OK;
          case 2 -> StatusCode.ERROR;
          default ->
              throw OtlpRequestException.badRequest(
                  path
                      + ".status.code "
                      + status.getCodeValue()
                      + " is not a StatusCode "
                      + STATUS_CODES);
        };
    return StatusData.create(code, status.getMessage());
  }

  private static InstrumentationScopeInfo scope(
      InstrumentationScope scope, String schemaUrl, String path) throws OtlpRequestException {
    InstrumentationScopeInfoBuilder builder = InstrumentationScopeInfo.builder(scope.getName());
    if (!scope.getVersion().isEmpty()) {
      builder.setVersion(scope.getVersion());
    }
    if (!schemaUrl.isEmpty()) {
      builder.setSchemaUrl(schemaUrl);
    }
    if (scope.getAttributesCount() > 0) {
      builder.setAttributes(attributes(scope.getAttributesList(), path));
    }
    return builder.build();
  }

  /**
   * Parses a W3C {@code tracestate} header value. {@link TraceStateBuilder#put} adds each entry
   * in front, so the entries go in from last to first to keep their order; invalid entries are
   * dropped, as a W3C propagator drops them.
   */
  static TraceState traceState(String header) {
    if (header.isBlank()) {
      return TraceState.getDefault();
    }
    String[] members = header.split(",");
    TraceStateBuilder builder = TraceState.builder();
    for (int i = members.length - 1; i >= 0; i--) {
      String member = members[i].trim();
      int equals = member.indexOf('=');
      if (equals > 0) {
        builder.put(member.substring(0, equals), member.substring(equals + 1));
      }
    }
    return builder.build();
  }

  /** Converts attributes; {@code path} names their owner in error messages. */
  static Attributes attributes(List<KeyValue> keyValues, String path)
      throws OtlpRequestException {
    if (keyValues.isEmpty()) {
      return Attributes.empty();
    }
    AttributesBuilder builder = Attributes.builder();
    for (KeyValue keyValue : keyValues) {
      put(builder, keyValue.getKey(), keyValue.getValue(), path);
    }
    return builder.build();
  }

  private static void put(AttributesBuilder builder, String key, AnyValue value, String path)
      throws OtlpRequestException {
    switch (value.getValueCase()) {
      case STRING_VALUE -> builder.put(AttributeKey.stringKey(key), value.getStringValue());
      case BOOL_VALUE -> builder.put(AttributeKey.booleanKey(key), value.getBoolValue());
      case INT_VALUE -> builder.put(AttributeKey.longKey(key), value.getIntValue());
      case DOUBLE_VALUE -> builder.put(AttributeKey.doubleKey(key), value.getDoubleValue());
      case ARRAY_VALUE -> putArray(builder, key, value.getArrayValue().getValuesList(), path);
      default -> builder.put(AttributeKey.valueKey(key), value(value, key, path, 0));
    }
  }

  /** Homogeneous arrays of primitives keep their typed key; any other array becomes a Value. */
  private static void putArray(
      AttributesBuilder builder, String key, List<AnyValue> values, String path)
      throws OtlpRequestException {
    AnyValue.ValueCase elementCase = values.isEmpty() ? null : values.get(0).getValueCase();
    boolean homogeneous =
        elementCase != null && values.stream().allMatch(v -> v.getValueCase() == elementCase);
    if (homogeneous && elementCase == AnyValue.ValueCase.STRING_VALUE) {
      builder.put(
          AttributeKey.stringArrayKey(key), values.stream().map(AnyValue::getStringValue).toList());
    } else if (homogeneous && elementCase == AnyValue.ValueCase.BOOL_VALUE) {
      builder.put(
          AttributeKey.booleanArrayKey(key), values.stream().map(AnyValue::getBoolValue).toList());
    } else if (homogeneous && elementCase == AnyValue.ValueCase.INT_VALUE) {
      builder.put(
          AttributeKey.longArrayKey(key), values.stream().map(AnyValue::getIntValue).toList());
    } else if (homogeneous && elementCase == AnyValue.ValueCase.DOUBLE_VALUE) {
      builder.put(
          AttributeKey.doubleArrayKey(key),
          values.stream().map(AnyValue::getDoubleValue).toList());
    } else {
      List<Value<?>> elements = new ArrayList<>(values.size());
      for (AnyValue element : values) {
        elements.add(value(element, key, path, 1));
      }
      builder.put(AttributeKey.valueKey(key), Value.of(elements));
    }
  }

  private static Value<?> value(AnyValue value, String key, String path, int depth)
      throws OtlpRequestException {
    if (depth > MAX_VALUE_DEPTH) {
      throw OtlpRequestException.badRequest(
          path
              + ": attribute '"
              + key
              + "' nests values deeper than "
              + MAX_VALUE_DEPTH
              + " levels");
    }
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return Value.of(value.getStringValue());
      case BOOL_VALUE:
        return Value.of(value.getBoolValue());
      case INT_VALUE:
        return Value.of(value.getIntValue());
      case DOUBLE_VALUE:
        return Value.of(value.getDoubleValue());
      case BYTES_VALUE:
        return Value.of(value.getBytesValue().toByteArray());
      case ARRAY_VALUE:
        List<Value<?>> elements = new ArrayList<>();
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          elements.add(value(element, key, path, depth + 1));
        }
        return Value.of(elements);
      case KVLIST_VALUE:
        List<io.opentelemetry.api.common.KeyValue> entries = new ArrayList<>();
        for (KeyValue entry : value.getKvlistValue().getValuesList()) {
          entries.add(
              io.opentelemetry.api.common.KeyValue.of(
                  entry.getKey(), value(entry.getValue(), key, path, depth + 1)));
        }
        return Value.of(entries.toArray(new io.opentelemetry.api.common.KeyValue[0]));
      default:
        // VALUE_NOT_SET, and string_value_strindex: a reference into a profiles dictionary that
        // a trace request does not have; the proto says to treat it as absent outside profiles.
        return Value.empty();
    }
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
