package dev.spanproof.mockllm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.spanproof.mockllm.Fault;
import dev.spanproof.mockllm.LlmRequest;
import dev.spanproof.mockllm.Protocol;
import dev.spanproof.mockllm.Reply;
import dev.spanproof.mockllm.ToolCall;
import dev.spanproof.mockllm.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The one WireMock extension: every request reaches it through a single catch-all stub, and it dispatches
 * to the session named by the URL prefix ({@code /s/<id>/…}, or the root session when unprefixed), parses
 * the request with the protocol's codec, picks the session's step and renders it. Not for public use.
 */
public final class Router implements ResponseDefinitionTransformerV2 {
  /** The extension name the catch-all stub refers to. */
  public static final String NAME = "spanproof-mock-llm-router";
  /** The path prefix of sessions. */
  public static final String SESSION_PREFIX = "/s/";

  private static final Pattern GEMINI = Pattern.compile("^/(?:v1beta|v1|v1alpha)/models/([^/:]+):(generateContent|streamGenerateContent)$");
  /** Request headers worth recording; credentials are never kept. */
  private static final Set<String> RECORDED_HEADERS = Set.of("accept", "content-type", "user-agent",
      "anthropic-version", "anthropic-beta", "openai-beta", "x-stainless-retry-count", "x-stainless-lang",
      "x-stainless-package-version", "x-stainless-timeout", "x-goog-api-client", "traceparent", "idempotency-key");

  private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();
  private final Map<Protocol, Codec> codecs = new EnumMap<>(Protocol.class);
  private volatile SessionState rootSession;

