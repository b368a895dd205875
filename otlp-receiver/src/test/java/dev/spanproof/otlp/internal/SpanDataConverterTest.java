package dev.spanproof.otlp.internal;

import static io.opentelemetry.api.common.AttributeKey.booleanArrayKey;
import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleArrayKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longArrayKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.api.common.AttributeKey.valueKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanDataConverterTest {

  private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  private static final String SPAN_ID = "eee19b7ec3c1b174";
  private static final String PARENT_ID = "00f067aa0ba902b7";

  @Test
  void converts_every_field_of_a_span() throws Exception {
    Span span =
        span()
            .setParentSpanId(bytes(PARENT_ID))
            .setTraceState("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")
            .setFlags(0x01 | 0x100 | 0x200) // sampled, parent is remote
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(100)
            .setEndTimeUnixNano(200)
            .addAttributes(kv("s", AnyValue.newBuilder().setStringValue("x")))
            .setDroppedAttributesCount(2)
            .addEvents(
                Span.Event.newBuilder()
                    .setTimeUnixNano(150)
                    .setName("gen_ai.choice")
                    .addAttributes(kv("index", AnyValue.newBuilder().setIntValue(0)))
                    .setDroppedAttributesCount(1))
            .setDroppedEventsCount(3)
            .addLinks(
                Span.Link.newBuilder()
                    .setTraceId(bytes(TRACE_ID))
                    .setSpanId(bytes(PARENT_ID))
                    .setTraceState("a=b")
                    .setFlags(0x01 | 0x100) // remoteness known: not remote
                    .addAttributes(kv("why", AnyValue.newBuilder().setStringValue("retry"))))
            .setDroppedLinksCount(4)
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
            .build();
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(kv("service.name", AnyValue.newBuilder().setStringValue("py-agent"))))
                    .setSchemaUrl("https://opentelemetry.io/schemas/1.30.0")
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName("openinference.instrumentation.openai")
                                    .setVersion("0.1.2")
                                    .addAttributes(kv("scope.attr", AnyValue.newBuilder().setBoolValue(true))))
                            .setSchemaUrl("https://opentelemetry.io/schemas/1.37.0")
                            .addSpans(span)))
            .build();

    SpanData data = SpanDataConverter.toSpanData(request).get(0);

    TraceState traceState = TraceState.builder().put("rojo", "00f067aa0ba902b7").put("congo", "t61rcWkgMzE").build();
    assertThat(traceState.asMap().keySet()).containsExactly("congo", "rojo");
    assertThat(data.getSpanContext())
        .isEqualTo(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), traceState));
    assertThat(data.getParentSpanContext())
        .isEqualTo(SpanContext.createFromRemoteParent(TRACE_ID, PARENT_ID, TraceFlags.getSampled(), traceState));
    assertThat(data.getName()).isEqualTo("chat gpt-4");
    assertThat(data.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(data.getStartEpochNanos()).isEqualTo(100);
    assertThat(data.getEndEpochNanos()).isEqualTo(200);
    assertThat(data.hasEnded()).isTrue();
    assertThat(data.getAttributes()).isEqualTo(Attributes.of(stringKey("s"), "x"));
    assertThat(data.getTotalAttributeCount()).isEqualTo(3);
    assertThat(data.getEvents()).singleElement().satisfies(event -> {
      assertThat(event.getName()).isEqualTo("gen_ai.choice");
      assertThat(event.getEpochNanos()).isEqualTo(150);
      assertThat(event.getAttributes()).isEqualTo(Attributes.of(longKey("index"), 0L));
      assertThat(event.getTotalAttributeCount()).isEqualTo(2);
    });
    assertThat(data.getTotalRecordedEvents()).isEqualTo(4);
    assertThat(data.getLinks()).singleElement().satisfies(link -> {
      assertThat(link.getSpanContext())
          .isEqualTo(SpanContext.create(TRACE_ID, PARENT_ID, TraceFlags.getSampled(), TraceState.builder().put("a", "b").build()));
      assertThat(link.getAttributes()).isEqualTo(Attributes.of(stringKey("why"), "retry"));
    });
    assertThat(data.getTotalRecordedLinks()).isEqualTo(5);
    assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(data.getStatus().getDescription()).isEqualTo("boom");
    assertThat(data.getResource().getAttributes()).isEqualTo(Attributes.of(stringKey("service.name"), "py-agent"));
    assertThat(data.getResource().getSchemaUrl()).isEqualTo("https://opentelemetry.io/schemas/1.30.0");
    assertThat(data.getInstrumentationScopeInfo())
        .isEqualTo(InstrumentationScopeInfo.builder("openinference.instrumentation.openai")
            .setVersion("0.1.2")
            .setSchemaUrl("https://opentelemetry.io/schemas/1.37.0")
            .setAttributes(Attributes.of(booleanKey("scope.attr"), true))
            .build());
  }

  @Test
  void maps_every_otlp_value_type_onto_an_attribute_type() throws Exception {
    Span span =
        span()
            .addAttributes(kv("string", AnyValue.newBuilder().setStringValue("s")))
            .addAttributes(kv("bool", AnyValue.newBuilder().setBoolValue(true)))
            .addAttributes(kv("int", AnyValue.newBuilder().setIntValue(-7)))
            .addAttributes(kv("double", AnyValue.newBuilder().setDoubleValue(2.5)))
            .addAttributes(kv("strings", array(str("a"), str("b"))))
            .addAttributes(kv("bools", array(AnyValue.newBuilder().setBoolValue(false).build())))
            .addAttributes(kv("ints", array(AnyValue.newBuilder().setIntValue(1).build(), AnyValue.newBuilder().setIntValue(2).build())))
            .addAttributes(kv("doubles", array(AnyValue.newBuilder().setDoubleValue(0.5).build())))
            .addAttributes(kv("mixed", array(str("a"), AnyValue.newBuilder().setIntValue(1).build())))
            .addAttributes(kv("nested", array(array(str("x")).build())))
            .addAttributes(kv("empty_array", array()))
            .addAttributes(
                kv("kvlist", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                    .addValues(KeyValue.newBuilder().setKey("role").setValue(str("user")))
                    .addValues(KeyValue.newBuilder().setKey("n").setValue(AnyValue.newBuilder().setIntValue(2))))))
            .addAttributes(kv("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2, (byte) 0xFF}))))
            .addAttributes(kv("unset", AnyValue.newBuilder()))
            .addAttributes(kv("strindex", AnyValue.newBuilder().setStringValueStrindex(3)))
            .build();

    Attributes attributes = SpanDataConverter.toSpanData(request(span)).get(0).getAttributes();

    assertThat(attributes.get(stringKey("string"))).isEqualTo("s");
    assertThat(attributes.get(booleanKey("bool"))).isTrue();
    assertThat(attributes.get(longKey("int"))).isEqualTo(-7L);
    assertThat(attributes.get(doubleKey("double"))).isEqualTo(2.5);
    assertThat(attributes.get(stringArrayKey("strings"))).containsExactly("a", "b");
    assertThat(attributes.get(booleanArrayKey("bools"))).containsExactly(false);
    assertThat(attributes.get(longArrayKey("ints"))).containsExactly(1L, 2L);
    assertThat(attributes.get(doubleArrayKey("doubles"))).containsExactly(0.5);
    assertThat(attributes.get(valueKey("mixed")).asString()).isEqualTo("[\"a\",1]");
    assertThat(attributes.get(valueKey("nested")).asString()).isEqualTo("[[\"x\"]]");
    assertThat(attributes.get(valueKey("empty_array")).asString()).isEqualTo("[]");
    assertThat(attributes.get(valueKey("kvlist")).asString()).isEqualTo("{\"role\":\"user\",\"n\":2}");
    assertThat(attributes.get(valueKey("bytes"))).isEqualTo(Value.of(new byte[] {1, 2, (byte) 0xFF}));
    assertThat(attributes.get(valueKey("bytes")).asString()).isEqualTo("AQL/");
    // string_value_strindex points into a profiles dictionary; outside profiles it is absent
    assertThat(attributes.get(valueKey("unset"))).isEqualTo(Value.empty());
    assertThat(attributes.get(valueKey("strindex"))).isEqualTo(Value.empty());
    assertThat(attributes.size()).isEqualTo(15);
  }

  @Test
  void defaults_an_unspecified_kind_to_internal_and_a_missing_resource_to_empty() throws Exception {
    SpanData data = SpanDataConverter.toSpanData(request(span().build())).get(0);

    assertThat(data.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(data.getParentSpanContext()).isEqualTo(SpanContext.getInvalid());
    assertThat(data.getResource().getAttributes().isEmpty()).isTrue();
    assertThat(data.getInstrumentationScopeInfo()).isEqualTo(InstrumentationScopeInfo.create(""));
    assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(data.getSpanContext().getTraceFlags()).isEqualTo(TraceFlags.getDefault());
  }

  @Test
  void an_all_zero_parent_id_means_no_parent() throws Exception {
    SpanData data = SpanDataConverter.toSpanData(request(span().setParentSpanId(ByteString.copyFrom(new byte[8])).build())).get(0);

    assertThat(data.getParentSpanContext()).isEqualTo(SpanContext.getInvalid());
  }

  @Test
  void a_cyclic_parent_chain_converts_without_following_it() throws Exception {
    // a's parent is b, b's parent is a: the converter copies parent ids and never walks them
    Span a = span().setName("a").setSpanId(bytes("00000000000000aa")).setParentSpanId(bytes("00000000000000bb")).build();
    Span b = span().setName("b").setSpanId(bytes("00000000000000bb")).setParentSpanId(bytes("00000000000000aa")).build();

    List<SpanData> spans = SpanDataConverter.toSpanData(request(a, b));

    assertThat(spans).extracting(SpanData::getParentSpanId).containsExactly("00000000000000bb", "00000000000000aa");
  }

  @Test
  void values_nested_too_deep_are_refused() {
    AnyValue value = str("bottom");
    for (int i = 0; i < 200; i++) {
      value = array(value).build();
    }
    Span span = span().addAttributes(KeyValue.newBuilder().setKey("deep").setValue(value)).build();

    assertThatThrownBy(() -> SpanDataConverter.toSpanData(request(span)))
        .isInstanceOf(OtlpRequestException.class)
        .hasMessage("resourceSpans[0].scopeSpans[0].spans[0]: attribute 'deep' nests values deeper than 128 levels");
  }

  @Test
  void drops_invalid_trace_state_members_and_keeps_the_order_of_the_rest() {
    TraceState state = SpanDataConverter.traceState(" a=1 ,, B=upper-key-is-invalid, c=3 ,noequals");

    assertThat(state.asMap().keySet()).containsExactly("a", "c");
  }

  private static Span.Builder span() {
    return Span.newBuilder().setTraceId(bytes(TRACE_ID)).setSpanId(bytes(SPAN_ID)).setName("chat gpt-4");
  }

  private static ExportTraceServiceRequest request(Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))))
        .build();
  }

  private static KeyValue kv(String key, AnyValue.Builder value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  private static AnyValue.Builder array(AnyValue... values) {
    return AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(List.of(values)));
  }

  private static ByteString bytes(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }
}
