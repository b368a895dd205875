package dev.spanproof.otlp.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves OTLP/HTTP trace exports: routes {@code POST /v1/traces} to the default inbox and {@code
 * POST /s/<id>/v1/traces} to a session's inbox, decodes the body (protobuf or JSON, plain, gzip or
 * deflate), converts it to {@link SpanData} and delivers it. Every refusal is answered with a
 * status and a message saying what was wrong, in the request's own encoding; nothing a client
 * sends stops the receiver from serving the next request. Not for public use.
 */
public final class TraceHttpHandler implements HttpHandler {

  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";

  private static final String TRACES_PATH = "/v1/traces";
  private static final String SESSION_PREFIX = "/s/";
  private static final List<String> OTHER_SIGNALS =
      List.of("/v1/metrics", "/v1/logs", "/v1development/profiles");

  /** The most of a refused body read before answering; see {@link #drain}. */
  private static final long MAX_DRAIN_BYTES = 256L * 1024 * 1024;

  private final Map<String, Inbox> sessions;
  private final Inbox defaultInbox;
  private final long maxRequestBytes;

  /**
   * Creates the handler.
   *
   * @param sessions the open sessions by id; the receiver adds and removes entries
   * @param defaultInbox where {@code /v1/traces} delivers, or null when only sessions receive
   * @param maxRequestBytes the largest body accepted, before and after decompression
   */
  public TraceHttpHandler(Map<String, Inbox> sessions, Inbox defaultInbox, long maxRequestBytes) {
    this.sessions = sessions;
    this.defaultInbox = defaultInbox;
    this.maxRequestBytes = maxRequestBytes;
  }

  /** The body encodings the receiver reads, from the request's {@code Content-Type}. */
  private enum Encoding {
    PROTOBUF,
    JSON,
    OTHER;

    static Encoding of(String contentType) {
      if (contentType == null) {
        return OTHER;
      }
      int semicolon = contentType.indexOf(';');
      String mediaType =
          (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
              .trim()
              .toLowerCase(Locale.ROOT);
      return switch (mediaType) {
        case TraceHttpHandler.PROTOBUF -> PROTOBUF;
        case TraceHttpHandler.JSON -> JSON;
        default -> OTHER;
      };
    }
  }

  @Override
  public void handle(HttpExchange exchange) {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    Encoding encoding = Encoding.of(contentType);
    try {
      Inbox inbox = route(exchange.getRequestURI().getPath());
      try {
        receive(exchange, inbox, encoding, contentType);
      } catch (OtlpRequestException e) {
        inbox.reject(e.httpStatus(), e.getMessage());
        throw e;
      }
    } catch (OtlpRequestException e) {
      if (e.httpStatus() == 405) {
        exchange.getResponseHeaders().set("Allow", "POST");
      }
      drain(exchange);
      respondError(exchange, encoding, e.httpStatus(), e.getMessage());
    } catch (IOException e) {
      // The client went away while sending or receiving: nobody is left to answer.
    } catch (RuntimeException | Error e) {
      // Whatever went wrong, answer: a handler that dies leaves its client waiting.
      respondError(exchange, encoding, 500, "Internal error in spanproof's OTLP receiver: " + e);
    } finally {
      exchange.close();
    }
  }

