package dev.spanproof.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every malformed request gets a 4xx with a message saying what was wrong, in the request's own
 * encoding (a google.rpc.Status), and the receiver goes on serving: after each test, a valid
 * request to the same session still succeeds.
 */
class MalformedRequestTest {

  private static final String SPAN_PATH = "resourceSpans[0].scopeSpans[0].spans[0]";
  private static final long LIMIT = 64 * 1024;

  private static OtlpReceiver receiver;
  private OtlpReceiver.Session session;
  private final List<SpanData> received = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    receiver = OtlpReceiver.builder().maxRequestBytes(LIMIT).start();
  }

  @AfterAll
  static void stop() {
    receiver.close();
  }

  @BeforeEach
  void openSession() {
    session = receiver.openSession(received::addAll);
  }

  @AfterEach
  void stillServes() {
    Http.Reply reply = post(Http.PROTOBUF, TestRequests.oneSpan().toByteArray());
    assertThat(reply.status()).as("a valid request after the malformed one").isEqualTo(200);
    assertThat(received).isNotEmpty();
    session.close();
  }

  // --- protobuf -------------------------------------------------------------------------------

  @Test
  void truncated_protobuf_is_a_400() {
    Http.Reply reply = post(Http.PROTOBUF, new byte[] {0x0A, 0x05, 0x01});

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).isEqualTo(Http.PROTOBUF);
    assertThat(reply.message())
        .isEqualTo(
            "The body is not a valid OTLP/protobuf ExportTraceServiceRequest: While parsing a"
                + " protocol message, the input ended unexpectedly in the middle of a field.  This"
                + " could mean either that the input has been truncated or that an embedded message"
                + " misreported its own length.");
    assertThat(received).isEmpty();
    assertThat(session.rejectedRequests()).isEqualTo(1);
  }

  @Test
  void json_sent_as_protobuf_is_a_400_with_a_hint() {
    Http.Reply reply = post(Http.PROTOBUF, "{\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_8));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message())
        .isEqualTo("The body is not a valid OTLP/protobuf ExportTraceServiceRequest: While parsing a"
            + " protocol message, the input ended unexpectedly in the middle of a field.  This could"
            + " mean either that the input has been truncated or that an embedded message"
            + " misreported its own length. (the body looks like JSON: send it as application/json)");
  }

  @Test
  void an_empty_protobuf_body_is_the_empty_request_and_succeeds() {
    // Zero bytes is how protobuf encodes an ExportTraceServiceRequest without spans; the OTLP
    // specification says an empty request SHOULD get a success.
    Http.Reply reply = post(Http.PROTOBUF, new byte[0]);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEmpty();
    assertThat(session.receivedBatches()).isEqualTo(1);
    assertThat(session.receivedSpans()).isZero();
  }

  @Test
  void a_trace_id_of_the_wrong_length_is_a_400_naming_the_span() {
    Span span = TestRequests.span().setTraceId(TestRequests.bytes("abc123")).build();

    Http.Reply reply = post(Http.PROTOBUF, TestRequests.of(span).toByteArray());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message()).isEqualTo(SPAN_PATH + ".traceId must be 16 bytes but has 3");
  }

  @Test
  void span_and_parent_and_link_ids_of_the_wrong_length_are_400s() {
    assertThat(post(Http.PROTOBUF, TestRequests.of(TestRequests.span()
            .setSpanId(TestRequests.bytes("001122334455667788")).build()).toByteArray()).message())
        .isEqualTo(SPAN_PATH + ".spanId must be 8 bytes but has 9");
    assertThat(post(Http.PROTOBUF, TestRequests.of(TestRequests.span()
            .setParentSpanId(TestRequests.bytes("00112233")).build()).toByteArray()).message())
        .isEqualTo(SPAN_PATH + ".parentSpanId must be 8 bytes but has 4");
    assertThat(post(Http.PROTOBUF, TestRequests.of(TestRequests.span()
            .addLinks(Span.Link.newBuilder().setTraceId(TestRequests.bytes("0011")).setSpanId(TestRequests.bytes(TestRequests.SPAN_ID)))
            .build()).toByteArray()).message())
        .isEqualTo(SPAN_PATH + ".links[0].traceId must be 16 bytes but has 2");
  }

  @Test
  void an_all_zero_trace_id_is_a_400() {
    Span span = TestRequests.span().setTraceId(ByteString.copyFrom(new byte[16])).build();

    Http.Reply reply = post(Http.PROTOBUF, TestRequests.of(span).toByteArray());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message())
        .isEqualTo(SPAN_PATH + ".traceId is all zeros, which W3C Trace Context defines as invalid");
  }

  @Test
  void unknown_kind_and_status_code_values_are_400s() {
    assertThat(post(Http.PROTOBUF, TestRequests.of(TestRequests.span().setKindValue(9).build()).toByteArray()).message())
        .isEqualTo(SPAN_PATH + ".kind 9 is not a SpanKind (0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer)");
    assertThat(post(Http.PROTOBUF, TestRequests.of(TestRequests.span()
            .setStatus(Status.newBuilder().setCodeValue(7)).build()).toByteArray()).message())
        .isEqualTo(SPAN_PATH + ".status.code 7 is not a StatusCode (0 unset, 1 ok, 2 error)");
  }

  @Test
  void unknown_kind_and_status_code_names_in_json_are_400s_like_unknown_numbers() {
    String span = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + TestRequests.TRACE_ID
        + "\",\"spanId\":\"" + TestRequests.SPAN_ID + "\",\"name\":\"x\",";

    Http.Reply kind = post(Http.JSON, span + "\"kind\":\"SPAN_KIND_BOGUS\"}]}]}]}");
    Http.Reply code = post(Http.JSON, span + "\"status\":{\"code\":\"STATUS_CODE_BOGUS\"}}]}]}]}");

    assertThat(kind.status()).isEqualTo(400);
    assertThat(kind.message())
        .isEqualTo(SPAN_PATH + ".kind 'SPAN_KIND_BOGUS' is not a SpanKind (0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer)");
    assertThat(code.status()).isEqualTo(400);
    assertThat(code.message())
        .isEqualTo(SPAN_PATH + ".status.code 'STATUS_CODE_BOGUS' is not a StatusCode (0 unset, 1 ok, 2 error)");
    assertThat(received).isEmpty();
  }

  @Test
  void values_nested_beyond_protobufs_recursion_limit_are_a_400_not_a_stack_overflow()
      throws IOException {
    // 5,000 arrays in arrays, encoded by hand: building them as messages would overflow here.
    byte[] value = AnyValue.newBuilder().setStringValue("bottom").build().toByteArray();
    for (int i = 0; i < 5_000; i++) {
      byte[] array = lengthDelimited(1, value); // ArrayValue.values = 1
      value = lengthDelimited(5, array); // AnyValue.array_value = 5
    }
    byte[] attribute = concat(lengthDelimited(1, "deep".getBytes(StandardCharsets.UTF_8)), lengthDelimited(2, value));
    byte[] span = concat(TestRequests.span().build().toByteArray(), lengthDelimited(9, attribute)); // Span.attributes = 9
    byte[] request = lengthDelimited(1, lengthDelimited(2, lengthDelimited(2, span)));

    Http.Reply reply = post(Http.PROTOBUF, request);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message())
        .isEqualTo("The body is not a valid OTLP/protobuf ExportTraceServiceRequest: Protocol message"
            + " had too many levels of nesting.  May be malicious.  Use setRecursionLimit() to"
            + " increase the recursion depth limit.");
  }

  // --- JSON -----------------------------------------------------------------------------------

  @Test
  void broken_json_is_a_400_saying_where() {
    Http.Reply reply = post(Http.JSON, "{\"resourceSpans\":[{\"scopeSpans\":[}]}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).isEqualTo(Http.JSON);
    assertThat(reply.message())
        .isEqualTo("The body is not valid JSON: Expected value at line 1 column 34 path $.resourceSpans[0].scopeSpans[0]");
  }

  @Test
  void json_of_the_wrong_shape_is_a_400() {
    Http.Reply reply = post(Http.JSON, "{\"resourceSpans\":{\"spans\":3}}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message())
        .isEqualTo("The body is not a valid OTLP/JSON ExportTraceServiceRequest: Expected an array for resource_spans but found {\"spans\":3}");
  }

  @Test
  void base64_ids_in_json_are_a_400_pointing_at_the_hex_rule() {
    Http.Reply reply = post(Http.JSON, "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{"
        + "\"traceId\":\"W47/95gDgQPSabYzgT/GDA==\",\"spanId\":\"7uGbfsPBsXQ=\"}]}]}]}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message())
        .isEqualTo(SPAN_PATH + ".traceId: 'W47/95gDgQPSabYzgT/GDA==' is not a hex string;"
            + " OTLP/JSON encodes trace and span ids as hex, not base64");
  }

  @Test
  void hex_ids_of_the_wrong_length_in_json_are_a_400() {
    Http.Reply reply = post(Http.JSON, "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{"
        + "\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7e\"}]}]}]}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message()).isEqualTo(SPAN_PATH + ".spanId must be 8 bytes but has 4");
  }

  @Test
  void an_empty_json_body_is_a_400() {
    Http.Reply reply = post(Http.JSON, new byte[0]);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message())
        .isEqualTo("The body is empty: expected an OTLP/JSON ExportTraceServiceRequest such as {\"resourceSpans\":[...]}");
  }

  @Test
  void json_that_is_not_utf8_is_a_400() {
    Http.Reply reply = post(Http.JSON, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message()).isEqualTo("The OTLP/JSON body is not valid UTF-8");
  }

  @Test
  void deeply_nested_json_is_a_400_not_a_stack_overflow() {
    String deep = "[".repeat(20_000) + "]".repeat(20_000);

    Http.Reply reply = post(Http.JSON, "{\"resourceSpans\":" + deep + "}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message())
        .isEqualTo("The OTLP/JSON body nests objects and arrays deeper than 200 levels");
  }

  @Test
  void an_empty_json_object_is_the_empty_request_and_succeeds() {
    Http.Reply reply = post("application/json; charset=utf-8", "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo(Http.JSON);
    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    assertThat(session.receivedBatches()).isEqualTo(1);
  }

  // --- headers and sizes ------------------------------------------------------------------------

  @Test
  void a_missing_content_type_is_a_415_in_plain_text() {
    Http.Reply reply = post(null, TestRequests.oneSpan().toByteArray());

    assertThat(reply.status()).isEqualTo(415);
    assertThat(reply.contentType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(reply.message())
        .isEqualTo("Missing Content-Type: OTLP/HTTP sends application/x-protobuf or application/json");
  }

  @Test
  void an_unsupported_content_type_is_a_415() {
    Http.Reply reply = post("text/plain", "hello");

    assertThat(reply.status()).isEqualTo(415);
    assertThat(reply.message())
        .isEqualTo("Unsupported Content-Type 'text/plain': OTLP/HTTP sends application/x-protobuf or application/json");
  }

  @Test
  void an_unsupported_content_encoding_is_a_415() {
    Http.Reply reply = Http.send(session.tracesEndpoint(), "POST", Http.PROTOBUF, "br", new byte[] {1, 2});

    assertThat(reply.status()).isEqualTo(415);
    assertThat(reply.message())
        .isEqualTo("Unsupported Content-Encoding 'br': send the body uncompressed, gzip or deflate");
  }

  @Test
  void a_body_that_is_not_gzip_although_it_says_so_is_a_400() {
    Http.Reply reply = Http.send(session.tracesEndpoint(), "POST", Http.PROTOBUF, "gzip",
        TestRequests.oneSpan().toByteArray());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message())
        .isEqualTo("The body is not valid gzip data, as its Content-Encoding says it is (Not in GZIP format)");
  }

  @Test
  void an_empty_body_that_says_it_is_gzip_is_a_400_saying_it_is_empty() {
    Http.Reply reply = Http.send(session.tracesEndpoint(), "POST", Http.PROTOBUF, "gzip", new byte[0]);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message())
        .isEqualTo("The body is not valid gzip data, as its Content-Encoding says it is (the body is empty)");
  }

  @Test
  void a_gzip_body_cut_short_is_a_400_saying_so() {
    byte[] gzip = Http.gzip(TestRequests.oneSpan().toByteArray());

    Http.Reply reply = Http.send(session.tracesEndpoint(), "POST", Http.PROTOBUF, "gzip",
        java.util.Arrays.copyOf(gzip, 5));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.message())
        .isEqualTo("The body is not valid gzip data, as its Content-Encoding says it is (the data ends too early)");
  }

  @Test
  void gzip_and_deflate_bodies_are_read() throws IOException {
    byte[] request = TestRequests.oneSpan().toByteArray();
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (var out = new java.util.zip.DeflaterOutputStream(deflated)) {
      out.write(request);
    }

    assertThat(Http.send(session.tracesEndpoint(), "POST", Http.PROTOBUF, "gzip", Http.gzip(request)).status())
        .isEqualTo(200);
    assertThat(Http.send(session.tracesEndpoint(), "POST", Http.PROTOBUF, "deflate", deflated.toByteArray()).status())
        .isEqualTo(200);
    assertThat(session.receivedSpans()).isEqualTo(2);
  }

  @Test
  void a_body_over_the_limit_is_a_413() {
    Http.Reply reply = post(Http.PROTOBUF, new byte[(int) LIMIT + 1]);

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.message())
        .isEqualTo("The request body is larger than this receiver's limit of 65536 bytes;"
            + " export smaller batches or raise the limit");
  }

  @Test
  void a_body_far_over_the_limit_still_gets_its_413() {
    // the receiver reads the rest before answering, so the client sees the answer, not a reset
    Http.Reply reply = post(Http.JSON, new byte[(int) LIMIT * 20]);

    assertThat(reply.status()).isEqualTo(413);
    assertThat(session.lastRejection()).hasValue("413 " + reply.message());
  }

  @Test
  void a_gzip_bomb_is_a_413_once_decompressed_past_the_limit() {
    byte[] bomb = Http.gzip(new byte[10 * 1024 * 1024]); // about 10 KiB on the wire

    Http.Reply reply = Http.send(session.tracesEndpoint(), "POST", Http.PROTOBUF, "gzip", bomb);

    assertThat(bomb.length).isLessThan((int) LIMIT);
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.message())
        .isEqualTo("The request body is larger after gzip decompression than this receiver's limit"
            + " of 65536 bytes; export smaller batches or raise the limit");
  }

  @Test
  void the_default_limit_is_16_mib() {
    assertThat(OtlpReceiver.DEFAULT_MAX_REQUEST_BYTES).isEqualTo(16 * 1024 * 1024);
  }

  // --- parent chains ----------------------------------------------------------------------------

  @Test
  void cyclic_and_orphan_parent_chains_convert_like_any_other_spans() {
    // a -> b -> a, and c whose parent was never sent
    String a = "00000000000000aa";
    String b = "00000000000000bb";
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder(TestRequests.of(
            TestRequests.span().setName("a").setSpanId(TestRequests.bytes(a)).setParentSpanId(TestRequests.bytes(b)).build()))
        .build();
    request = request.toBuilder().setResourceSpans(0, request.getResourceSpans(0).toBuilder()
        .setScopeSpans(0, request.getResourceSpans(0).getScopeSpans(0).toBuilder()
            .addSpans(TestRequests.span().setName("b").setSpanId(TestRequests.bytes(b)).setParentSpanId(TestRequests.bytes(a)))
            .addSpans(TestRequests.span().setName("c").setSpanId(TestRequests.bytes("00000000000000cc"))
                .setParentSpanId(TestRequests.bytes("00000000000000dd"))
                .addAttributes(KeyValue.newBuilder().setKey("k").setValue(AnyValue.newBuilder().setIntValue(1))))))
        .build();

    Http.Reply reply = post(Http.PROTOBUF, request.toByteArray());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(received)
        .extracting(SpanData::getName, SpanData::getSpanId, SpanData::getParentSpanId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", a, b),
            org.assertj.core.groups.Tuple.tuple("b", b, a),
            org.assertj.core.groups.Tuple.tuple("c", "00000000000000cc", "00000000000000dd"));
  }

  private Http.Reply post(String contentType, byte[] body) {
    return Http.send(session.tracesEndpoint(), "POST", contentType, null, body);
  }

  private Http.Reply post(String contentType, String body) {
    return post(contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] lengthDelimited(int field, byte[] payload) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 8);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeByteArray(field, payload);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
