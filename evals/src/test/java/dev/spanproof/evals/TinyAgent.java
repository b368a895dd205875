package dev.spanproof.evals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A small real agent for the tests: an OpenAI Chat Completions loop over the JDK HTTP client with
 * one tool ({@code calculate}, adds {@code a} and {@code b}), traced by hand with the GenAI
 * semantic conventions (as the official instrumentations name spans and attributes).
 */
final class TinyAgent {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String baseUrl;
  private final Tracer tracer;
  private final String systemPrompt;

  TinyAgent(String openAiBaseUrl, OpenTelemetry otel, String systemPrompt) {
    this.baseUrl = openAiBaseUrl;
    this.tracer = otel.getTracer("tiny-agent");
    this.systemPrompt = systemPrompt;
  }

  TinyAgent(String openAiBaseUrl, OpenTelemetry otel) {
    this(openAiBaseUrl, otel, "You are a calculator assistant. Use the calculate tool.");
  }

  @SuppressWarnings("try") // the scope only makes the span current
  String run(String question) {
    Span agent = tracer.spanBuilder("invoke_agent assistant")
        .setAttribute("gen_ai.operation.name", "invoke_agent")
        .setAttribute("gen_ai.agent.name", "assistant")
        .startSpan();
    try (Scope ignored = agent.makeCurrent()) {
      ArrayNode messages = JSON.createArrayNode();
      messages.addObject().put("role", "system").put("content", systemPrompt);
      messages.addObject().put("role", "user").put("content", question);
      for (int turn = 0; turn < 5; turn++) {
        JsonNode message = chat(messages);
        JsonNode toolCalls = message.path("tool_calls");
        if (!toolCalls.isArray() || toolCalls.isEmpty()) {
          return message.path("content").asText();
        }
        messages.add(message);
        for (JsonNode call : toolCalls) {
          String name = call.path("function").path("name").asText();
          String arguments = call.path("function").path("arguments").asText();
          String result = executeTool(call.path("id").asText(), name, arguments);
          messages.addObject().put("role", "tool").put("tool_call_id", call.path("id").asText()).put("content", result);
        }
      }
      throw new IllegalStateException("the agent did not finish in 5 turns");
    } finally {
      agent.end();
    }
  }

  @SuppressWarnings("try") // the scope only makes the span current
  private JsonNode chat(ArrayNode messages) {
    Span span = tracer.spanBuilder("chat gpt-4")
        .setAttribute("gen_ai.operation.name", "chat")
        .setAttribute("gen_ai.provider.name", "openai")
        .setAttribute("gen_ai.request.model", "gpt-4")
        .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      ObjectNode body = JSON.createObjectNode();
      body.put("model", "gpt-4");
      body.set("messages", messages);
      ArrayNode tools = body.putArray("tools");
      ObjectNode function = tools.addObject().put("type", "function").putObject("function");
      function.put("name", "calculate").put("description", "adds a and b");
      function.putObject("parameters").put("type", "object");
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("the model answered HTTP " + response.statusCode() + ": " + response.body());
      }
      JsonNode answer = JSON.readTree(response.body());
      span.setAttribute("gen_ai.response.model", answer.path("model").asText("gpt-4"));
      span.setAttribute("gen_ai.usage.input_tokens", answer.path("usage").path("prompt_tokens").asLong());
      span.setAttribute("gen_ai.usage.output_tokens", answer.path("usage").path("completion_tokens").asLong());
      return answer.path("choices").path(0).path("message");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      span.end();
    }
  }

  private String executeTool(String id, String name, String arguments) {
    Span span = tracer.spanBuilder("execute_tool " + name)
        .setAttribute("gen_ai.operation.name", "execute_tool")
        .setAttribute("gen_ai.tool.name", name)
        .setAttribute("gen_ai.tool.call.id", id)
        .setAttribute("gen_ai.tool.call.arguments", arguments)
        .startSpan();
    try {
      JsonNode args = JSON.readTree(arguments);
      String result = String.valueOf(args.path("a").asLong() + args.path("b").asLong());
      span.setAttribute("gen_ai.tool.call.result", result);
      return result;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      span.end();
    }
  }
}