  private void receive(HttpExchange exchange, Inbox inbox, Encoding encoding, String contentType)
      throws OtlpRequestException, IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      throw new OtlpRequestException(
          405,
          "Method " + exchange.getRequestMethod() + " not allowed: OTLP/HTTP exports with POST");
    }
    if (encoding == Encoding.OTHER) {
      throw new OtlpRequestException(
          415,
          (contentType == null
                  ? "Missing Content-Type"
                  : "Unsupported Content-Type '" + contentType + "'")
              + ": OTLP/HTTP sends "
              + PROTOBUF
              + " or "
              + JSON);
    }
    String declaredLength = exchange.getRequestHeaders().getFirst("Content-Length");
    byte[] body =
        RequestBodies.read(
            exchange.getRequestBody(),
            exchange.getRequestHeaders().getFirst("Content-Encoding"),
            parseLength(declaredLength),
            maxRequestBytes);
    ExportTraceServiceRequest request =
        encoding == Encoding.PROTOBUF
            ? TraceRequestDecoder.fromProtobuf(body)
            : TraceRequestDecoder.fromJson(body);
    List<SpanData> spans = SpanDataConverter.toSpanData(request);
    boolean delivered;
    try {
      delivered = inbox.deliver(spans);
    } catch (RuntimeException | Error e) {
      // Errors too: a sink in a test may well throw an AssertionError.
      throw new OtlpRequestException(500, "The span sink failed: " + e);
    }
    if (!delivered) {
      throw new OtlpRequestException(
          404, "The session was closed: nothing receives spans at this endpoint any more");
    }
    // Full success: an ExportTraceServiceResponse with partial_success unset, which is empty.
    if (encoding == Encoding.PROTOBUF) {
      respond(exchange, 200, PROTOBUF, new byte[0]);
    } else {
      respond(exchange, 200, JSON, "{}".getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Finds the inbox a path delivers to, or explains what the sender should have used. */
  private Inbox route(String rawPath) throws OtlpRequestException {
    // Exporters join a base endpoint and "/v1/traces" in slightly different ways; tolerate
    // doubled and trailing slashes.
    String path = rawPath.replaceAll("/{2,}", "/");
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.equals(TRACES_PATH)) {
      if (defaultInbox == null) {
        throw new OtlpRequestException(
            404,
            "This receiver has no default sink: open a session and send to its endpoint,"
                + " /s/<id>/v1/traces");
      }
      return defaultInbox;
    }
    String base = "";
    String rest = path;
    Inbox session = null;
    if (path.startsWith(SESSION_PREFIX)) {
      int slash = path.indexOf('/', SESSION_PREFIX.length());
      String id =
          slash < 0
              ? path.substring(SESSION_PREFIX.length())
              : path.substring(SESSION_PREFIX.length(), slash);
      session = sessions.get(id);
      if (session == null) {
        throw new OtlpRequestException(
            404,
            "Unknown OTLP session '" + id + "': it was closed or never opened on this receiver");
      }
      base = SESSION_PREFIX + id;
      rest = slash < 0 ? "" : path.substring(slash);
      if (rest.equals(TRACES_PATH)) {
        return session;
      }
    }
    OtlpRequestException refusal;
    if (rest.isEmpty() || rest.equals("/")) {
      refusal =
          new OtlpRequestException(
              404,
              (base.isEmpty() ? "/" : base)
                  + " is a base endpoint: send traces to "
                  + base
                  + TRACES_PATH
                  + " (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT takes the full URL,"
                  + " OTEL_EXPORTER_OTLP_ENDPOINT the base)");
    } else if (OTHER_SIGNALS.contains(rest)) {
      refusal =
          new OtlpRequestException(
              404,
              "This receiver accepts traces only, at "
                  + base
                  + TRACES_PATH
                  + "; nothing receives "
                  + rest.substring(rest.lastIndexOf('/') + 1)
                  + " at "
                  + path);
    } else {
      refusal =
          new OtlpRequestException(
              404,
              "No OTLP endpoint at "
                  + path
                  + ": send traces to /v1/traces, or to a session's /s/<id>/v1/traces");
    }
    if (session != null) {
      // The sender meant this session: a test waiting on it will say why nothing arrived.
      session.reject(refusal.httpStatus(), refusal.getMessage());
    }
    throw refusal;
  }

  /**
   * Reads what is left of a refused request's body before answering: HTTP clients that are still
   * sending when the answer comes and the connection closes report a broken connection instead of
   * the answer (the JDK's HttpClient does). Bounded, so a huge upload is cut off after all.
   */
  private static void drain(HttpExchange exchange) {
    try (InputStream body = exchange.getRequestBody()) {
      byte[] buffer = new byte[64 * 1024];
      long left = MAX_DRAIN_BYTES;
      for (int n; left > 0 && (n = body.read(buffer)) != -1; ) {
        left -= n;
      }
    } catch (IOException e) {
      // The client went away; answering will fail quietly too.
    }
  }

  private static long parseLength(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1; // the HTTP server itself rejects a malformed length; be lenient here
    }
  }

  private static void respondError(
      HttpExchange exchange, Encoding encoding, int status, String message) {
    try {
      switch (encoding) {
        case PROTOBUF ->
            respond(exchange, status, PROTOBUF, ErrorBodies.protobufStatus(status, message));
        case JSON -> respond(exchange, status, JSON, ErrorBodies.jsonStatus(status, message));
        case OTHER ->
            respond(exchange, status, "text/plain; charset=utf-8", ErrorBodies.text(message));
      }
    } catch (IOException | RuntimeException e) {
      // Headers already sent, or the client went away: closing the exchange is all that is left.
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
