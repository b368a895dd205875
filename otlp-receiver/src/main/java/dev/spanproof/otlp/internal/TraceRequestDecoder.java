package dev.spanproof.otlp.internal;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decodes the body of {@code POST /v1/traces} into the official {@link ExportTraceServiceRequest},
 * from binary protobuf or from OTLP/JSON.
 *
 * <p>OTLP/JSON is protobuf's JSON mapping with one deviation that {@link JsonFormat} does not know:
 * trace and span ids are hex strings, not base64. A streaming pass rewrites those ids to base64
 * before {@code JsonFormat} parses the document; everything else (int enums, int64 as strings or
 * numbers, lowerCamelCase names, unknown fields ignored) is protobuf's mapping as JsonFormat reads
 * it. The same pass refuses enum names that are no value of their enum: ignoring unknown fields
 * makes JsonFormat ignore those too, which would turn {@code "kind": "SPAN_KIND_BOGUS"} into an
 * unspecified kind. Not for public use.
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
    String protobufJson = toProtobufJson(json);
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
   * Copies a JSON document token by token, turning the hex string of every id field into base64,
   * and refusing an enum name its enum does not have. Numbers are copied as written, so int64
   * values keep every digit. Uses only Gson API that protobuf-java-util's own Gson version (2.8.9)
   * has, in case a build resolves that one.
   */
  static String toProtobufJson(String json) throws OtlpRequestException {
    StringWriter copy = new StringWriter(json.length() + 64);
    try (JsonReader in = new JsonReader(new StringReader(json));
        JsonWriter out = new JsonWriter(copy)) {
      out.setSerializeNulls(true);
      // The message (object) or repeated field (array) each open container belongs to, as far as
      // the request's schema knows it; null inside unknown fields, which are not checked.
      List<Container> open = new ArrayList<>();
      FieldDescriptor member = null; // the field the last member name named
      while (true) {
        JsonToken token = in.peek();
        FieldDescriptor valueField =
            open.isEmpty() ? null : open.get(open.size() - 1).valueField(member);
        switch (token) {
          case BEGIN_OBJECT, BEGIN_ARRAY -> {
            if (open.size() >= MAX_JSON_DEPTH) {
              throw OtlpRequestException.badRequest(
                  "The OTLP/JSON body nests objects and arrays deeper than "
                      + MAX_JSON_DEPTH
                      + " levels");
            }
            if (token == JsonToken.BEGIN_OBJECT) {
              in.beginObject();
              out.beginObject();
              open.add(Container.object(open.isEmpty() ? ExportTraceServiceRequest.getDescriptor()
                  : valueField != null && valueField.getJavaType() == JavaType.MESSAGE
                      ? valueField.getMessageType()
                      : null));
            } else {
              in.beginArray();
              out.beginArray();
              open.add(Container.array(valueField != null && valueField.isRepeated() ? valueField : null));
            }
          }
          case END_OBJECT -> {
            open.remove(open.size() - 1);
            in.endObject();
            out.endObject();
          }
          case END_ARRAY -> {
            open.remove(open.size() - 1);
            in.endArray();
            out.endArray();
          }
          case NAME -> {
            String name = in.nextName();
            member = open.get(open.size() - 1).field(name);
            out.name(name);
            if (HEX_ID_FIELDS.contains(name) && in.peek() == JsonToken.STRING) {
              String path = jsonPath(in);
              out.value(hexToBase64(in.nextString(), path));
            }
          }
          case STRING -> {
            String path = jsonPath(in);
            String value = in.nextString();
            if (valueField != null && valueField.getJavaType() == JavaType.ENUM) {
              checkEnumName(valueField.getEnumType(), value, path);
            }
            out.value(value);
          }
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

  /**
   * An open object, whose members are fields of {@code message}, or array, whose elements are
   * values of {@code elements}; either may be null where the schema does not reach.
   */
  private record Container(Descriptor message, FieldDescriptor elements) {

    static Container object(Descriptor message) {
      return new Container(message, null);
    }

    static Container array(FieldDescriptor elements) {
      return new Container(null, elements);
    }

    /** The field of a member name, by its JSON name or, as JsonFormat accepts too, its own. */
    FieldDescriptor field(String name) {
      if (message == null) {
        return null;
      }
      for (FieldDescriptor field : message.getFields()) {
        if (field.getJsonName().equals(name) || field.getName().equals(name)) {
          return field;
        }
      }
      return null;
    }

    /** The field the next value in this container belongs to. */
    FieldDescriptor valueField(FieldDescriptor member) {
      return message != null ? member : elements;
    }
  }

  /**
   * Refuses an enum name that is no value of {@code type}, as SpanDataConverter refuses a number
   * that is none. Numbers written as strings are left to JsonFormat and that check.
   */
  private static void checkEnumName(EnumDescriptor type, String name, String path)
      throws OtlpRequestException {
    if (type.findValueByName(name) != null || name.matches("-?\\d+")) {
      return;
    }
    String values =
        type.equals(Span.SpanKind.getDescriptor())
            ? SpanDataConverter.SPAN_KINDS
            : type.equals(Status.StatusCode.getDescriptor())
                ? SpanDataConverter.STATUS_CODES
                : type.getValues().stream()
                    .map(EnumValueDescriptor::getName)
                    .collect(Collectors.joining(", ", "(", ")"));
    throw OtlpRequestException.badRequest(
        path + " '" + name + "' is not a " + type.getName() + " " + values);
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
