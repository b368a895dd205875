package dev.spanproof.examples.calculator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import java.util.List;
import java.util.Map;

/**
 * A small tool-using agent over the official openai-java SDK: it asks the model, runs the
 * {@code calculate} tool whenever the model asks for it, and returns the model's final answer.
 *
 * <p>Its chat spans come from the official OpenTelemetry instrumentation of openai-java; the agent
 * adds the spans that instrumentation cannot know about, as the GenAI conventions name them: one
 * {@code invoke_agent assistant} span per run and one {@code execute_tool calculate} span per tool
 * call, with the call's id, arguments and result.
 */
public final class CalculatorAgent {

  static final String MODEL = "gpt-4";
  static final String AGENT_NAME = "assistant";
  private static final int MAX_TURNS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  private static final AttributeKey<String> AGENT = AttributeKey.stringKey("gen_ai.agent.name");
  private static final AttributeKey<String> MODEL_KEY = AttributeKey.stringKey("gen_ai.request.model");
  private static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  private static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
  private static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  private static final AttributeKey<String> TOOL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
  private static final AttributeKey<String> TOOL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final OpenAIClient client;
  private final Tracer tracer;

  /**
   * Creates the agent against an OpenAI-compatible endpoint.
   *
   * @param openAiBaseUrl the base URL including {@code /v1}, e.g. a mock LLM's {@code openAiBaseUrl()}
   * @param openTelemetry where the agent's and the SDK's spans go
   */
  public CalculatorAgent(String openAiBaseUrl, OpenTelemetry openTelemetry) {
    this(OpenAIOkHttpClient.builder()
            .baseUrl(openAiBaseUrl)
            // The mock LLM ignores the key; a real deployment reads it from OPENAI_API_KEY.
            .apiKey(System.getenv().getOrDefault("OPENAI_API_KEY", "no-key-needed-for-the-mock"))
            .build(),
        openTelemetry);
  }

  /**
   * Creates the agent over an existing client, which it instruments with OpenTelemetry.
   *
   * @param client the openai-java client
   * @param openTelemetry where the agent's and the SDK's spans go
   */
  public CalculatorAgent(OpenAIClient client, OpenTelemetry openTelemetry) {
    this.client = OpenAITelemetry.builder(openTelemetry).setCaptureMessageContent(true).build().wrap(client);
    this.tracer = openTelemetry.getTracer("dev.spanproof.examples.calculator");
  }

  /**
   * Answers a question, calling the calculator as often as the model asks.
   *
   * @param question the user's question
   * @return the model's final answer
   */
  public String run(String question) {
    Span agentSpan = tracer.spanBuilder("invoke_agent " + AGENT_NAME)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(OPERATION, "invoke_agent")
        .setAttribute(PROVIDER, "openai")
        .setAttribute(AGENT, AGENT_NAME)
        .setAttribute(MODEL_KEY, MODEL)
        .startSpan();
    try (Scope ignored = agentSpan.makeCurrent()) {
      ChatCompletionCreateParams.Builder conversation = ChatCompletionCreateParams.builder()
          .model(MODEL)
          .addSystemMessage("You are a helpful assistant. Use the calculate tool for arithmetic.")
          .addUserMessage(question)
          .addTool(calculateTool());
      for (int turn = 0; turn < MAX_TURNS; turn++) {
        ChatCompletion completion = client.chat().completions().create(conversation.build());
        ChatCompletionMessage message = completion.choices().get(0).message();
        List<ChatCompletionMessageToolCall> toolCalls = message.toolCalls().orElse(List.of());
        if (toolCalls.isEmpty()) {
          return message.content().orElse("");
        }
        conversation.addMessage(message);
        for (ChatCompletionMessageToolCall toolCall : toolCalls) {
          ChatCompletionMessageFunctionToolCall call = toolCall.asFunction();
          String result = executeTool(call);
          conversation.addMessage(ChatCompletionToolMessageParam.builder()
              .toolCallId(call.id())
              .content(result)
              .build());
        }
      }
      throw new IllegalStateException("The model kept calling tools for " + MAX_TURNS + " turns");
    } catch (RuntimeException e) {
      agentSpan.setStatus(StatusCode.ERROR, e.getMessage());
      agentSpan.setAttribute(ERROR_TYPE, e.getClass().getName());
      throw e;
    } finally {
      agentSpan.end();
    }
  }

  private String executeTool(ChatCompletionMessageFunctionToolCall call) {
    String name = call.function().name();
    String arguments = call.function().arguments();
    Span toolSpan = tracer.spanBuilder("execute_tool " + name)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(OPERATION, "execute_tool")
        .setAttribute(TOOL_NAME, name)
        .setAttribute(TOOL_TYPE, "function")
        .setAttribute(TOOL_CALL_ID, call.id())
        .setAttribute(TOOL_ARGUMENTS, arguments)
        .startSpan();
    try (Scope ignored = toolSpan.makeCurrent()) {
      String result = switch (name) {
        case "calculate" -> calculate(arguments);
        default -> "error: unknown tool " + name;
      };
      toolSpan.setAttribute(TOOL_RESULT, result);
      return result;
    } catch (RuntimeException e) {
      toolSpan.setStatus(StatusCode.ERROR, e.getMessage());
      toolSpan.setAttribute(ERROR_TYPE, e.getClass().getName());
      return "error: " + e.getMessage();
    } finally {
      toolSpan.end();
    }
  }

  /** The calculator itself: {@code {"a":2,"b":2,"op":"+"}} → {@code 4}; {@code op} defaults to "+". */
  static String calculate(String arguments) {
    JsonNode args;
    try {
      args = JSON.readTree(arguments);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("arguments are not JSON: " + arguments, e);
    }
    if (args == null || !args.path("a").isNumber() || !args.path("b").isNumber()) {
      throw new IllegalArgumentException("expected numbers a and b, got " + arguments);
    }
    double a = args.get("a").asDouble();
    double b = args.get("b").asDouble();
    double value = switch (args.path("op").asText("+")) {
      case "+" -> a + b;
      case "-" -> a - b;
      case "*" -> a * b;
      case "/" -> a / b;
      default -> throw new IllegalArgumentException("unknown op " + args.path("op").asText());
    };
    return value == Math.rint(value) && !Double.isInfinite(value)
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static ChatCompletionFunctionTool calculateTool() {
    return ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder()
            .name("calculate")
            .description("Applies op (+, -, *, /; default +) to the numbers a and b.")
            .parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of(
                    "a", Map.of("type", "number"),
                    "b", Map.of("type", "number"),
                    "op", Map.of("type", "string", "enum", List.of("+", "-", "*", "/")))))
                .putAdditionalProperty("required", JsonValue.from(List.of("a", "b")))
                .build())
            .build())
        .build();
  }
}
