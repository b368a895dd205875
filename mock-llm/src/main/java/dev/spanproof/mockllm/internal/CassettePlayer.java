package dev.spanproof.mockllm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanproof.mockllm.Cassette;
import dev.spanproof.mockllm.CassetteMode;
import dev.spanproof.mockllm.LlmRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * A session's cassette at work: in replay mode it answers each request from the first unused recording that
 * matches it; in record mode it forwards the request to the real provider and records the exchange, secrets
 * redacted. Thread-safe; the upstream call runs outside any lock, so an agent's parallel calls stay parallel.
 * Not for public use.
 */
public final class CassettePlayer {
  /** Request headers worth keeping in a cassette: they change what the provider answers, and are not secret. */
  private static final Set<String> KEPT_REQUEST_HEADERS = Set.of("anthropic-version", "anthropic-beta", "openai-beta");
  /** Request headers that carry credentials: forwarded (unless replaced by the environment's key), never kept. */
  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key", "cookie");
  /** Headers not forwarded upstream: hop-by-hop, computed by the client, or asking for compression. */
  private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "keep-alive",
      "transfer-encoding", "upgrade", "http2-settings", "te", "trailer", "expect", "accept-encoding",
      "proxy-connection");
  /** Response headers not recorded: framing the replay recomputes, and the date. */
  private static final Set<String> DROPPED_RESPONSE_HEADERS = Set.of("content-length", "transfer-encoding",
      "connection", "keep-alive", "content-encoding", "date");
  /** Response headers always redacted: cookies and account identifiers. */
  private static final Set<String> REDACTED_RESPONSE_HEADERS = Set.of("set-cookie", "openai-organization",
      "openai-project", "anthropic-organization-id", "x-organization-id", "x-project-id");
  private static final int MAX_DIFFERENCES = 6;

  private static volatile HttpClient client;

  private final Cassette cassette;
  private final Function<String, String> environment;
  private final List<CassetteFile.Interaction> recordings;
  private final boolean[] used;
  /** Each recording's request body as compared (ignored fields removed), computed once. */
  private final List<JsonNode> recordedBodies;
  private final List<CassetteFile.Interaction> recorded = new ArrayList<>();
  private final SecretScrubber scrubber = new SecretScrubber();
  private boolean written;
  private int unmatchedCount;

  /**
   * A player for a cassette; in replay mode the file is read now.
   *
   * @param environment looks up environment variables (the API key)
   * @throws IllegalStateException in replay mode when there is no file, saying how to record it
   * @throws IllegalArgumentException when the file is not a valid cassette
   */
  public CassettePlayer(Cassette cassette, Function<String, String> environment) {
    this.cassette = cassette;
    this.environment = environment;
    if (cassette.mode() == CassetteMode.REPLAY) {
      if (!Files.isRegularFile(cassette.file())) {
        throw new IllegalStateException("No cassette to replay at " + cassette.file().toAbsolutePath() + ". Record it "
            + "once: run this test with " + CassetteMode.ENVIRONMENT_VARIABLE + "=record (or -D" + CassetteMode.PROPERTY
            + "=record) and the provider's API key in the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, "
            + "GEMINI_API_KEY…), review the file and commit it.");
      }
      this.recordings = CassetteFile.read(cassette.file());
    } else {
      this.recordings = List.of();
    }
    this.used = new boolean[recordings.size()];
    this.recordedBodies = recordings.stream().map(i -> comparable(i.request().body())).toList();
  }

  /** The cassette. */
  public Cassette cassette() {
    return cassette;
  }

  /**
   * One request to the session.
   *
   * @param rawPath the path below the session prefix with its query as the client sent it (a {@code key}
   *     parameter included: it is forwarded, never recorded)
   * @param headers every request header, lower-case names
   * @param parsed the request parsed by its protocol's codec, or null when it is not a chat request
   * @param errors the codec whose error shape fits the path
   */
  public Rendered handle(SessionState session, String method, String rawPath, Map<String, List<String>> headers,
      byte[] body, LlmRequest parsed, Codec errors) {
    String path = Router.redactQuery(rawPath);
    String bodyText = new String(body, StandardCharsets.UTF_8);
    if (cassette.mode() == CassetteMode.RECORD) {
      return record(session, method, rawPath, path, headers, body, bodyText, parsed, errors);
    }
    JsonNode sent = comparable(bodyText);
    int index = take(method, path, sent);
    if (index >= 0) {
      CassetteFile.Response response = recordings.get(index).response();
      session.journalExternal(parsed, method, path, "replayed recording #" + (index + 1) + " of "
          + cassette.file().getFileName() + " (" + response.status() + ")");
      return replay(response);
    }
    if (cassette.passThroughUnmatched()) {
      Upstream answer = forward(method, rawPath, headers, body);
      session.journalExternal(parsed, method, path, "no recording; passed through to " + answer.where() + " ("
          + (answer.response() == null ? "failed" : answer.response().status()) + ")");
      if (answer.response() == null) {
        session.problem(answer.problem());
        return errors.error(ErrorKind.SERVER_ERROR, 502, "spanproof mock LLM: " + answer.problem());
      }
      return replay(answer.response());
    }
    int number = session.journalExternal(parsed, method, path, "unmatched: no recording in "
        + cassette.file().getFileName());
    session.problem(unmatched(session, number, method, path, sent));
    return errors.error(ErrorKind.UNMATCHED, 400, "spanproof mock LLM: request #" + number + " (" + method + " "
        + path + ") has no recording in the cassette " + cassette.file().getFileName()
        + ". MockLlm.problems() shows the nearest recording and how they differ.");
  }

  /** Problems to report at the end: recordings never replayed (unless allowed). */
  public synchronized List<String> problems(String sessionLabel) {
    if (cassette.mode() != CassetteMode.REPLAY || cassette.allowUnused()) {
      return List.of();
    }
    List<String> unused = new ArrayList<>();
    for (int i = 0; i < recordings.size(); i++) {
      if (!used[i]) {
        CassetteFile.Request r = recordings.get(i).request();
        unused.add("#" + (i + 1) + " " + r.method() + " " + r.path());
      }
    }
    if (unused.isEmpty()) {
      return List.of();
    }
    return List.of("Unused recordings in session " + Text.quote(sessionLabel) + ": " + unused.size() + " of "
        + recordings.size() + " recorded requests in the cassette " + cassette.file() + " were never replayed ("
        + String.join(", ", unused) + "): " + (unmatchedCount > 0
            ? "no request matched them (see the unmatched request" + (unmatchedCount == 1 ? "" : "s") + " above)"
            : "the agent made fewer LLM calls than when it was recorded") + ". Re-record the "
        + "cassette if that is intended, or use Cassette.allowingUnusedRecordings().");
  }

  /** In record mode, writes the cassette even when the test made no request (an empty cassette replays as such). */
  public synchronized void finish() {
    if (cassette.mode() == CassetteMode.RECORD && !written) {
      CassetteFile.write(cassette.file(), recorded, scrubber);
      written = true;
    }
  }

  private synchronized int take(String method, String path, JsonNode sent) {
    for (int i = 0; i < recordings.size(); i++) {
      CassetteFile.Request r = recordings.get(i).request();
      if (!used[i] && r.method().equals(method) && r.path().equals(path) && JsonDiff.same(recordedBodies.get(i), sent)) {
        used[i] = true;
        return i;
      }
    }
    return -1;
  }


  /** A body as compared: its JSON without the ignored fields, or its text as a JSON string. */
  private JsonNode comparable(String bodyText) {
    return comparable(CassetteFile.Body.of(bodyText));
  }

  private JsonNode comparable(CassetteFile.Body body) {
    if (body.json() != null) {
      return JsonDiff.without(body.json(), cassette.ignoredFields());
    }
    return CassetteFile.MAPPER.getNodeFactory().textNode(body.text() == null ? "" : body.text());
  }

  private synchronized String unmatched(SessionState session, int number, String method, String path, JsonNode sent) {
    unmatchedCount++;
    StringBuilder sb = new StringBuilder("Unmatched request #").append(number).append(" in session ")
        .append(Text.quote(session.label())).append(" (").append(method).append(' ').append(path)
        .append("): the cassette ").append(cassette.file()).append(" has no unused recording of it.\n");
    int nearest = -1;
    List<String> nearestDiff = null;
    for (int i = 0; i < recordings.size(); i++) {
      CassetteFile.Request r = recordings.get(i).request();
      if (used[i] || !r.method().equals(method) || !r.path().equals(path)) {
        continue;
      }
      List<String> diff = JsonDiff.differences(recordedBodies.get(i), sent, MAX_DIFFERENCES + 1);
      if (nearestDiff == null || diff.size() < nearestDiff.size()) {
        nearest = i;
        nearestDiff = diff;
      }
    }
    if (nearest >= 0) {
      sb.append("  nearest recording: #").append(nearest + 1).append(' ').append(method).append(' ').append(path)
          .append(", whose body differs at:\n");
      for (String d : nearestDiff.subList(0, Math.min(MAX_DIFFERENCES, nearestDiff.size()))) {
        sb.append("    ").append(d).append('\n');
      }
      if (nearestDiff.size() > MAX_DIFFERENCES) {
        sb.append("    …\n");
      }
    } else if (recordings.isEmpty()) {
      sb.append("  the cassette holds no recordings\n");
    } else {
      int unusedCount = 0;
      for (boolean u : used) {
        unusedCount += u ? 0 : 1;
      }
      sb.append(unusedCount == 0
          ? "  all " + recordings.size() + " recordings were replayed already: the agent made more LLM calls than when it was recorded\n"
          : "  no unused recording is a " + method + " " + path + "\n");
    }
    sb.append("  fix: re-record the cassette (").append(CassetteMode.ENVIRONMENT_VARIABLE)
        .append("=record with the provider's API key in the environment) if the agent changed on purpose, or leave "
            + "volatile fields out of matching with Cassette.ignoringFields(\"…\")");
    return sb.toString();
  }

  private Rendered record(SessionState session, String method, String rawPath, String path,
      Map<String, List<String>> headers, byte[] body, String bodyText, LlmRequest parsed, Codec errors) {
    Upstream answer = forward(method, rawPath, headers, body);
    if (answer.response() == null) {
      int number = session.journalExternal(parsed, method, path, "recording failed: " + answer.problem());
      session.problem("Request #" + number + " in session " + Text.quote(session.label()) + " could not be recorded: "
          + answer.problem());
      return errors.error(ErrorKind.SERVER_ERROR, 502, "spanproof mock LLM: " + answer.problem());
    }
    CassetteFile.Response response = answer.response();
    int number = session.journalExternal(parsed, method, path, "recorded from " + answer.where() + " ("
        + response.status() + ")");
    if (response.status() == 401 || response.status() == 403) {
      session.problem("Request #" + number + " in session " + Text.quote(session.label()) + ": the provider at "
          + answer.where() + " answered " + response.status() + " (credentials rejected), so it was not recorded. "
          + "Put a valid key in the environment variable " + keyVariables(provider(path, headers)) + ".");
      return replay(response);
    }
    Map<String, String> kept = new LinkedHashMap<>();
    headers.forEach((name, values) -> {
      if (KEPT_REQUEST_HEADERS.contains(name)) {
        kept.put(name, String.join(", ", values));
      }
    });
    synchronized (this) {
      recorded.add(new CassetteFile.Interaction(new CassetteFile.Request(method, path, kept, CassetteFile.Body.of(bodyText)),
          response));
      CassetteFile.write(cassette.file(), recorded, scrubber);
      written = true;
    }
    return replay(response);
  }

  /** What came back from the upstream, or why nothing did. */
  private record Upstream(String where, CassetteFile.Response response, String problem) {}

  private Upstream forward(String method, String rawPath, Map<String, List<String>> headers, byte[] body) {
    Provider provider = provider(rawPath, headers);
    URI base = cassette.upstream() != null ? cassette.upstream() : URI.create(provider.publicBaseUrl);
    String key = apiKey(provider);
    String pathAndQuery = rawPath;
    int q = rawPath.indexOf('?');
    if (q >= 0) {
      for (String param : rawPath.substring(q + 1).split("&")) {
        if (param.startsWith("key=")) {
          scrubber.add(java.net.URLDecoder.decode(param.substring(4), StandardCharsets.UTF_8));
          scrubber.add(param.substring(4));
        }
      }
      if (key != null) {
        pathAndQuery = Router.redactQuery(rawPath);
      }
    }
    String where = base.toString();
    URI target = URI.create(where + pathAndQuery);
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(cassette.upstreamTimeout())
        .method(method, body.length == 0 && !"POST".equals(method) && !"PUT".equals(method)
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach((name, values) -> {
      if (CREDENTIAL_HEADERS.contains(name)) {
        values.forEach(scrubber::add);
        if (key != null && !"cookie".equals(name)) {
          return;
        }
      }
      if (NOT_FORWARDED.contains(name)) {
        return;
      }
      for (String v : values) {
        try {
          request.header(name, v);
        } catch (IllegalArgumentException restricted) {
          // a header the JDK client sets itself
        }
      }
    });
    if (key != null) {
      scrubber.add(key);
      request.header(provider.keyHeader, provider.keyHeader.equals("authorization") ? "Bearer " + key : key);
    }
    HttpResponse<byte[]> response;
    try {
      response = client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return new Upstream(where, null, "could not reach the upstream " + where + " (" + e + "); check "
          + "Cassette.upstream(…) and the network");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Upstream(where, null, "interrupted while waiting for the upstream " + where);
    }
    return new Upstream(where, toRecording(response), null);
  }

  private CassetteFile.Response toRecording(HttpResponse<byte[]> response) {
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (DROPPED_RESPONSE_HEADERS.contains(lower) || lower.startsWith(":")) {
        return;
      }
      headers.put(lower, redacted(lower) ? SecretScrubber.REDACTED : String.join(", ", values));
    });
    byte[] bytes = response.body();
    if (response.headers().firstValue("content-encoding").filter(e -> e.equalsIgnoreCase("gzip")).isPresent()) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException("the upstream sent a gzip body that does not decompress: " + e.getMessage(), e);
      }
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    String type = headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
    CassetteFile.Body body;
    if (type.contains("text/event-stream")) {
      body = CassetteFile.Body.stream(split(text, true));
    } else if (type.contains("ndjson")) {
      body = CassetteFile.Body.stream(split(text, false));
    } else {
      body = CassetteFile.Body.of(text);
    }
    return new CassetteFile.Response(response.statusCode(), headers, body);
  }

  private boolean redacted(String header) {
    return REDACTED_RESPONSE_HEADERS.contains(header) || cassette.redactedHeaders().contains(header)
        || header.contains("cookie") || header.contains("organization") || header.contains("project")
        || header.contains("api-key") || header.contains("secret") || header.contains("authorization");
  }

  /** Splits a stream body into events (SSE: up to and including each blank line) or lines (NDJSON). */
  static List<String> split(String text, boolean sse) {
    List<String> events = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end;
      if (sse) {
        int lf = text.indexOf("\n\n", start);
        int crlf = text.indexOf("\r\n\r\n", start);
        end = lf < 0 ? (crlf < 0 ? -1 : crlf + 4) : (crlf >= 0 && crlf < lf ? crlf + 4 : lf + 2);
      } else {
        int nl = text.indexOf('\n', start);
        end = nl < 0 ? -1 : nl + 1;
      }
      if (end < 0) {
        end = text.length();
      }
      events.add(text.substring(start, end));
      start = end;
    }
    return events;
  }

  private static Rendered replay(CassetteFile.Response response) {
    CassetteFile.Body body = response.body();
    Map<String, String> headers = new LinkedHashMap<>(response.headers());
    if (body.json() != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) {
      headers.put("content-type", "application/json");
    }
    if (body.events() != null) {
      List<String> events = body.events().isEmpty() ? List.of("") : body.events();
      return new Rendered(response.status(), headers, events, true);
    }
    return new Rendered(response.status(), headers, List.of(body.wire()), false);
  }

  private String apiKey(Provider provider) {
    List<String> names = cassette.apiKeyVariable() != null ? List.of(cassette.apiKeyVariable()) : provider.keyVariables;
    for (String name : names) {
      String v = environment.apply(name);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }

  private String keyVariables(Provider provider) {
    return cassette.apiKeyVariable() != null ? cassette.apiKeyVariable() : String.join(" or ", provider.keyVariables);
  }

  private static HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (CassettePlayer.class) {
        if (client == null) {
          client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        c = client;
      }
    }
    return c;
  }

  /** The provider a request is for, by its path (and Anthropic's version header). */
  static Provider provider(String path, Map<String, List<String>> headers) {
    String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if (p.startsWith("/api/")) {
      return Provider.OLLAMA;
    }
    if (p.startsWith("/v1beta/") || p.contains(":generateContent") || p.contains(":streamGenerateContent")
        || p.contains(":embedContent") || p.contains(":countTokens")) {
      return Provider.GEMINI;
    }
    if (p.startsWith("/v1/messages") || headers.containsKey("anthropic-version")) {
      return Provider.ANTHROPIC;
    }
    return Provider.OPENAI;
  }

  /** Where each provider's public API is, and how it takes a key. */
  enum Provider {
    OPENAI("https://api.openai.com", "authorization", List.of("OPENAI_API_KEY")),
    ANTHROPIC("https://api.anthropic.com", "x-api-key", List.of("ANTHROPIC_API_KEY")),
    GEMINI("https://generativelanguage.googleapis.com", "x-goog-api-key", List.of("GEMINI_API_KEY", "GOOGLE_API_KEY")),
    OLLAMA("http://localhost:11434", "authorization", List.of("OLLAMA_API_KEY"));

    final String publicBaseUrl;
    final String keyHeader;
    final List<String> keyVariables;

    Provider(String publicBaseUrl, String keyHeader, List<String> keyVariables) {
      this.publicBaseUrl = publicBaseUrl;
      this.keyHeader = keyHeader;
      this.keyVariables = keyVariables;
    }
  }
}
