package dev.spanproof.otlp;

import com.google.gson.JsonParser;
import com.google.protobuf.CodedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/** Posts raw requests to a receiver with the JDK's HttpClient and decodes its answers. */
final class Http {

  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  /**
   * An answer: status, content type and the message, decoded from a google.rpc.Status (protobuf
   * or JSON) or plain text.
   */
  record Reply(int status, String contentType, String message, byte[] body) {}

  static Reply post(String url, String contentType, byte[] body) {
    return send(url, "POST", contentType, null, body);
  }

  static Reply post(String url, String contentType, String body) {
    return post(url, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  static Reply send(
      String url, String method, String contentType, String contentEncoding, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (contentEncoding != null) {
      request.header("Content-Encoding", contentEncoding);
    }
    try {
      HttpResponse<byte[]> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      String type = response.headers().firstValue("Content-Type").orElse("");
      return new Reply(response.statusCode(), type, message(type, response.body()), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Reads google.rpc.Status.message (field 2) from protobuf, JSON, or the text as is. */
  static String message(String contentType, byte[] body) {
    if (body.length == 0) {
      return "";
    }
    try {
      if (contentType.startsWith(PROTOBUF)) {
        CodedInputStream in = CodedInputStream.newInstance(body);
        for (int tag; (tag = in.readTag()) != 0; ) {
          if (tag == (2 << 3 | 2)) {
            return in.readStringRequireUtf8();
          }
          in.skipField(tag);
        }
        return "";
      }
      if (contentType.startsWith(JSON)) {
        var object = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
        return object.has("message") ? object.get("message").getAsString() : "";
      }
      return new String(body, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