  /** A router with every protocol's codec. */
  public Router() {
    for (Codec c : List.of(new OpenAiChatCodec(), new OpenAiResponsesCodec(), new AnthropicCodec(), new GeminiCodec(), new OllamaCodec())) {
      codecs.put(c.protocol(), c);
    }
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  /** Registers a session under its id. */
  public void register(SessionState session) {
    sessions.put(session.id(), session);
  }

  /** Makes a session answer unprefixed URLs. */
  public void registerRoot(SessionState session) {
    rootSession = session;
  }

  /** Removes a session: its URLs then answer 404. */
  public void unregister(SessionState session) {
    sessions.remove(session.id(), session);
    if (rootSession == session) {
      rootSession = null;
    }
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    Request req = serveEvent.getRequest();
    String url = req.getUrl();
    String method = req.getMethod().getName();
    SessionState session;
    String rest;
    if (url.startsWith(SESSION_PREFIX)) {
      int end = url.indexOf('/', SESSION_PREFIX.length());
      String id = url.substring(SESSION_PREFIX.length(), end < 0 ? url.length() : end);
      session = sessions.get(id);
      rest = end < 0 ? "/" : url.substring(end);
      if (session == null) {
        return toWire(new Wire(codecFor(rest).error(ErrorKind.NOT_FOUND, 404, "spanproof mock LLM: no session \"" + id
            + "\" on this server (it was closed, or the base URL is wrong); use MockLlm.baseUrl() of a live session")));
      }
    } else {
      session = rootSession;
      rest = url;
      if (session == null) {
        return toWire(new Wire(codecFor(rest).error(ErrorKind.NOT_FOUND, 404,
            "spanproof mock LLM: this server has no unprefixed session; use the base URL of a session (MockLlm.baseUrl())")));
      }
    }
    if (session.cassette() != null) {
      try {
        return toWire(new Wire(cassette(session.cassette(), session, method, rest, req)));
      } catch (RuntimeException e) {
        session.problem("Mock failure in session " + Text.quote(session.label()) + " on " + method + " "
            + redactQuery(rest) + " with the cassette " + session.cassette().cassette().file() + ": " + e);
        return toWire(new Wire(codecFor(rest).error(ErrorKind.SERVER_ERROR, 500, "spanproof mock LLM failed: " + e)));
      }
    }
    rest = redactQuery(rest);
    try {
      return toWire(handle(session, method, rest, req));
    } catch (RuntimeException e) {
      session.problem("Mock failure in session " + Text.quote(session.label()) + " on " + method + " " + rest + ": " + e);
      return toWire(new Wire(codecFor(rest).error(ErrorKind.SERVER_ERROR, 500, "spanproof mock LLM failed: " + e)));
    }
  }

  private Wire handle(SessionState session, String method, String path, Request req) {
    String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Map<String, String> headers = recordedHeaders(req);
    String body = new String(req.getBody() == null ? new byte[0] : req.getBody(), StandardCharsets.UTF_8);
    if ("GET".equals(method)) {
      Rendered models = models(pathOnly, headers);
      if (models != null) {
        return new Wire(models);
      }
    }
    if ("GET".equals(method) && pathOnly.equals("/health")) {
      return new Wire(Rendered.json(200, "{\"status\":\"ok\"}"));
    }
    if ("POST".equals(method) && pathOnly.equals("/v1/messages/count_tokens")) {
      return new Wire(countTokens(body));
    }
    if ("POST".equals(method) && (pathOnly.equals("/v1/embeddings") || pathOnly.equals("/embeddings"))) {
      return new Wire(Embeddings.render(body, codecs.get(Protocol.OPENAI_CHAT)));
    }
    Protocol protocol = "POST".equals(method) ? protocolOf(pathOnly) : null;
    if (protocol == null) {
      String why = "the mock LLM does not serve " + method + " " + pathOnly + "; it serves POST /v1/chat/completions, "
          + "/v1/responses, /v1/messages, /v1beta/models/{model}:generateContent|streamGenerateContent, /api/chat, /v1/embeddings and GET /v1/models";
      session.rejected(method, pathOnly, why);
      return new Wire(codecFor(pathOnly).error(ErrorKind.NOT_FOUND, 404, "spanproof mock LLM: " + why));
    }
    Codec codec = codecs.get(protocol);
    JsonNode json; // parsed once: the codec reads the request from it and renders with it
    LlmRequest parsed;
    try {
      json = Json.parse(body);
      parsed = codec.parse(new HttpIn(method, path, headers, body, json));
    } catch (BadRequestException e) {
      session.rejected(method, pathOnly, e.getMessage());
      return new Wire(codec.error(ErrorKind.INVALID_REQUEST, 400, "spanproof mock LLM: " + e.getMessage()));
    }
    if (protocol == Protocol.OPENAI_RESPONSES) {
      String previous = Json.optionalText(json, "previous_response_id");
      if (previous != null) {
        List<dev.spanproof.mockllm.LlmMessage> history = session.responseHistory(previous);
        if (history == null) {
          String why = "previous_response_id " + previous + " is not a response of this session";
          session.rejected(method, pathOnly, why);
          return new Wire(codec.error(ErrorKind.INVALID_REQUEST, 400, "spanproof mock LLM: " + why));
        }
        List<dev.spanproof.mockllm.LlmMessage> merged = new ArrayList<>(history);
        merged.addAll(parsed.messages());
        parsed = new LlmRequest(0, parsed.protocol(), parsed.method(), parsed.path(), parsed.model(), parsed.system(),
            Requests.resolveToolNames(merged), parsed.tools(), parsed.stream(), parsed.headers(), parsed.retryCount(),
            parsed.rawBody());
      }
    }
    SessionState.Selection selection = session.accept(parsed);
    LlmRequest request = selection.request();
    if (selection.step() == null) {
      return new Wire(codec.error(ErrorKind.UNMATCHED, 400, "spanproof mock LLM: no scripted reply for request #"
          + request.number() + " (" + Text.describeRequest(request) + "): " + selection.unmatchedReason()
          + ". MockLlm.problems() shows the request and the nearest step."));
    }
    Step step = selection.step();
    Duration delay = step.delay();
    if (step.reply() instanceof Reply.Failure f) {
      return fault(codec, f.fault(), delay, request.stream()).withDelayUpTo(step.delayUpTo());
    }
    Reply reply = withIds(step.reply(), codec, session);
    checkToolCalls(session, step, request, reply, json);
    Usage usage = step.usage() != null ? step.usage() : TokenCounter.count(request, reply);
    int responseNumber = session.nextResponseNumber();
    Rendered rendered = ReplyTemplate.render(codec, step, reply, new RenderContext(request, json, reply, usage,
        responseNumber, System.currentTimeMillis() / 1000));
    if (protocol == Protocol.OPENAI_RESPONSES) {
      List<dev.spanproof.mockllm.LlmMessage> conversation = new ArrayList<>(request.messages());
      conversation.add(reply instanceof Reply.Text t ? dev.spanproof.mockllm.LlmMessage.of("assistant", t.text())
          : new dev.spanproof.mockllm.LlmMessage("assistant", ((Reply.ToolCalls) reply).text(),
              ((Reply.ToolCalls) reply).calls(), null, null));
      session.rememberResponse("resp_" + responseNumber, conversation);
    }
    if (!rendered.streaming()) {
      return new Wire(rendered, null, delay, 0, 0, step.delayUpTo());
    }
    return shapeStream(codec, rendered, step, delay).withDelayUpTo(step.delayUpTo());
  }

  /** A request to a session with a cassette: parsed for the journal when it is a chat request, then replayed or recorded. */
  private Rendered cassette(CassettePlayer player, SessionState session, String method, String rawPath, Request req) {
    String path = redactQuery(rawPath);
    String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    byte[] body = req.getBody() == null ? new byte[0] : req.getBody();
    Protocol protocol = "POST".equals(method) ? protocolOf(pathOnly) : null;
    LlmRequest parsed = null;
    if (protocol != null) {
      try {
        parsed = codecs.get(protocol).parse(new HttpIn(method, path, recordedHeaders(req),
            new String(body, StandardCharsets.UTF_8)));
      } catch (BadRequestException e) {
        parsed = null; // the provider judges it; the journal only holds what parses
      }
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String k : req.getAllHeaderKeys()) {
      headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(req.getHeaders().getHeader(k).values()));
    }
    return player.handle(session, method, rawPath, headers, body, parsed, codecFor(pathOnly));
  }

