package dev.spanproof.mockllm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanproof.mockllm.LlmMessage;
import dev.spanproof.mockllm.LlmRequest;
import dev.spanproof.mockllm.Protocol;
import dev.spanproof.mockllm.Reply;
import dev.spanproof.mockllm.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Ollama {@code POST /api/chat}: streams NDJSON by default. Not for public use. */
public final class OllamaCodec implements Codec {
  private static final String CREATED_AT = "2025-01-01T00:00:00.000000000Z";

  @Override
  public Protocol protocol() {
    return Protocol.OLLAMA_CHAT;
  }

  @Override
  public LlmRequest parse(HttpIn in) {
    JsonNode body = Json.requireObject(in.bodyJson());
    String model = Json.requiredText(body, "model", "");
    JsonNode messages = Json.requiredArray(body, "messages", "");
    List<String> system = new ArrayList<>();
    List<LlmMessage> parsed = new ArrayList<>();
    List<ToolCall> pendingCalls = List.of();
    int answered = 0;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String role = Json.requiredText(m, "role", "messages[" + i + "].");
      String content = Json.optionalText(m, "content");
      switch (role) {
        case "system" -> system.add(content);
        case "assistant" -> {
          List<ToolCall> calls = new ArrayList<>();
          for (JsonNode tc : m.path("tool_calls")) {
            JsonNode fn = tc.path("function");
            JsonNode args = fn.get("arguments");
            calls.add(new ToolCall(Json.optionalText(tc, "id"), Json.requiredText(fn, "name", "messages[" + i + "].tool_calls[].function."),
                args == null ? "{}" : args.isTextual() ? args.asText() : Json.write(args)));
          }
          pendingCalls = calls;
          answered = 0;
          parsed.add(new LlmMessage("assistant", content == null || content.isEmpty() && !calls.isEmpty() ? null : content, calls, null, null));
        }
        case "tool" -> {
          // Ollama tool results carry no call id; newer clients send tool_name, else they answer the calls in order.
          String name = Json.optionalText(m, "tool_name");
          if (name == null && answered < pendingCalls.size()) {
            name = pendingCalls.get(answered).name();
          }
          answered++;
          parsed.add(new LlmMessage("tool", content, List.of(), null, name));
        }
        default -> parsed.add(LlmMessage.of(role, content));
      }
    }
    List<String> tools = new ArrayList<>();
    for (JsonNode t : body.path("tools")) {
      String name = Json.optionalText(t.path("function"), "name");
      if (name != null) {
        tools.add(name);
      }
    }
    return new LlmRequest(0, protocol(), in.method(), in.path(), model, Requests.joinSystem(system), parsed, tools,
        body.path("stream").asBoolean(true), in.headers(), Requests.retryCount(in.headers()), in.body());
  }

  @Override
  public boolean rendersFromReplyAlone() {
    return true;
  }

  @Override
  public Rendered render(RenderContext ctx) {
    String text = ctx.reply() instanceof Reply.Text t ? t.text() : ((Reply.ToolCalls) ctx.reply()).text();
    List<ToolCall> calls = ctx.reply() instanceof Reply.ToolCalls tc ? tc.calls() : List.of();
    if (!ctx.request().stream()) {
      ObjectNode root = base(ctx);
      ObjectNode message = root.putObject("message").put("role", "assistant").put("content", text == null ? "" : text);
      addCalls(message, calls);
      done(ctx, root);
      return Rendered.json(200, Json.write(root));
    }
    List<String> lines = new ArrayList<>();
    if (text != null) {
      for (String w : Chunks.words(text)) {
        ObjectNode root = base(ctx);
        root.putObject("message").put("role", "assistant").put("content", w);
        root.put("done", false);
        lines.add(Json.write(root) + "\n");
      }
    }
    if (!calls.isEmpty()) {
      ObjectNode root = base(ctx);
      addCalls(root.putObject("message").put("role", "assistant").put("content", ""), calls);
      root.put("done", false);
      lines.add(Json.write(root) + "\n");
    }
    ObjectNode last = base(ctx);
    last.putObject("message").put("role", "assistant").put("content", "");
    done(ctx, last);
    lines.add(Json.write(last) + "\n");
    return Rendered.stream("application/x-ndjson", lines);
  }

  private static ObjectNode base(RenderContext ctx) {
    return Json.object().put("model", ctx.model()).put("created_at", CREATED_AT);
  }

  private static void addCalls(ObjectNode message, List<ToolCall> calls) {
    if (calls.isEmpty()) {
      return;
    }
    ArrayNode arr = message.putArray("tool_calls");
    for (int i = 0; i < calls.size(); i++) {
      ToolCall c = calls.get(i);
      ObjectNode fn = arr.addObject().putObject("function");
      fn.put("index", i);
      fn.put("name", c.name());
      fn.set("arguments", Json.parseArguments(c.arguments()));
    }
  }

  private static void done(RenderContext ctx, ObjectNode root) {
    root.put("done", true);
    root.put("done_reason", "stop");
    root.put("total_duration", 1_000_000L);
    root.put("load_duration", 0);
    root.put("prompt_eval_count", ctx.usage().inputTokens());
    root.put("prompt_eval_duration", 0);
    root.put("eval_count", ctx.usage().outputTokens());
    root.put("eval_duration", 0);
  }

  @Override
  public Rendered error(ErrorKind kind, int status, String message) {
    return Rendered.json(status, Json.write(Json.object().put("error", message)));
  }

  @Override
  public String streamError(String message, int eventsBefore) {
    return Json.write(Json.object().put("error", message)) + "\n";
  }

  /** Spaces before the newline: JSON allows trailing whitespace and NDJSON readers split on newlines. */
  @Override
  public String pad(String event, int targetBytes) {
    int missing = targetBytes - event.getBytes(StandardCharsets.UTF_8).length;
    return event.substring(0, event.length() - 1) + " ".repeat(missing) + "\n";
  }

  @Override
  public int minPadding() {
    return 0;
  }

  @Override
  public Rendered malformed(boolean streaming) {
    String cut = "{\"model\":\"broken\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":";
    return streaming ? Rendered.stream("application/x-ndjson", List.of(cut + "\n")) : Rendered.json(200, cut);
  }
}
