package dev.spanproof.otlp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** OTLP/JSON as the specification writes it decodes to the same message as its protobuf twin. */
class TraceRequestDecoderTest {

  @Test
  void reads_otlp_json_with_hex_ids_integer_enums_and_int64_strings_and_numbers() throws Exception {
    // Upper-case hex (the spec says case-insensitive), kind and status code as integers, one
    // timestamp as a string and one as a number too large for a double, an unknown field, and
    // bytes in base64 as protobuf's JSON mapping has them.
    String json = """
        {"resourceSpans": [{
          "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "node-agent"}}]},
          "scopeSpans": [{
            "scope": {"name": "@opentelemetry/instrumentation-openai", "version": "0.5.0"},
            "spans": [{
              "traceId": "5B8EFFF798038103D269B633813FC60C",
              "spanId": "eee19b7ec3c1b174",
              "parentSpanId": "",
              "name": "chat gpt-4o",
              "kind": 3,
              "startTimeUnixNano": "1544712660000000000",
              "endTimeUnixNano": 1544712661123456789,
              "attributes": [
                {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "22"}},
                {"key": "raw", "value": {"bytesValue": "AQL/"}}
              ],
              "links": [{"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "00F067AA0BA902B7"}],
              "status": {"code": 2, "message": "rate limited"},
              "someFutureField": {"nested": [1, 2, 3]}
            }]
          }]
        }]}
        """;
    ExportTraceServiceRequest expected =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(ResourceSpans.newBuilder()
                .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                    .addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder().setStringValue("node-agent"))))
                .addScopeSpans(ScopeSpans.newBuilder()
                    .setScope(io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder()
                        .setName("@opentelemetry/instrumentation-openai").setVersion("0.5.0"))
                    .addSpans(Span.newBuilder()
                        .setTraceId(bytes("5b8efff798038103d269b633813fc60c"))
                        .setSpanId(bytes("eee19b7ec3c1b174"))
                        .setName("chat gpt-4o")
                        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .setStartTimeUnixNano(1544712660000000000L)
                        .setEndTimeUnixNano(1544712661123456789L)
                        .addAttributes(KeyValue.newBuilder().setKey("gen_ai.usage.input_tokens").setValue(AnyValue.newBuilder().setIntValue(22)))
                        .addAttributes(KeyValue.newBuilder().setKey("raw").setValue(AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2, (byte) 0xFF}))))
                        .addLinks(Span.Link.newBuilder().setTraceId(bytes("5b8efff798038103d269b633813fc60c")).setSpanId(bytes("00f067aa0ba902b7")))
                        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("rate limited")))))
            .build();

    ExportTraceServiceRequest decoded = TraceRequestDecoder.fromJson(json.getBytes(StandardCharsets.UTF_8));

    assertThat(decoded).isEqualTo(expected);
    assertThat(TraceRequestDecoder.fromProtobuf(expected.toByteArray())).isEqualTo(expected);
  }

  @Test
  void rewrites_only_id_members_and_keeps_strings_and_numbers_as_written() throws Exception {
    String json = "{\"a\":{\"spanId\":\"00ff\",\"key\":\"traceId\",\"v\":\"0a0b\"},"
        + "\"n\":12345678901234567890,\"s\":\"\\u00e9\\\"\",\"t\":true,\"z\":null}";

    assertThat(TraceRequestDecoder.toProtobufJson(json))
        .isEqualTo("{\"a\":{\"spanId\":\"AP8=\",\"key\":\"traceId\",\"v\":\"0a0b\"},"
            + "\"n\":12345678901234567890,\"s\":\"é\\\"\",\"t\":true,\"z\":null}");
  }

  @Test
  void accepts_the_snake_case_names_that_jsonformat_accepts() throws Exception {
    String json = "{\"resource_spans\":[{\"scope_spans\":[{\"spans\":[{\"trace_id\":\"5b8efff798038103d269b633813fc60c\","
        + "\"span_id\":\"eee19b7ec3c1b174\",\"parent_span_id\":\"00f067aa0ba902b7\"}]}]}]}";

    Span span = TraceRequestDecoder.fromJson(json.getBytes(StandardCharsets.UTF_8))
        .getResourceSpans(0).getScopeSpans(0).getSpans(0);

    assertThat(span.getParentSpanId()).isEqualTo(bytes("00f067aa0ba902b7"));
  }

  @Test
  void reads_enum_names_and_numeric_strings_and_leaves_unknown_fields_unchecked() throws Exception {
    String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
        + "{\"kind\":\"SPAN_KIND_SERVER\",\"status\":{\"code\":\"STATUS_CODE_ERROR\"}},"
        + "{\"kind\":\"4\",\"future\":{\"kind\":\"ANYTHING\",\"code\":[\"X\"]}}]}]}]}";

    java.util.List<Span> spans = TraceRequestDecoder.fromJson(json.getBytes(StandardCharsets.UTF_8))
        .getResourceSpans(0).getScopeSpans(0).getSpansList();

    assertThat(spans).extracting(Span::getKind)
        .containsExactly(Span.SpanKind.SPAN_KIND_SERVER, Span.SpanKind.SPAN_KIND_PRODUCER);
    assertThat(spans.get(0).getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
  }

  private static ByteString bytes(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }
}