  private static Wire shapeStream(Codec codec, Rendered rendered, Step step, Duration delay) {
    List<String> events = new ArrayList<>(rendered.events());
    if (step.errorAfterEvents() >= 0) {
      events = new ArrayList<>(events.subList(0, Math.min(step.errorAfterEvents(), events.size())));
      events.add(codec.streamError(step.streamErrorMessage(), events.size()));
    } else if (step.cutAfterEvents() >= 0) {
      events = new ArrayList<>(events.subList(0, Math.min(step.cutAfterEvents(), events.size())));
      if (events.isEmpty()) {
        events.add(""); // an empty body; WireMock needs a list element
      }
    }
    long intervalMs = step.eventInterval().toMillis();
    if (intervalMs <= 0 || events.size() < 2) {
      return new Wire(new Rendered(rendered.status(), rendered.headers(), events, true), null, delay, 0, 0);
    }
    // WireMock has no SSE: its chunked dribble splits the finished body into equal byte chunks, sleeping
    // before each. Padding every event to the same size makes each chunk exactly one event.
    int longest = events.stream().mapToInt(e -> e.getBytes(StandardCharsets.UTF_8).length).max().orElse(0);
    int target = longest + codec.minPadding();
    List<String> padded = events.stream().map(e -> codec.pad(e, target)).toList();
    long total = intervalMs * padded.size();
    return new Wire(new Rendered(rendered.status(), rendered.headers(), padded, true), null, delay, padded.size(),
        (int) Math.min(Integer.MAX_VALUE, total));
  }

  private static Wire fault(Codec codec, Fault fault, Duration delay, boolean streaming) {
    if (fault instanceof Fault.RateLimited r) {
      long ms = r.retryAfter().toMillis();
      Rendered rendered = codec.error(ErrorKind.RATE_LIMITED, 429, "Rate limit reached (scripted by spanproof)")
          .withHeader("retry-after", Long.toString((ms + 999) / 1000))
          .withHeader("retry-after-ms", Long.toString(ms));
      return new Wire(rendered, null, delay, 0, 0);
    }
    if (fault instanceof Fault.HttpError e) {
      ErrorKind kind = e.status() == 429 ? ErrorKind.RATE_LIMITED
          : e.status() == 404 ? ErrorKind.NOT_FOUND
          : e.status() >= 500 ? ErrorKind.SERVER_ERROR : ErrorKind.INVALID_REQUEST;
      return new Wire(codec.error(kind, e.status(), e.message()), null, delay, 0, 0);
    }
    if (fault instanceof Fault.Overloaded) {
      return new Wire(codec.error(ErrorKind.OVERLOADED, codec.overloadedStatus(), "Overloaded"), null, delay, 0, 0);
    }
    if (fault instanceof Fault.ConnectionReset) {
      return new Wire(null, com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER, delay, 0, 0);
    }
    return new Wire(codec.malformed(streaming), null, delay, 0, 0);
  }

