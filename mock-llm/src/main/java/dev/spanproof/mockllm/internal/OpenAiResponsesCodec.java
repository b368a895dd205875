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

/** OpenAI Responses ({@code POST /v1/responses}). Not for public use. */
public final class OpenAiResponsesCodec implements Codec {
  private final OpenAiChatCodec errors = new OpenAiChatCodec();

  @Override
  public Protocol protocol() {
    return Protocol.OPENAI_RESPONSES;
  }

  @Override
  public LlmRequest parse(HttpIn in) {
    JsonNode body = Json.requireObject(in.bodyJson());
    String model = Json.requiredText(body, "model", "");
    List<String> system = new ArrayList<>();
    if (body.hasNonNull("instructions")) {
      system.add(body.get("instructions").asText());
    }
    List<LlmMessage> parsed = new ArrayList<>();
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      throw new BadRequestException("'input' is required");
    }
    if (input.isTextual()) {
      parsed.add(LlmMessage.of("user", input.asText()));
    } else if (input.isArray()) {
      for (int i = 0; i < input.size(); i++) {
        JsonNode item = input.get(i);
        String type = item.path("type").asText("message");
        switch (type) {
          case "message" -> {
            String role = Json.requiredText(item, "role", "input[" + i + "].");
            String content = OpenAiChatCodec.content(item.get("content"));
            if ("system".equals(role) || "developer".equals(role)) {
              system.add(content);
            } else {
              parsed.add(LlmMessage.of(role, content));
            }
          }
          case "function_call" -> {
            ToolCall call = new ToolCall(Json.optionalText(item, "call_id"),
                Json.requiredText(item, "name", "input[" + i + "]."), Json.optionalText(item, "arguments"));
            // Consecutive calls of one turn belong to one assistant message.
            LlmMessage last = parsed.isEmpty() ? null : parsed.get(parsed.size() - 1);
            if (last != null && "assistant".equals(last.role()) && !last.toolCalls().isEmpty()) {
              List<ToolCall> calls = new ArrayList<>(last.toolCalls());
              calls.add(call);
              parsed.set(parsed.size() - 1, new LlmMessage("assistant", last.content(), calls, null, null));
            } else {
              parsed.add(new LlmMessage("assistant", null, List.of(call), null, null));
            }
          }
          case "function_call_output" -> {
            JsonNode output = item.get("output");
            parsed.add(new LlmMessage("tool", output == null || output.isNull() ? null
                : output.isTextual() ? output.asText() : OpenAiChatCodec.content(output),
                List.of(), Json.optionalText(item, "call_id"), null));
          }
          default -> { /* reasoning items, item references: not part of the neutral model */ }
        }
      }
    } else {
      throw new BadRequestException("'input' must be a string or an array of input items");
    }
    List<String> tools = new ArrayList<>();
    for (JsonNode t : body.path("tools")) {
      String name = Json.optionalText(t, "name");
      if (name != null) {
        tools.add(name);
      }
    }
    return new LlmRequest(0, protocol(), in.method(), in.path(), model, Requests.joinSystem(system),
        Requests.resolveToolNames(parsed), tools, body.path("stream").asBoolean(false), in.headers(),
        Requests.retryCount(in.headers()), in.body());
  }

  @Override
  public Rendered render(RenderContext ctx) {
    return ctx.request().stream() ? stream(ctx) : Rendered.json(200, Json.write(response(ctx, "completed", true)));
  }

  private ObjectNode response(RenderContext ctx, String status, boolean withOutput) {
    ObjectNode r = Json.object();
    r.put("id", "resp_" + ctx.responseNumber());
    r.put("object", "response");
    r.put("created_at", ctx.created());
    r.put("status", status);
    r.put("background", false);
    r.putNull("error");
    r.putNull("incomplete_details");
    JsonNode instructions = ctx.body().get("instructions");
    r.set("instructions", instructions == null ? Json.object().nullNode() : instructions);
    r.putNull("max_output_tokens");
    r.put("model", ctx.model());
    ArrayNode output = r.putArray("output");
    if (withOutput) {
      for (JsonNode item : items(ctx)) {
        output.add(item);
      }
    }
    r.put("parallel_tool_calls", true);
    r.putNull("previous_response_id");
    r.putObject("reasoning").putNull("effort").putNull("summary");
    r.put("store", true);
    r.put("temperature", 1.0);
    r.putObject("text").putObject("format").put("type", "text");
    r.set("tool_choice", ctx.body().has("tool_choice") ? ctx.body().get("tool_choice") : Json.MAPPER.getNodeFactory().textNode("auto"));
    r.set("tools", ctx.body().has("tools") ? ctx.body().get("tools") : Json.array());
    r.put("top_p", 1.0);
    r.put("truncation", "disabled");
    if (withOutput) {
      ObjectNode u = r.putObject("usage");
      u.put("input_tokens", ctx.usage().inputTokens());
      u.putObject("input_tokens_details").put("cached_tokens", 0);
      u.put("output_tokens", ctx.usage().outputTokens());
      u.putObject("output_tokens_details").put("reasoning_tokens", 0);
      u.put("total_tokens", ctx.usage().totalTokens());
    } else {
      r.putNull("usage");
    }
    r.putNull("user");
    r.putObject("metadata");
    return r;
  }

  private static List<ObjectNode> items(RenderContext ctx) {
    List<ObjectNode> items = new ArrayList<>();
    String text = ctx.reply() instanceof Reply.Text t ? t.text() : ((Reply.ToolCalls) ctx.reply()).text();
    if (text != null) {
      items.add(messageItem(ctx, text, "completed"));
    }
    if (ctx.reply() instanceof Reply.ToolCalls tc) {
      for (ToolCall c : tc.calls()) {
        items.add(callItem(c, c.arguments(), "completed"));
      }
    }
    return items;
  }

  private static ObjectNode messageItem(RenderContext ctx, String text, String status) {
    ObjectNode item = Json.object().put("type", "message").put("id", "msg_" + ctx.responseNumber())
        .put("status", status).put("role", "assistant");
    ArrayNode content = item.putArray("content");
    if (text != null) {
      content.add(textPart(text));
    }
    return item;
  }

  private static ObjectNode textPart(String text) {
    ObjectNode part = Json.object().put("type", "output_text").put("text", text);
    part.putArray("annotations");
    part.putArray("logprobs");
    return part;
  }

  private static ObjectNode callItem(ToolCall c, String arguments, String status) {
    return Json.object().put("type", "function_call").put("id", "fc_" + c.id().replaceFirst("^call_", ""))
        .put("call_id", c.id()).put("name", c.name()).put("arguments", arguments).put("status", status);
  }

  private Rendered stream(RenderContext ctx) {
    List<ObjectNode> events = new ArrayList<>();
    events.add(Json.object().put("type", "response.created").set("response", response(ctx, "in_progress", false)));
    events.add(Json.object().put("type", "response.in_progress").set("response", response(ctx, "in_progress", false)));
    int outputIndex = 0;
    String text = ctx.reply() instanceof Reply.Text t ? t.text() : ((Reply.ToolCalls) ctx.reply()).text();
    if (text != null) {
      String itemId = "msg_" + ctx.responseNumber();
      events.add(Json.object().put("type", "response.output_item.added").put("output_index", outputIndex)
          .set("item", messageItem(ctx, null, "in_progress")));
      events.add(Json.object().put("type", "response.content_part.added").put("item_id", itemId)
          .put("output_index", outputIndex).put("content_index", 0).set("part", textPart("")));
      for (String w : Chunks.words(text)) {
        ObjectNode delta = Json.object().put("type", "response.output_text.delta").put("item_id", itemId)
            .put("output_index", outputIndex).put("content_index", 0).put("delta", w);
        delta.putArray("logprobs");
        events.add(delta);
      }
      ObjectNode done = Json.object().put("type", "response.output_text.done").put("item_id", itemId)
          .put("output_index", outputIndex).put("content_index", 0).put("text", text);
      done.putArray("logprobs");
      events.add(done);
      events.add(Json.object().put("type", "response.content_part.done").put("item_id", itemId)
          .put("output_index", outputIndex).put("content_index", 0).set("part", textPart(text)));
      events.add(Json.object().put("type", "response.output_item.done").put("output_index", outputIndex)
          .set("item", messageItem(ctx, text, "completed")));
      outputIndex++;
    }
    if (ctx.reply() instanceof Reply.ToolCalls tc) {
      for (ToolCall c : tc.calls()) {
        ObjectNode added = callItem(c, "", "in_progress");
        String itemId = added.get("id").asText();
        events.add(Json.object().put("type", "response.output_item.added").put("output_index", outputIndex).set("item", added));
        for (String piece : Chunks.pieces(c.arguments())) {
          events.add(Json.object().put("type", "response.function_call_arguments.delta").put("item_id", itemId)
              .put("output_index", outputIndex).put("delta", piece));
        }
        events.add(Json.object().put("type", "response.function_call_arguments.done").put("item_id", itemId)
            .put("output_index", outputIndex).put("name", c.name()).put("arguments", c.arguments()));
        events.add(Json.object().put("type", "response.output_item.done").put("output_index", outputIndex)
            .set("item", callItem(c, c.arguments(), "completed")));
        outputIndex++;
      }
    }
    events.add(Json.object().put("type", "response.completed").set("response", response(ctx, "completed", true)));
    List<String> sse = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      ObjectNode e = events.get(i);
      e.put("sequence_number", i);
      sse.add(Chunks.sse(e.get("type").asText(), Json.write(e)));
    }
    return Rendered.stream("text/event-stream; charset=utf-8", sse);
  }

  @Override
  public Rendered error(ErrorKind kind, int status, String message) {
    return errors.error(kind, status, message);
  }

  @Override
  public String streamError(String message, int eventsBefore) {
    ObjectNode e = Json.object().put("type", "error").put("code", "server_error").put("message", message)
        .putNull("param").put("sequence_number", eventsBefore);
    return Chunks.sse("error", Json.write(e));
  }

  @Override
  public Rendered malformed(boolean streaming) {
    return streaming
        ? Rendered.stream("text/event-stream; charset=utf-8", List.of(Chunks.sse("response.created",
            "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_broken\",")))
        : Rendered.json(200, "{\"id\":\"resp_broken\",\"object\":\"response\",\"output\":[{");
  }
}
