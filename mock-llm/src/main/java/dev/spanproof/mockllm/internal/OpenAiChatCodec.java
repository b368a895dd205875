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

/** OpenAI Chat Completions ({@code POST /v1/chat/completions}). Not for public use. */
public final class OpenAiChatCodec implements Codec {

  @Override
  public Protocol protocol() {
    return Protocol.OPENAI_CHAT;
  }

  @Override
  public LlmRequest parse(HttpIn in) {
    JsonNode body = Json.requireObject(in.bodyJson());
    String model = Json.requiredText(body, "model", "");
    JsonNode messages = Json.requiredArray(body, "messages", "");
    List<String> system = new ArrayList<>();
    List<LlmMessage> parsed = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      if (!m.isObject()) {
        throw new BadRequestException("'messages[" + i + "]' must be an object");
      }
      String role = Json.requiredText(m, "role", "messages[" + i + "].");
      String content = content(m.get("content"));
      switch (role) {
        case "system", "developer" -> system.add(content);
        case "tool" -> parsed.add(new LlmMessage("tool", content, List.of(), Json.optionalText(m, "tool_call_id"), null));
        case "assistant" -> {
          List<ToolCall> calls = new ArrayList<>();
          JsonNode tcs = m.get("tool_calls");
          if (tcs != null && tcs.isArray()) {
            for (JsonNode tc : tcs) {
              JsonNode fn = tc.path("function");
              String name = Json.optionalText(fn, "name");
              if (name == null) {
                throw new BadRequestException("'messages[" + i + "].tool_calls[].function.name' is required");
              }
              calls.add(new ToolCall(Json.optionalText(tc, "id"), name, Json.optionalText(fn, "arguments")));
            }
          }
          parsed.add(new LlmMessage("assistant", content, calls, null, null));
        }
        default -> parsed.add(LlmMessage.of(role, content));
      }
    }
    List<String> tools = new ArrayList<>();
    JsonNode toolsNode = body.get("tools");
    if (toolsNode != null && toolsNode.isArray()) {
      for (JsonNode t : toolsNode) {
        String name = Json.optionalText(t.path("function"), "name");
        if (name == null) {
          name = Json.optionalText(t.path("custom"), "name");
        }
        if (name != null) {
          tools.add(name);
        }
      }
    }
    return new LlmRequest(0, protocol(), in.method(), in.path(), model, Requests.joinSystem(system),
        Requests.resolveToolNames(parsed), tools, body.path("stream").asBoolean(false), in.headers(),
        Requests.retryCount(in.headers()), in.body());
  }

  /** Message content: a string, or an array of parts whose texts are joined. */
  static String content(JsonNode c) {
    if (c == null || c.isNull()) {
      return null;
    }
    if (c.isTextual()) {
      return c.asText();
    }
    if (c.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : c) {
        if (part.has("text")) {
          sb.append(part.get("text").asText());
        } else if (part.isTextual()) {
          sb.append(part.asText());
        }
      }
      return sb.toString();
    }
    return c.toString();
  }

  @Override
  public boolean rendersFromReplyAlone() {
    return true;
  }

  @Override
  public Rendered render(RenderContext ctx) {
    return ctx.request().stream() ? stream(ctx) : Rendered.json(200, Json.write(completion(ctx)));
  }

  private ObjectNode completion(RenderContext ctx) {
    ObjectNode root = header(ctx, "chat.completion");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (ctx.reply() instanceof Reply.Text t) {
      message.put("content", t.text());
      message.putNull("refusal");
      message.putArray("annotations");
      choice.putNull("logprobs");
      choice.put("finish_reason", "stop");
    } else {
      Reply.ToolCalls tc = (Reply.ToolCalls) ctx.reply();
      if (tc.text() == null) {
        message.putNull("content");
      } else {
        message.put("content", tc.text());
      }
      message.putNull("refusal");
      message.putArray("annotations");
      ArrayNode calls = message.putArray("tool_calls");
      for (ToolCall c : tc.calls()) {
        ObjectNode call = calls.addObject();
        call.put("id", c.id());
        call.put("type", "function");
        ObjectNode fn = call.putObject("function");
        fn.put("name", c.name());
        fn.put("arguments", c.arguments());
      }
      choice.putNull("logprobs");
      choice.put("finish_reason", "tool_calls");
    }
    root.set("usage", usage(ctx));
    return root;
  }

  private static ObjectNode header(RenderContext ctx, String object) {
    ObjectNode root = Json.object();
    root.put("id", "chatcmpl-" + ctx.responseNumber());
    root.put("object", object);
    root.put("created", ctx.created());
    root.put("model", ctx.model());
    root.put("service_tier", "default");
    root.put("system_fingerprint", "fp_spanproof");
    return root;
  }

  private static ObjectNode usage(RenderContext ctx) {
    ObjectNode u = Json.object();
    u.put("prompt_tokens", ctx.usage().inputTokens());
    u.put("completion_tokens", ctx.usage().outputTokens());
    u.put("total_tokens", ctx.usage().totalTokens());
    ObjectNode pd = u.putObject("prompt_tokens_details");
    pd.put("cached_tokens", 0);
    pd.put("audio_tokens", 0);
    ObjectNode cd = u.putObject("completion_tokens_details");
    cd.put("reasoning_tokens", 0);
    cd.put("audio_tokens", 0);
    cd.put("accepted_prediction_tokens", 0);
    cd.put("rejected_prediction_tokens", 0);
    return u;
  }

  private Rendered stream(RenderContext ctx) {
    boolean includeUsage = ctx.body().path("stream_options").path("include_usage").asBoolean(false);
    List<String> events = new ArrayList<>();
    boolean toolCalls = ctx.reply() instanceof Reply.ToolCalls;
    String text = ctx.reply() instanceof Reply.Text t ? t.text() : ((Reply.ToolCalls) ctx.reply()).text();

    ObjectNode first = Json.object();
    first.put("role", "assistant");
    if (toolCalls && text == null) {
      first.putNull("content");
    } else {
      first.put("content", "");
    }
    first.putNull("refusal");
    events.add(chunk(ctx, first, null, includeUsage));
    if (text != null) {
      for (String w : Chunks.words(text)) {
        ObjectNode d = Json.object();
        d.put("content", w);
        events.add(chunk(ctx, d, null, includeUsage));
      }
    }
    if (toolCalls) {
      List<ToolCall> calls = ((Reply.ToolCalls) ctx.reply()).calls();
      for (int i = 0; i < calls.size(); i++) {
        ToolCall c = calls.get(i);
        // The first fragment carries index, id, type and name; later ones only index and an arguments piece.
        ObjectNode d = Json.object();
        ObjectNode item = d.putArray("tool_calls").addObject();
        item.put("index", i);
        item.put("id", c.id());
        item.put("type", "function");
        item.putObject("function").put("name", c.name()).put("arguments", "");
        events.add(chunk(ctx, d, null, includeUsage));
        for (String piece : Chunks.pieces(c.arguments())) {
          ObjectNode dp = Json.object();
          ObjectNode ip = dp.putArray("tool_calls").addObject();
          ip.put("index", i);
          ip.putObject("function").put("arguments", piece);
          events.add(chunk(ctx, dp, null, includeUsage));
        }
      }
    }
    events.add(chunk(ctx, Json.object(), toolCalls ? "tool_calls" : "stop", includeUsage));
    if (includeUsage) {
      ObjectNode last = header(ctx, "chat.completion.chunk");
      last.putArray("choices");
      last.set("usage", usage(ctx));
      events.add(Chunks.sse(null, Json.write(last)));
    }
    events.add(Chunks.sse(null, "[DONE]"));
    return Rendered.stream("text/event-stream", events);
  }

  private static String chunk(RenderContext ctx, ObjectNode delta, String finishReason, boolean includeUsage) {
    ObjectNode root = header(ctx, "chat.completion.chunk");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    if (includeUsage) {
      root.putNull("usage");
    }
    return Chunks.sse(null, Json.write(root));
  }

  @Override
  public Rendered error(ErrorKind kind, int status, String message) {
    ObjectNode root = Json.object();
    ObjectNode e = root.putObject("error");
    e.put("message", message);
    switch (kind) {
      case UNMATCHED -> e.put("type", "invalid_request_error").putNull("param").put("code", "spanproof_unmatched_request");
      case INVALID_REQUEST -> e.put("type", "invalid_request_error").putNull("param").putNull("code");
      case NOT_FOUND -> e.put("type", "invalid_request_error").putNull("param").put("code", "unknown_url");
      case RATE_LIMITED -> e.put("type", "requests").putNull("param").put("code", "rate_limit_exceeded");
      case SERVER_ERROR, OVERLOADED -> e.put("type", "server_error").putNull("param").putNull("code");
    }
    Rendered r = Rendered.json(status, Json.write(root));
    if (kind == ErrorKind.RATE_LIMITED) {
      r = r.withHeader("x-ratelimit-limit-requests", "60")
          .withHeader("x-ratelimit-remaining-requests", "0")
          .withHeader("x-ratelimit-reset-requests", "1s")
          .withHeader("x-ratelimit-limit-tokens", "150000")
          .withHeader("x-ratelimit-remaining-tokens", "0")
          .withHeader("x-ratelimit-reset-tokens", "1s");
    }
    return r;
  }

  @Override
  public String streamError(String message, int eventsBefore) {
    ObjectNode root = Json.object();
    root.putObject("error").put("message", message).put("type", "server_error").putNull("param").putNull("code");
    return Chunks.sse(null, Json.write(root));
  }

  @Override
  public Rendered malformed(boolean streaming) {
    return streaming
        ? Rendered.stream("text/event-stream", List.of(Chunks.sse(null, "{\"id\":\"broken\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,")))
        : Rendered.json(200, "{\"id\":\"broken\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,");
  }
}