  /**
   * Flags scripted tool calls the agent cannot run as scripted: a tool the request does not offer, or argument
   * names its schema does not declare (LangChain4j compiled without {@code -parameters} declares arg0, arg1…
   * and then calls the tool with nulls, silently).
   */
  private static void checkToolCalls(SessionState session, Step step, LlmRequest request, Reply reply, JsonNode body) {
    if (!(reply instanceof Reply.ToolCalls tc)) {
      return;
    }
    Map<String, List<String>> schemas = Requests.toolParameters(body);
    for (ToolCall call : tc.calls()) {
      String where = "Scripted tool call " + call.name() + " " + call.arguments() + " (step #" + step.number()
          + ") answered request #" + request.number() + " in session " + Text.quote(session.label());
      if (!request.tools().contains(call.name())) {
        session.problem(where + ", which " + (request.tools().isEmpty() ? "offers no tools"
            : "offers only " + String.join(", ", request.tools())) + ": the agent cannot run it as scripted.");
        continue;
      }
      List<String> declared = schemas.get(call.name());
      if (declared == null) {
        continue;
      }
      List<String> unknown = new ArrayList<>();
      Json.parseArguments(call.arguments()).fieldNames().forEachRemaining(k -> {
        if (!declared.contains(k)) {
          unknown.add(k);
        }
      });
      if (!unknown.isEmpty()) {
        boolean argN = !declared.isEmpty() && declared.stream().allMatch(d -> d.matches("arg\\d+"));
        session.problem(where + ", but the request's schema for " + call.name() + " declares " + declared
            + ", not " + unknown + (argN ? ": the agent was compiled without javac -parameters, so its framework "
            + "(e.g. LangChain4j) names parameters arg0, arg1…; compile with -parameters" : ": fix the script's argument names") + ".");
      }
    }
  }

  private static Reply withIds(Reply reply, Codec codec, SessionState session) {
    if (reply instanceof Reply.ToolCalls tc) {
      List<ToolCall> calls = new ArrayList<>();
      for (ToolCall c : tc.calls()) {
        calls.add(c.id() != null ? c : c.withId(codec.toolCallIdPrefix() + session.nextToolCallNumber()));
      }
      return new Reply.ToolCalls(tc.text(), calls);
    }
    return reply;
  }

  private Protocol protocolOf(String path) {
    if (path.endsWith("/chat/completions")) {
      return Protocol.OPENAI_CHAT;
    }
    if (path.endsWith("/responses")) {
      return Protocol.OPENAI_RESPONSES;
    }
    if (path.endsWith("/messages")) {
      return Protocol.ANTHROPIC_MESSAGES;
    }
    if (path.equals("/api/chat")) {
      return Protocol.OLLAMA_CHAT;
    }
    if (GEMINI.matcher(path).matches()) {
      return Protocol.GEMINI;
    }
    return null;
  }

  /** The codec whose error shape fits a path when the request never got as far as a protocol. */
  private Codec codecFor(String path) {
    String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Protocol protocol = protocolOf(p);
    if (protocol == null && p.startsWith("/api/")) {
      protocol = Protocol.OLLAMA_CHAT;
    } else if (protocol == null && p.startsWith("/v1beta/")) {
      protocol = Protocol.GEMINI;
    }
    return codecs.get(protocol == null ? Protocol.OPENAI_CHAT : protocol);
  }

  /**
   * Anthropic {@code POST /v1/messages/count_tokens}: the request's input tokens by the mock's tokenizer (the
   * same count a reply without explicit usage reports). Not journaled.
   */
  private Rendered countTokens(String body) {
    Codec anthropic = codecs.get(Protocol.ANTHROPIC_MESSAGES);
    LlmRequest parsed;
    try {
      // count_tokens takes a Messages body without max_tokens.
      JsonNode json = Json.requireObject(Json.parse(body));
      if (!json.has("max_tokens")) {
        ((ObjectNode) json).put("max_tokens", 1);
      }
      parsed = anthropic.parse(new HttpIn("POST", "/v1/messages/count_tokens", Map.of(), Json.write(json)));
    } catch (BadRequestException e) {
      return anthropic.error(ErrorKind.INVALID_REQUEST, 400, "spanproof mock LLM: " + e.getMessage());
    }
    int input = TokenCounter.count(parsed, new Reply.Text("")).inputTokens();
    return Rendered.json(200, "{\"input_tokens\":" + input + "}");
  }

