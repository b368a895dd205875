package dev.spanproof.mockllm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanproof.mockllm.LlmMessage;
import dev.spanproof.mockllm.LlmRequest;
import dev.spanproof.mockllm.Protocol;
import dev.spanproof.mockllm.Reply;
import dev.spanproof.mockllm.ToolCall;
import java.util.ArrayList;
import java.util.List;

/** Anthropic Messages ({@code POST /v1/messages}). Not for public use. */
public final class AnthropicCodec implements Codec {

  @Override
  public Protocol protocol() {
    return Protocol.ANTHROPIC_MESSAGES;
  }

  @Override
  public String toolCallIdPrefix() {
    return "toolu_";
  }

  @Override
  public int overloadedStatus() {
    return 529;
  }

  @Override
  public LlmRequest parse(HttpIn in) {
    JsonNode body = Json.requireObject(in.bodyJson());
    String model = Json.requiredText(body, "model", "");
    JsonNode maxTokens = body.get("max_tokens");
    if (maxTokens == null || !maxTokens.isIntegralNumber()) {
      throw new BadRequestException("'max_tokens' is required and must be an integer");
    }
    JsonNode messages = Json.requiredArray(body, "messages", "");
    List<String> system = new ArrayList<>();
    system.add(blocksText(body.get("system")));
    List<LlmMessage> parsed = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      if (!m.isObject()) {
        throw new BadRequestException("'messages[" + i + "]' must be an object");
      }
      String role = Json.requiredText(m, "role", "messages[" + i + "].");
      JsonNode content = m.get("content");
      if (content == null || content.isNull()) {
        throw new BadRequestException("'messages[" + i + "].content' is required");
      }
      if ("system".equals(role)) {
        system.add(blocksText(content));
        continue;
      }
      if (content.isTextual()) {
        parsed.add(LlmMessage.of(role, content.asText()));
        continue;
      }
      if (!content.isArray()) {
        throw new BadRequestException("'messages[" + i + "].content' must be a string or an array of content blocks");
      }
      StringBuilder text = new StringBuilder();
      List<ToolCall> calls = new ArrayList<>();
      for (JsonNode block : content) {
        String type = Json.optionalText(block, "type");
        if (type == null) {
          throw new BadRequestException("'messages[" + i + "].content[].type' is required");
        }
        switch (type) {
          case "text" -> text.append(block.path("text").asText(""));
          case "tool_use" -> calls.add(new ToolCall(Json.optionalText(block, "id"), Json.requiredText(block, "name",
              "messages[" + i + "].content[]."), Json.write(block.has("input") ? block.get("input") : Json.object())));
          case "tool_result" -> parsed.add(new LlmMessage("tool", blocksText(block.get("content")), List.of(),
              Json.optionalText(block, "tool_use_id"), null));
          default -> { /* images, documents, thinking: not part of the neutral model */ }
        }
      }
      if (!calls.isEmpty() || text.length() > 0 || "assistant".equals(role)) {
        parsed.add(new LlmMessage(role, text.length() == 0 && !calls.isEmpty() ? null : text.toString(), calls, null, null));
      }
    }
    List<String> tools = new ArrayList<>();
    for (JsonNode t : body.path("tools")) {
      String name = Json.optionalText(t, "name");
      if (name != null) {
        tools.add(name);
      }
    }
    return new LlmRequest(0, protocol(), in.method(), in.path(), model, Requests.joinSystem(system), Requests.resolveToolNames(parsed), tools,
        body.path("stream").asBoolean(false), in.headers(), Requests.retryCount(in.headers()), in.body());
  }

  /** A string, or an array of text blocks joined; null when absent. */
  private static String blocksText(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode b : node) {
      if (b.has("text")) {
        sb.append(b.get("text").asText());
      }
    }
    return sb.toString();
  }

  @Override
  public boolean rendersFromReplyAlone() {
    return true;
  }

  @Override
  public Rendered render(RenderContext ctx) {
    if (ctx.request().stream()) {
      return stream(ctx);
    }
    ObjectNode root = message(ctx);
    ArrayNode content = root.putArray("content");
    String text = text(ctx.reply());
    if (text != null) {
      content.addObject().put("type", "text").put("text", text);
    }
    for (ToolCall c : calls(ctx.reply())) {
      content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name())
          .set("input", Json.parseArguments(c.arguments()));
    }
    root.put("stop_reason", calls(ctx.reply()).isEmpty() ? "end_turn" : "tool_use");
    root.putNull("stop_sequence");
    root.set("usage", usage(ctx.usage().inputTokens(), ctx.usage().outputTokens()));
    return Rendered.json(200, Json.write(root));
  }

  private static ObjectNode message(RenderContext ctx) {
    ObjectNode root = Json.object();
    root.put("id", "msg_" + ctx.responseNumber());
    root.put("type", "message");
    root.put("role", "assistant");
    root.put("model", ctx.model());
    return root;
  }

  private static ObjectNode usage(int input, int output) {
    ObjectNode u = Json.object();
    u.put("input_tokens", input);
    u.put("cache_creation_input_tokens", 0);
    u.put("cache_read_input_tokens", 0);
    u.put("output_tokens", output);
    return u;
  }

  private static String text(Reply reply) {
    return reply instanceof Reply.Text t ? t.text() : ((Reply.ToolCalls) reply).text();
  }

  private static List<ToolCall> calls(Reply reply) {
    return reply instanceof Reply.ToolCalls tc ? tc.calls() : List.of();
  }

  private Rendered stream(RenderContext ctx) {
    List<String> events = new ArrayList<>();
    ObjectNode start = Json.object().put("type", "message_start");
    ObjectNode message = message(ctx);
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.set("usage", usage(ctx.usage().inputTokens(), 1));
    start.set("message", message);
    events.add(Chunks.sse("message_start", Json.write(start)));
    int index = 0;
    String text = text(ctx.reply());
    if (text != null) {
      ObjectNode blockStart = Json.object().put("type", "content_block_start").put("index", index);
      blockStart.putObject("content_block").put("type", "text").put("text", "");
      events.add(Chunks.sse("content_block_start", Json.write(blockStart)));
      events.add(Chunks.sse("ping", "{\"type\":\"ping\"}"));
      for (String w : Chunks.words(text)) {
        ObjectNode delta = Json.object().put("type", "content_block_delta").put("index", index);
        delta.putObject("delta").put("type", "text_delta").put("text", w);
        events.add(Chunks.sse("content_block_delta", Json.write(delta)));
      }
      events.add(Chunks.sse("content_block_stop", Json.write(Json.object().put("type", "content_block_stop").put("index", index))));
      index++;
    }
    for (ToolCall c : calls(ctx.reply())) {
      ObjectNode blockStart = Json.object().put("type", "content_block_start").put("index", index);
      ObjectNode block = blockStart.putObject("content_block").put("type", "tool_use").put("id", c.id()).put("name", c.name());
      block.putObject("input");
      events.add(Chunks.sse("content_block_start", Json.write(blockStart)));
      // Anthropic sends the arguments as partial JSON text, starting with an empty piece.
      List<String> pieces = new ArrayList<>();
      pieces.add("");
      pieces.addAll(Chunks.pieces(Json.write(Json.parseArguments(c.arguments()))));
      for (String piece : pieces) {
        ObjectNode delta = Json.object().put("type", "content_block_delta").put("index", index);
        delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
        events.add(Chunks.sse("content_block_delta", Json.write(delta)));
      }
      events.add(Chunks.sse("content_block_stop", Json.write(Json.object().put("type", "content_block_stop").put("index", index))));
      index++;
    }
    ObjectNode messageDelta = Json.object().put("type", "message_delta");
    messageDelta.putObject("delta").put("stop_reason", calls(ctx.reply()).isEmpty() ? "end_turn" : "tool_use").putNull("stop_sequence");
    messageDelta.putObject("usage").put("output_tokens", ctx.usage().outputTokens());
    events.add(Chunks.sse("message_delta", Json.write(messageDelta)));
    events.add(Chunks.sse("message_stop", "{\"type\":\"message_stop\"}"));
    return Rendered.stream("text/event-stream; charset=utf-8", events);
  }

  @Override
  public Rendered error(ErrorKind kind, int status, String message) {
    String type = switch (kind) {
      case UNMATCHED, INVALID_REQUEST -> "invalid_request_error";
      case NOT_FOUND -> "not_found_error";
      case RATE_LIMITED -> "rate_limit_error";
      case SERVER_ERROR -> status == 529 ? "overloaded_error" : "api_error";
      case OVERLOADED -> "overloaded_error";
    };
    ObjectNode root = Json.object().put("type", "error");
    root.putObject("error").put("type", type).put("message", message);
    return Rendered.json(status, Json.write(root)).withHeader("request-id", "req_spanproof");
  }

  @Override
  public String streamError(String message, int eventsBefore) {
    ObjectNode root = Json.object().put("type", "error");
    root.putObject("error").put("type", "api_error").put("message", message);
    return Chunks.sse("error", Json.write(root));
  }

  @Override
  public Rendered malformed(boolean streaming) {
    return streaming
        ? Rendered.stream("text/event-stream; charset=utf-8", List.of(Chunks.sse("message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_broken\",\"type\":\"message\",")))
        : Rendered.json(200, "{\"id\":\"msg_broken\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{");
  }
}
