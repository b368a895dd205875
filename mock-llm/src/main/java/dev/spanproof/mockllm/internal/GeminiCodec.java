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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Gemini {@code generateContent} / {@code streamGenerateContent?alt=sse}. Not for public use. */
public final class GeminiCodec implements Codec {
  private static final Pattern PATH = Pattern.compile("^/(?:v1beta|v1|v1alpha)/models/([^/:]+):(generateContent|streamGenerateContent)(?:\\?.*)?$");

  @Override
  public Protocol protocol() {
    return Protocol.GEMINI;
  }

  @Override
  public LlmRequest parse(HttpIn in) {
    Matcher m = PATH.matcher(in.path());
    if (!m.matches()) {
      throw new BadRequestException("the path must be /v1beta/models/{model}:generateContent or :streamGenerateContent");
    }
    String model = m.group(1);
    boolean stream = m.group(2).equals("streamGenerateContent");
    JsonNode body = Json.requireObject(in.bodyJson());
    JsonNode contents = Json.requiredArray(body, "contents", "");
    List<LlmMessage> parsed = new ArrayList<>();
    for (int i = 0; i < contents.size(); i++) {
      JsonNode c = contents.get(i);
      String role = c.path("role").asText("user");
      String neutralRole = "model".equals(role) ? "assistant" : "function".equals(role) ? "tool" : role;
      StringBuilder text = new StringBuilder();
      List<ToolCall> calls = new ArrayList<>();
      JsonNode parts = c.get("parts");
      if (parts == null || !parts.isArray()) {
        throw new BadRequestException("'contents[" + i + "].parts' is required and must be an array");
      }
      for (JsonNode p : parts) {
        if (p.has("text")) {
          text.append(p.get("text").asText());
        } else if (p.has("functionCall")) {
          JsonNode fc = p.get("functionCall");
          calls.add(new ToolCall(Json.optionalText(fc, "id"), Json.requiredText(fc, "name", "contents[" + i + "].parts[].functionCall."),
              Json.write(fc.has("args") ? fc.get("args") : Json.object())));
        } else if (p.has("functionResponse")) {
          JsonNode fr = p.get("functionResponse");
          parsed.add(new LlmMessage("tool", responseText(fr.get("response")), List.of(), Json.optionalText(fr, "id"),
              Json.optionalText(fr, "name")));
        }
      }
      if (!calls.isEmpty() || text.length() > 0) {
        parsed.add(new LlmMessage(neutralRole, text.length() == 0 ? null : text.toString(), calls, null, null));
      }
    }
    String system = null;
    JsonNode si = body.get("systemInstruction");
    if (si == null) {
      si = body.get("system_instruction");
    }
    if (si != null && si.has("parts")) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode p : si.get("parts")) {
        sb.append(p.path("text").asText(""));
      }
      system = sb.toString();
    }
    List<String> tools = new ArrayList<>();
    for (JsonNode t : body.path("tools")) {
      JsonNode decls = t.has("functionDeclarations") ? t.get("functionDeclarations") : t.path("function_declarations");
      for (JsonNode d : decls) {
        String name = Json.optionalText(d, "name");
        if (name != null) {
          tools.add(name);
        }
      }
    }
    return new LlmRequest(0, protocol(), in.method(), in.path(), model, system, Requests.resolveToolNames(parsed), tools,
        stream, in.headers(), Requests.retryCount(in.headers()), in.body());
  }

  /** A function response's text: a lone string field's value, else the JSON. */
  private static String responseText(JsonNode response) {
    if (response == null || response.isNull()) {
      return null;
    }
    if (response.isObject() && response.size() == 1 && response.elements().next().isValueNode()) {
      return response.elements().next().asText();
    }
    return response.isTextual() ? response.asText() : Json.write(response);
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
      ObjectNode root = Json.object();
      ArrayNode parts = candidate(root, true);
      if (text != null) {
        parts.addObject().put("text", text);
      }
      addCalls(parts, calls);
      finish(ctx, root);
      return Rendered.json(200, Json.write(root));
    }
    List<String> events = new ArrayList<>();
    List<String> words = text == null ? List.of() : Chunks.words(text);
    for (int i = 0; i < words.size(); i++) {
      ObjectNode root = Json.object();
      candidate(root, false).addObject().put("text", words.get(i));
      boolean last = i == words.size() - 1 && calls.isEmpty();
      if (last) {
        finish(ctx, root);
      } else {
        meta(ctx, root);
      }
      events.add(Chunks.sse(null, Json.write(root)));
    }
    if (!calls.isEmpty() || words.isEmpty()) {
      ObjectNode root = Json.object();
      ArrayNode parts = candidate(root, false);
      addCalls(parts, calls);
      if (calls.isEmpty()) {
        parts.addObject().put("text", "");
      }
      finish(ctx, root);
      events.add(Chunks.sse(null, Json.write(root)));
    }
    return Rendered.stream("text/event-stream", events);
  }

  private static ArrayNode candidate(ObjectNode root, boolean index) {
    ObjectNode cand = root.putArray("candidates").addObject();
    ObjectNode content = cand.putObject("content");
    ArrayNode parts = content.putArray("parts");
    content.put("role", "model");
    if (index) {
      cand.put("index", 0);
    }
    return parts;
  }

  private static void addCalls(ArrayNode parts, List<ToolCall> calls) {
    for (ToolCall c : calls) {
      parts.addObject().putObject("functionCall").put("name", c.name()).set("args", Json.parseArguments(c.arguments()));
    }
  }

  private static void finish(RenderContext ctx, ObjectNode root) {
    ObjectNode cand = (ObjectNode) root.get("candidates").get(0);
    cand.put("finishReason", "STOP");
    cand.put("index", 0);
    ObjectNode u = root.putObject("usageMetadata");
    u.put("promptTokenCount", ctx.usage().inputTokens());
    u.put("candidatesTokenCount", ctx.usage().outputTokens());
    u.put("totalTokenCount", ctx.usage().totalTokens());
    meta(ctx, root);
  }

  private static void meta(RenderContext ctx, ObjectNode root) {
    root.put("modelVersion", ctx.model());
    root.put("responseId", "resp-" + ctx.responseNumber());
  }

  @Override
  public Rendered error(ErrorKind kind, int status, String message) {
    String s = switch (status) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    };
    ObjectNode root = Json.object();
    root.putObject("error").put("code", status).put("message", message).put("status", s);
    return Rendered.json(status, Json.write(root));
  }

  @Override
  public String streamError(String message, int eventsBefore) {
    ObjectNode root = Json.object();
    root.putObject("error").put("code", 500).put("message", message).put("status", "INTERNAL");
    return Chunks.sse(null, Json.write(root));
  }

  /** Trailing spaces inside the data line: Gemini data is always JSON, and some Gemini SSE readers reject comment lines. */
  @Override
  public String pad(String event, int targetBytes) {
    int missing = targetBytes - event.getBytes(StandardCharsets.UTF_8).length;
    String body = event.substring(0, event.length() - 2);
    return body + " ".repeat(missing) + "\n\n";
  }

  @Override
  public int minPadding() {
    return 0;
  }

  @Override
  public Rendered malformed(boolean streaming) {
    return streaming
        ? Rendered.stream("text/event-stream", List.of(Chunks.sse(null, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":")))
        : Rendered.json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":");
  }
}