  /** Model listings: OpenAI's (or Anthropic's when {@code anthropic-version} is sent), Gemini's, Ollama's tags. */
  private static Rendered models(String path, Map<String, String> headers) {
    List<String> ids = List.of("gpt-4o", "gpt-4o-mini", "gpt-4", "claude-sonnet-4-5", "gemini-2.0-flash", "llama3.2");
    if (path.equals("/v1/models") || path.equals("/models")) {
      ObjectNode root = Json.object();
      ArrayNode data = root.putArray("data");
      if (headers.containsKey("anthropic-version")) {
        for (String id : ids) {
          data.addObject().put("type", "model").put("id", id).put("display_name", id).put("created_at", "2025-01-01T00:00:00Z");
        }
        root.put("has_more", false).put("first_id", ids.get(0)).put("last_id", ids.get(ids.size() - 1));
      } else {
        root.put("object", "list");
        for (String id : ids) {
          data.addObject().put("id", id).put("object", "model").put("created", 1700000000L).put("owned_by", "spanproof");
        }
      }
      return Rendered.json(200, Json.write(root));
    }
    if (path.equals("/v1beta/models")) {
      ObjectNode root = Json.object();
      ArrayNode models = root.putArray("models");
      for (String id : ids) {
        models.addObject().put("name", "models/" + id).put("displayName", id)
            .putArray("supportedGenerationMethods").add("generateContent").add("streamGenerateContent");
      }
      return Rendered.json(200, Json.write(root));
    }
    if (path.equals("/api/tags")) {
      ObjectNode root = Json.object();
      ArrayNode models = root.putArray("models");
      for (String id : ids) {
        models.addObject().put("name", id).put("model", id).put("modified_at", "2025-01-01T00:00:00Z").put("size", 0);
      }
      return Rendered.json(200, Json.write(root));
    }
    return null;
  }

  private static Map<String, String> recordedHeaders(Request req) {
    Map<String, String> out = new LinkedHashMap<>();
    // One pass over the headers as WireMock holds them (getHeader(k) would look each key up again).
    for (HttpHeader h : req.getHeaders().all()) {
      String lower = h.key().toLowerCase(Locale.ROOT);
      if (RECORDED_HEADERS.contains(lower)) {
        out.put(lower, h.isPresent() ? h.firstValue() : null);
      }
    }
    return out;
  }

  /** Removes a {@code key} query parameter (Gemini's API key) so it is never recorded. */
  static String redactQuery(String path) {
    int q = path.indexOf('?');
    if (q < 0) {
      return path;
    }
    List<String> kept = new ArrayList<>();
    for (String param : path.substring(q + 1).split("&")) {
      if (!param.startsWith("key=") && !param.isEmpty()) {
        kept.add(param);
      }
    }
    return path.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
  }

  /** What to send: a rendered response or a WireMock fault, with delays. */
  private record Wire(Rendered rendered, com.github.tomakehurst.wiremock.http.Fault fault, Duration delay, int chunks,
      int totalMs, Duration delayUpTo) {
    Wire(Rendered rendered) {
      this(rendered, null, Duration.ZERO, 0, 0, Duration.ZERO);
    }

    Wire(Rendered rendered, com.github.tomakehurst.wiremock.http.Fault fault, Duration delay, int chunks, int totalMs) {
      this(rendered, fault, delay, chunks, totalMs, Duration.ZERO);
    }

    Wire withDelayUpTo(Duration upTo) {
      return new Wire(rendered, fault, delay, chunks, totalMs, upTo);
    }
  }

  private static ResponseDefinition toWire(Wire w) {
    ResponseDefinitionBuilder b = new ResponseDefinitionBuilder();
    if (w.fault() != null) {
      b.withFault(w.fault());
    } else {
      b.withStatus(w.rendered().status());
      w.rendered().headers().forEach(b::withHeader);
      b.withBody(w.rendered().body().getBytes(StandardCharsets.UTF_8));
      if (w.chunks() > 1) {
        b.withChunkedDribbleDelay(w.chunks(), w.totalMs());
      }
    }
    if (w.delayUpTo() != null && !w.delayUpTo().isZero()) {
      b.withUniformRandomDelay((int) Math.min(Integer.MAX_VALUE, w.delay().toMillis()),
          (int) Math.min(Integer.MAX_VALUE, w.delayUpTo().toMillis()));
    } else if (w.delay() != null && !w.delay().isZero()) {
      b.withFixedDelay((int) Math.min(Integer.MAX_VALUE, w.delay().toMillis()));
    }
    return b.build();
  }
}
