package dev.spanproof.mockllm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.spanproof.mockllm.internal.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Reads script files (YAML, or JSON, which the YAML reader accepts too) into a {@link Script}. */
final class ScriptLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP = Set.of("strict", "steps", "fallback");
  private static final Set<String> STEP = Set.of("reply", "toolCalls", "text", "fail", "when", "usage", "times",
      "delayMs", "randomDelayMs", "streamEventIntervalMs", "cutStreamAfter", "failStreamAfter");
  private static final Set<String> WHEN = Set.of("lastUserMessageContains", "lastUserMessageIs", "model", "toolOffered",
      "toolResult", "systemPromptContains", "protocol");
  private static final Set<String> FAIL = Set.of("status", "message", "retryAfterMs", "type");

  private final String source;

  private ScriptLoader(String source) {
    this.source = source;
  }

  static void load(Script script, String text, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("script " + source + " is neither valid YAML nor JSON: " + e.getMessage(), e);
    }
    new ScriptLoader(source).apply(script, root);
  }

  private void apply(Script script, JsonNode root) {
    if (root == null || !root.isObject()) {
      throw error("", "the script must be an object with a 'steps' list, e.g. steps: [{reply: \"Hello\"}]");
    }
    keys(root, TOP, "");
    JsonNode steps = list(root, "steps");
    JsonNode fallback = list(root, "fallback");
    JsonNode strict = root.get("strict");
    if (strict != null && !strict.isBoolean()) {
      throw error("strict", "must be true or false, got " + show(strict));
    }
    // Check and build every step before adding any, so a bad file leaves the script untouched: the adds
    // below only call setters with values already checked here.
    List<Runnable> adds = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      adds.add(step(script, steps.get(i), "steps[" + i + "]", false));
    }
    for (int i = 0; i < fallback.size(); i++) {
      adds.add(step(script, fallback.get(i), "fallback[" + i + "]", true));
    }
    adds.forEach(Runnable::run);
    if (strict != null) {
      if (strict.asBoolean()) {
        script.strict();
      } else {
        script.lenient();
      }
    }
  }

  /** A top-level list of steps; missing is empty. */
  private JsonNode list(JsonNode root, String key) {
    JsonNode v = root.path(key);
    if (!v.isMissingNode() && !v.isArray()) {
      throw error(key, "must be a list of steps, e.g. " + key + ": [{reply: \"Hello\"}], got " + show(v));
    }
    return v;
  }

  private Runnable step(Script base, JsonNode node, String at, boolean fallback) {
    if (!node.isObject()) {
      throw error(at, "each step must be an object such as {reply: \"Hello\"}, got " + show(node));
    }
    keys(node, STEP, at + ".");
    int kinds = (node.has("reply") ? 1 : 0) + (node.has("toolCalls") ? 1 : 0) + (node.has("fail") ? 1 : 0);
    if (kinds != 1) {
      throw error(at, "needs exactly one of 'reply', 'toolCalls' or 'fail'");
    }
    if (node.has("text") && !node.has("toolCalls")) {
      throw error(at + ".text", "is the text before tool calls and goes with 'toolCalls'; for a text reply use 'reply'");
    }
    Reply reply;
    if (node.has("reply")) {
      reply = new Reply.Text(text(node.get("reply"), at + ".reply"));
    } else if (node.has("toolCalls")) {
      JsonNode calls = node.get("toolCalls");
      if (!calls.isArray() || calls.isEmpty()) {
        throw error(at + ".toolCalls", "must be a non-empty list of {name, arguments}, got " + show(calls));
      }
      List<ToolCall> list = new ArrayList<>();
      for (int i = 0; i < calls.size(); i++) {
        list.add(toolCall(calls.get(i), at + ".toolCalls[" + i + "]"));
      }
      reply = new Reply.ToolCalls(node.has("text") ? text(node.get("text"), at + ".text") : null, list);
    } else {
      reply = new Reply.Failure(fault(node.get("fail"), at + ".fail"));
    }
    RequestMatcher matcher = node.has("when") ? when(node.get("when"), at + ".when") : null;
    Usage usage = null;
    if (node.has("usage")) {
      JsonNode u = node.get("usage");
      if (!u.isObject()) {
        throw error(at + ".usage", "must be {input: N, output: N}, got " + show(u));
      }
      keys(u, Set.of("input", "output"), at + ".usage.");
      if (!u.has("input") || !u.has("output")) {
        throw error(at + ".usage", "must be {input: N, output: N}, got " + show(u));
      }
      int input = count(u.get("input"), at + ".usage.input", 0, "a token count");
      int output = count(u.get("output"), at + ".usage.output", 0, "a token count");
      try {
        usage = new Usage(input, output);
      } catch (IllegalArgumentException e) {
        throw error(at + ".usage", e.getMessage());
      }
    }
    JsonNode timesNode = node.get("times");
    boolean always = timesNode != null && timesNode.isTextual() && "always".equals(timesNode.asText());
    Integer times = null;
    if (timesNode != null && !always) {
      if (!timesNode.isIntegralNumber() || !timesNode.canConvertToInt() || timesNode.asInt() < 1) {
        throw error(at + ".times", "must be a number of at least 1, or \"always\"; got " + show(timesNode));
      }
      if (fallback) {
        throw error(at + ".times", "fallback steps answer every unmatched request, however many; remove 'times', "
            + "or move the step to 'steps' (with a 'when') for a reply used " + timesNode.asInt() + " times");
      }
      times = timesNode.asInt();
    }
    Long delayMs = node.has("delayMs") ? millis(node.get("delayMs"), at + ".delayMs") : null;
    long[] random = null;
    if (node.has("randomDelayMs")) {
      JsonNode r = node.get("randomDelayMs");
      String where = at + ".randomDelayMs";
      if (!r.isObject() || !r.has("min") || !r.has("max")) {
        throw error(where, "must be {min: N, max: N} in milliseconds, got " + show(r));
      }
      keys(r, Set.of("min", "max"), where + ".");
      random = new long[] {millis(r.get("min"), where + ".min"), millis(r.get("max"), where + ".max")};
      if (random[1] < random[0]) {
        throw error(where, "needs min <= max, got min " + random[0] + " and max " + random[1] + "; swap them");
      }
    }
    Long intervalMs = node.has("streamEventIntervalMs")
        ? millis(node.get("streamEventIntervalMs"), at + ".streamEventIntervalMs") : null;
    Integer cut = node.has("cutStreamAfter")
        ? count(node.get("cutStreamAfter"), at + ".cutStreamAfter", 0, "a number of events") : null;
    Integer failEvents = null;
    String failMessage = null;
    if (node.has("failStreamAfter")) {
      JsonNode f = node.get("failStreamAfter");
      String where = at + ".failStreamAfter";
      if (!f.isObject() || !f.has("events")) {
        throw error(where, "must be {events: N, message: \"…\"}, got " + show(f));
      }
      keys(f, Set.of("events", "message"), where + ".");
      failEvents = count(f.get("events"), where + ".events", 0, "a number of events");
      failMessage = f.has("message") ? text(f.get("message"), where + ".message") : "scripted stream error";
    }
    Usage finalUsage = usage;
    Integer finalTimes = times;
    long[] finalRandom = random;
    Integer finalFailEvents = failEvents;
    String finalFailMessage = failMessage;
    return () -> {
      Script s = matcher == null ? base : base.when(matcher);
      s = fallback ? s.otherwise() : s;
      ScriptStep step = s.replyWith(reply);
      if (finalUsage != null) {
        step.usage(finalUsage.inputTokens(), finalUsage.outputTokens());
      }
      if (always) {
        step.always();
      } else if (finalTimes != null) {
        step.times(finalTimes);
      }
      if (delayMs != null) {
        step.delay(Duration.ofMillis(delayMs));
      }
      if (finalRandom != null) {
        step.randomDelay(Duration.ofMillis(finalRandom[0]), Duration.ofMillis(finalRandom[1]));
      }
      if (intervalMs != null) {
        step.streamEventsEvery(Duration.ofMillis(intervalMs));
      }
      if (cut != null) {
        step.cutStreamAfter(cut);
      }
      if (finalFailEvents != null) {
        step.failStreamAfter(finalFailEvents, finalFailMessage);
      }
    };
  }

  private ToolCall toolCall(JsonNode c, String at) {
    if (!c.isObject()) {
      throw error(at, "must be {name, arguments}, got " + show(c));
    }
    keys(c, Set.of("id", "name", "arguments"), at + ".");
    if (!c.hasNonNull("name")) {
      throw error(at, "needs a 'name'");
    }
    String name = text(c.get("name"), at + ".name");
    String id = c.hasNonNull("id") ? text(c.get("id"), at + ".id") : null;
    JsonNode args = c.path("arguments");
    String json;
    if (args.isMissingNode() || args.isNull()) {
      json = "{}";
    } else if (args.isObject()) {
      json = Json.write(args);
    } else if (args.isTextual()) {
      json = args.asText();
    } else {
      throw error(at + ".arguments", "must be an object such as {a: 2}, or a JSON object string; got " + show(args));
    }
    ToolCall call = new ToolCall(id, name, json);
    try {
      Script.checked(call);
    } catch (IllegalArgumentException e) {
      throw error(at + ".arguments", "must be an object such as {a: 2}, or a JSON object string; got " + show(args));
    }
    return call;
  }

  /** A scalar as text: a string, or a number or boolean as written. */
  private String text(JsonNode v, String at) {
    if (v == null || !v.isValueNode() || v.isNull()) {
      throw error(at, "must be a string, got " + show(v));
    }
    return v.asText();
  }

  /** A whole number of milliseconds, at least 0. */
  private long millis(JsonNode v, String at) {
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw error(at, "must be a whole number of milliseconds, at least 0 (e.g. 200), got " + show(v));
    }
    return v.asLong();
  }

  /** A whole number, at least {@code min}. */
  private int count(JsonNode v, String at, int min, String what) {
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min) {
      throw error(at, "must be " + what + ", a whole number of at least " + min + ", got " + show(v));
    }
    return v.asInt();
  }

  /** A value as the message shows it. */
  private static String show(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "nothing";
    }
    return v.isTextual() ? "\"" + v.asText() + "\"" : v.toString();
  }

  private Fault fault(JsonNode f, String at) {
    if (f.isTextual()) {
      return switch (f.asText()) {
        case "overloaded" -> Fault.overloaded();
        case "connectionReset" -> Fault.connectionReset();
        case "malformedJson" -> Fault.malformedJson();
        case "rateLimited" -> Fault.rateLimited(Duration.ofSeconds(1));
        default -> throw error(at, "unknown fault \"" + f.asText()
            + "\"; use rateLimited, overloaded, connectionReset, malformedJson or {status: 500, message: \"…\"}");
      };
    }
    if (!f.isObject()) {
      throw error(at, "must be a fault name or {status, message, retryAfterMs}, got " + show(f));
    }
    keys(f, FAIL, at + ".");
    if (f.has("type")) {
      return fault(f.get("type"), at + ".type");
    }
    JsonNode statusNode = f.path("status");
    int status = statusNode.isIntegralNumber() && statusNode.canConvertToInt() ? statusNode.asInt() : 0;
    if (status == 429) {
      return Fault.rateLimited(Duration.ofMillis(f.has("retryAfterMs") ? millis(f.get("retryAfterMs"), at + ".retryAfterMs") : 1000));
    }
    if (status < 400 || status > 599) {
      throw error(at + ".status", "must be an HTTP error status between 400 and 599");
    }
    return Fault.httpError(status, f.has("message") ? text(f.get("message"), at + ".message") : null);
  }

  private RequestMatcher when(JsonNode w, String at) {
    if (!w.isObject() || w.isEmpty()) {
      throw error(at, "must be an object of conditions, e.g. {lastUserMessageContains: weather}");
    }
    keys(w, WHEN, at + ".");
    List<RequestMatcher> parts = new ArrayList<>();
    Iterator<String> names = w.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      JsonNode v = w.get(k);
      String where = at + "." + k;
      parts.add(switch (k) {
        case "lastUserMessageContains" -> RequestMatcher.lastUserMessageContains(text(v, where));
        case "lastUserMessageIs" -> RequestMatcher.lastUserMessageIs(text(v, where));
        case "model" -> RequestMatcher.model(text(v, where));
        case "toolOffered" -> RequestMatcher.toolOffered(text(v, where));
        case "systemPromptContains" -> RequestMatcher.systemPromptContains(text(v, where));
        case "protocol" -> RequestMatcher.protocol(protocol(v, where));
        default -> toolResult(v, where);
      });
    }
    return parts.size() == 1 ? parts.get(0) : new RequestMatcher.All(parts);
  }

  private Protocol protocol(JsonNode v, String at) {
    String id = text(v, at);
    try {
      return Protocol.fromId(id);
    } catch (IllegalArgumentException e) {
      throw error(at, "unknown protocol " + show(v) + "; use one of " + Protocol.ids());
    }
  }

  private RequestMatcher toolResult(JsonNode v, String at) {
    if (v.isObject()) {
      keys(v, Set.of("tool", "contains"), at + ".");
      if (!v.has("tool")) {
        throw error(at, "needs a 'tool', e.g. {tool: calculate, contains: \"4\"}, got " + show(v));
      }
      String tool = text(v.get("tool"), at + ".tool");
      return v.has("contains") ? RequestMatcher.hasToolResult(tool, text(v.get("contains"), at + ".contains"))
          : RequestMatcher.hasToolResult(tool);
    }
    return RequestMatcher.hasToolResult(text(v, at));
  }

  private void keys(JsonNode node, Set<String> allowed, String at) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (!allowed.contains(k)) {
        throw error(at + k, "unknown key; expected one of " + allowed.stream().sorted().toList());
      }
    }
  }

  private IllegalArgumentException error(String at, String what) {
    return new IllegalArgumentException("script " + source + (at.isEmpty() ? "" : ", at " + at) + ": " + what);
  }
}
