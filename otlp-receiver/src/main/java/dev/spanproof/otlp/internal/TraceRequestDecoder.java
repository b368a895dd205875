package dev.spanproof.otlp.internal;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * Decodes the body of {@code POST /v1/traces} into the official {@link ExportTraceServiceRequest},
 * from binary protobuf or from OTLP/JSON.
 *
 * <p>OTLP/JSON is protobuf's JSON mapping with one deviation that {@link JsonFormat} does not know:
 * trace and span ids are hex strings, not base64. A streaming pass rewrites those ids to base64
 * before {@code JsonFormat} parses the document; everything else (int enums, int64 as strings or
 * numbers, lowerCamelCase names, unknown fields ignored) is protobuf's mapping as JsonFormat reads
 * it. Not for public use.
 */
public final class TraceRequestDecoder {

  /**
   * The JSON names whose values are hex ids. Only {@code Span} and {@code Span.Link} have such
   * fields in a trace request; attribute keys are values of {@code "key"} members, never member
   * names, so they cannot collide. The snake_case forms are accepted because JsonFormat accepts
   * original field names too.
   */
  private static final Set<String> HEX_ID_FIELDS =
      Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");

  /**
   * The deepest nesting of objects and arrays accepted. A real request is far shallower
   * (JsonFormat stops at 100 nested messages anyway); the bound keeps every JSON parser on the
   * classpath, whatever its version, away from deep recursion.
   */
  private static final int MAX_JSON_DEPTH = 200;

  private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();

  private TraceRequestDecoder() {}

  /**
   * Decodes a binary protobuf body.
   *
   * @param body the decompressed body
   * @return the request
   * @throws OtlpRequestException 400 when the body is not an {@code ExportTraceServiceRequest}
   */
  public static ExportTraceServiceRequest fromProtobuf(byte[] body) throws OtlpRequestException {
    try {
      // A zero-byte body is the protobuf encoding of an empty request, which the OTLP
      // specification says to accept ("an empty request ... SHOULD respond with success").
      return ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      String hint =
          looksLikeJson(body) ? " (the body looks like JSON: send it as application/json)" : "";
      throw OtlpRequestException.badRequest(
          "The body is not a valid OTLP/protobuf ExportTraceServiceRequest: "
              + e.getMessage()
              + hint);
    }
  }

  /**
   * Decodes an OTLP/JSON body.
   *
   * @param body the decompressed body, UTF-8 encoded
   * @return the request
   * @throws OtlpRequestException 400 when the body is not OTLP/JSON
   */
  public static ExportTraceServiceRequest fromJson(byte[] body) throws OtlpRequestException {
    if (body.length == 0) {
      throw OtlpRequestException.badRequest(
          "The body is empty: expected an OTLP/JSON ExportTraceServiceRequest such as"
              + " {\"resourceSpans\":[...]}");
    }
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw OtlpRequestException.badRequest("The OTLP/JSON body is not valid UTF-8");
    }
    String protobufJson = hexIdsToBase64(json);
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    try {
      JSON_PARSER.merge(protobufJson, request);
    } catch (InvalidProtocolBufferException e) {
      throw OtlpRequestException.badRequest(
          "The body is not a valid OTLP/JSON ExportTraceServiceRequest: " + e.getMessage());
    }
    return request.build();
  }

  /**
   * Copies a JSON document token by token, turning the hex string of every id field into base64.
   * Numbers are copied as written, so int64 values keep every digit. Uses only Gson API that
   * protobuf-java-util's own Gson version (2.8.9) has, in case a build resolves that one.
   */
  static String hexIdsToBase64(String json) throws OtlpRequestException {
    StringWriter copy = new StringWriter(json.length() + 64);
    try (JsonReader in = new JsonReader(new StringReader(json));
        JsonWriter out = new JsonWriter(copy)) {
      out.setSerializeNulls(true);
      int depth = 0;
      while (true) {
        JsonToken token = in.peek();
        switch (token) {
          case BEGIN_OBJECT, BEGIN_ARRAY -> {
            if (++depth > MAX_JSON_DEPTH) {
              throw OtlpRequestException.badRequest(
                  "The OTLP/JSON body nests objects and arrays deeper than "
                      + MAX_JSON_DEPTH
                      + " levels");
            }
            if (token == JsonToken.BEGIN_OBJECT) {
              in.beginObject();
              out.beginObject();
            } else {
              in.beginArray();
              out.beginArray();
            }
          }
          case END_OBJECT -> {
            depth--;
            in.endObject();
            out.endObject();
          }
          case END_ARRAY -> {
            depth--;
            in.endArray();
            out.endArray();
          }
          case NAME -> {
            String name = in.nextName();
            out.name(name);
            if (HEX_ID_FIELDS.contains(name) && in.peek() == JsonToken.STRING) {
              String path = jsonPath(in);
              out.value(hexToBase64(in.nextString(), path));
            }
          }
          case STRING -> out.value(in.nextString());
          case NUMBER -> out.jsonValue(in.nextString());
          case BOOLEAN -> out.value(in.nextBoolean());
          case NULL -> {
            in.nextNull();
            out.nullValue();
          }
          case END_DOCUMENT -> {
            out.flush();
            return copy.toString();
          }
        }
      }
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      // Gson reports syntax errors as MalformedJsonException (an IOException) or
      // IllegalStateException, with the line, column and path where it stopped.
      throw OtlpRequestException.badRequest("The body is not valid JSON: " + firstLine(e));
    }
  }

  private static String hexToBase64(String hex, String path) throws OtlpRequestException {
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw OtlpRequestException.badRequest(
          path
              + ": '"
              + hex
              + "' is not a hex string; OTLP/JSON encodes trace and span ids as hex, not base64");
    }
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Gson's path ({@code $.resourceSpans[0].scopeSpans[0].spans[0].traceId}) without the "$.". */
  private static String jsonPath(JsonReader in) {
    String path = in.getPath();
    return path.startsWith("$.") ? path.substring(2) : path;
  }

  /** Gson appends a troubleshooting link on a second line; the first line says it all. */
  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static boolean looksLikeJson(byte[] body) {
    for (byte b : body) {
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        continue;
      }
      return b == '{' || b == '[';
    }
    return false;
  }
}
