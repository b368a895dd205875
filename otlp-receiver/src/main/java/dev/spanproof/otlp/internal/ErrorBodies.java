package dev.spanproof.otlp.internal;

import com.google.gson.stream.JsonWriter;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes an error answer. OTLP/HTTP answers 4xx and 5xx with a {@code google.rpc.Status} in the
 * request's own encoding; OpenTelemetry's exporters log its {@code message}, so the sender's log
 * says what was wrong. The two fields are written by hand: the message class lives in a library
 * (proto-google-common-protos) the receiver does not otherwise need.
 */
final class ErrorBodies {

  /** {@code google.rpc.Code} values, matched to the HTTP statuses the receiver answers with. */
  private static final int INVALID_ARGUMENT = 3;

  private static final int NOT_FOUND = 5;
  private static final int RESOURCE_EXHAUSTED = 8;
  private static final int UNIMPLEMENTED = 12;
  private static final int INTERNAL = 13;

  private ErrorBodies() {}

  static byte[] protobufStatus(int httpStatus, String message) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt32(1, rpcCode(httpStatus)); // google.rpc.Status.code
      out.writeString(2, message); // google.rpc.Status.message
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown by an in-memory stream
    }
  }

  static byte[] jsonStatus(int httpStatus, String message) {
    try {
      StringWriter json = new StringWriter();
      try (JsonWriter out = new JsonWriter(json)) {
        out.beginObject().name("code").value(rpcCode(httpStatus));
        out.name("message").value(message).endObject();
      }
      return json.toString().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown by a StringWriter
    }
  }

  static byte[] text(String message) {
    return (message + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static int rpcCode(int httpStatus) {
    return switch (httpStatus) {
      case 404 -> NOT_FOUND;
      case 405 -> UNIMPLEMENTED;
      case 413 -> RESOURCE_EXHAUSTED;
      case 500 -> INTERNAL;
      default -> INVALID_ARGUMENT;
    };
  }
}
