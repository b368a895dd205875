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
    JsonNode steps = root.path("steps");
    if (!steps.isMissingNode() && !steps.isArray()) {
      throw error("steps", "must be a list of steps");
    }
    // Validate everything before adding anything, so a bad file leaves the script untouched.
    List<Runnable> adds = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      adds.add(step(script, steps.get(i), "steps[" + i + "]", false));
    }
    JsonNode fallback = root.path("fallback");
    for (int i = 0; i < fallback.size(); i++) {
      adds.add(step(script, fallback.get(i), "fallback[" + i + "]", true));
    }
    adds.forEach(Runnable::run);
    if (root.has("strict")) {
      if (root.get("strict").asBoolean(true)) {
        script.strict();
      } else {
        script.lenient();
      }
    }
  }

  private Runnable step(Script base, JsonNode node, String at, boolean fallback) {
    if (!node.isObject()) {
      throw error(at, "each step must be an object such as {reply: \"Hello\"}");
    }
    keys(node, STEP, at + ".");
    int kinds = (node.has("reply") ? 1 : 0) + (node.has("toolCalls") ? 1 : 0) + (node.has("fail") ? 1 : 0);
    if (kinds != 1) {
      throw error(at, "needs exactly one of 'reply', 'toolCalls' or 'fail'");
    }
    Reply reply;
    if (node.has("reply")) {
      reply = new Reply.Text(node.get("reply").asText());
    } else if (node.has("toolCalls")) {
      JsonNode calls = node.get("toolCalls");
      if (!calls.isArray() || calls.isEmpty()) {
        throw error(at + ".toolCalls", "must be a non-empty list of {name, arguments}");
      }
      List<ToolCall> list = new ArrayList<>();
      for (int i = 0; i < calls.size(); i++) {
        JsonNode c = calls.get(i);
        if (!c.hasNonNull("name")) {
          throw error(at + ".toolCalls[" + i + "]", "needs a 'name'");
        }
        JsonNode args = c.path("arguments");
        String json = args.isMissingNode() || args.isNull() ? "{}" : args.isTextual() ? args.asText() : Json.write(args);
        list.add(new ToolCall(c.hasNonNull("id") ? c.get("id").asText() : null, c.get("name").asText(), json));
      }
      reply = new Reply.ToolCalls(node.hasNonNull("text") ? node.get("text").asText() : null, list);
    } else {
      reply = new Reply.Failure(fault(node.get("fail"), at + ".fail"));
    }
    RequestMatcher matcher = node.has("when") ? when(node.get("when"), at + ".when") : null;
    int[] usage = null;
    if (node.has("usage")) {
      JsonNode u = node.get("usage");
      if (!u.path("input").isInt() || !u.path("output").isInt()) {
        throw error(at + ".usage", "must be {input: N, output: N}");
      }
      usage = new int[] {u.get("input").asInt(), u.get("output").asInt()};
    }
    JsonNode timesNode = node.get("times");
    if (timesNode != null && !"always".equals(timesNode.asText()) && (!timesNode.canConvertToInt() || timesNode.asInt() < 1)) {
      throw error(at + ".times", "must be a number of at least 1, or \"always\"");
    }
    int[] finalUsage = usage;
    return () -> {
      Script s = matcher == null ? base : base.when(matcher);
      s = fallback ? s.otherwise() : s;
      ScriptStep step = s.replyWith(reply);
      if (finalUsage != null) {
        step.usage(finalUsage[0], finalUsage[1]);
      }
      JsonNode times = node.get("times");
      if (times != null) {
        if ("always".equals(times.asText())) {
          step.always();
        } else {
          step.times(times.asInt());
        }
      }
      if (node.has("delayMs")) {
        step.delay(Duration.ofMillis(node.get("delayMs").asLong()));
      }
      if (node.has("randomDelayMs")) {
        JsonNode r = node.get("randomDelayMs");
        step.randomDelay(Duration.ofMillis(r.path("min").asLong()), Duration.ofMillis(r.path("max").asLong()));
      }
      if (node.has("streamEventIntervalMs")) {
        step.streamEventsEvery(Duration.ofMillis(node.get("streamEventIntervalMs").asLong()));
      }
      if (node.has("cutStreamAfter")) {
        step.cutStreamAfter(node.get("cutStreamAfter").asInt());
      }
      if (node.has("failStreamAfter")) {
        JsonNode f = node.get("failStreamAfter");
        step.failStreamAfter(f.path("events").asInt(), f.path("message").asText("scripted stream error"));
      }
    };
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
      throw error(at, "must be a fault name or {status, message, retryAfterMs}");
    }
    keys(f, FAIL, at + ".");
    if (f.has("type")) {
      return fault(f.get("type"), at + ".type");
    }
    int status = f.path("status").asInt(0);
    if (status == 429) {
      return Fault.rateLimited(Duration.ofMillis(f.path("retryAfterMs").asLong(1000)));
    }
    if (status < 400 || status > 599) {
      throw error(at + ".status", "must be an HTTP error status between 400 and 599");
    }
    return Fault.httpError(status, f.path("message").asText(null));
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
      parts.add(switch (k) {
        case "lastUserMessageContains" -> RequestMatcher.lastUserMessageContains(v.asText());
        case "lastUserMessageIs" -> RequestMatcher.lastUserMessageIs(v.asText());
        case "model" -> RequestMatcher.model(v.asText());
        case "toolOffered" -> RequestMatcher.toolOffered(v.asText());
        case "systemPromptContains" -> RequestMatcher.systemPromptContains(v.asText());
        case "protocol" -> RequestMatcher.protocol(Protocol.fromId(v.asText()));
        default -> v.isTextual() ? RequestMatcher.hasToolResult(v.asText())
            : v.hasNonNull("contains") ? RequestMatcher.hasToolResult(v.path("tool").asText(), v.get("contains").asText())
            : RequestMatcher.hasToolResult(v.path("tool").asText());
      });
    }
    return parts.size() == 1 ? parts.get(0) : new RequestMatcher.All(parts);
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
