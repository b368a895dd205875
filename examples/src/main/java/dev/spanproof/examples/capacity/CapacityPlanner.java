package dev.spanproof.examples.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.spanproof.examples.support.GenAiSpans;
import dev.spanproof.examples.support.OpenAiTools;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A capacity planner, after AutoGen's {@code AssistantAgent(reflect_on_tool_use=True)}: it asks the
 * model, runs the {@code estimate_latency(service, requests_per_minute)} tool the model asks for,
 * then <em>reflects</em>: asks the model once more, with the tool results and without tools, to turn
 * them into an answer. Without reflection it answers with the tool results as they are.
 *
 * <p>Trace: {@code invoke_agent capacity_planner} over {@code chat}, {@code execute_tool
 * estimate_latency} per call, and (reflecting) a second {@code chat}.
 */
public final class CapacityPlanner {

  /** The agent's name. */
  public static final String AGENT = "capacity_planner";
  /** The model it asks. */
  public static final String MODEL = "gpt-4o";

  private static final Map<String, Double> BASE_LATENCY_MS = Map.of("checkout", 80.0, "search", 40.0, "catalog", 25.0);
  private static final double CAPACITY_RPM = 3_000;

  private final OpenAIClient client;
  private final Tracer tracer;
  private final boolean reflectOnToolUse;

  /**
   * Creates the planner, reflecting on tool results before answering.
   *
   * @param openAiBaseUrl the base URL including {@code /v1}
   * @param openTelemetry where the agent's and the SDK's spans go
   */
  public CapacityPlanner(String openAiBaseUrl, OpenTelemetry openTelemetry) {
    this(openAiBaseUrl, openTelemetry, true);
  }

  /**
   * Creates the planner.
   *
   * @param openAiBaseUrl the base URL including {@code /v1}
   * @param openTelemetry where the agent's and the SDK's spans go
   * @param reflectOnToolUse whether to ask the model to reflect on tool results (else they are the answer)
   */
  public CapacityPlanner(String openAiBaseUrl, OpenTelemetry openTelemetry, boolean reflectOnToolUse) {
    this.client = OpenAITelemetry.builder(openTelemetry).setCaptureMessageContent(true).build()
        .wrap(OpenAiTools.client(openAiBaseUrl));
    this.tracer = openTelemetry.getTracer("dev.spanproof.examples.capacity");
    this.reflectOnToolUse = reflectOnToolUse;
  }

  /**
   * Answers a capacity question.
   *
   * @param question e.g. "Can checkout take 1,200 requests per minute?"
   * @return the answer
   */
  public String run(String question) {
    return GenAiSpans.run(GenAiSpans.startAgent(tracer, AGENT, "openai"), () -> {
      ChatCompletionCreateParams.Builder request = ChatCompletionCreateParams.builder()
          .model(MODEL)
          .addSystemMessage("You are a capacity planner. Estimate latencies with the estimate_latency tool, "
              + "then say whether the service keeps its 200 ms p95 objective.")
          .addUserMessage(question);
      ChatCompletion first = client.chat().completions().create(request.addTool(estimateLatencyTool()).build());
      ChatCompletionMessage message = first.choices().get(0).message();
      List<ChatCompletionMessageToolCall> calls = message.toolCalls().orElse(List.of());
      if (calls.isEmpty()) {
        return message.content().orElse("");
      }
      request.addMessage(message);
      List<String> results = new ArrayList<>();
      for (ChatCompletionMessageToolCall call : calls) {
        ChatCompletionMessageFunctionToolCall fn = call.asFunction();
        String result = GenAiSpans.executeTool(tracer, fn.function().name(), fn.id(), fn.function().arguments(),
            args -> {
              if (!fn.function().name().equals("estimate_latency")) {
                throw new IllegalArgumentException("unknown tool " + fn.function().name());
              }
              return estimateLatency(args);
            });
        results.add(result);
        request.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(fn.id()).content(result).build());
      }
      if (!reflectOnToolUse) {
        return String.join("\n", results);
      }
      // Reflection: the same conversation, tool results included, and no tools on offer, so the
      // model has to answer in words.
      request.tools(List.of());
      ChatCompletion reflection = client.chat().completions().create(request.build());
      return reflection.choices().get(0).message().content().orElse("");
    });
  }

  /**
   * The tool: a queueing estimate of a service's p95 latency at a load,
   * {@code base / (1 - load / capacity)}, from a table of base latencies and a capacity of 3,000
   * requests per minute.
   *
   * @param arguments {@code {"service":"checkout","requests_per_minute":1200}}
   * @return e.g. {@code checkout at 1200 requests/min: p95 133 ms}
   */
  static String estimateLatency(String arguments) {
    JsonNode args = OpenAiTools.arguments(arguments);
    String service = args.path("service").asText();
    Double base = BASE_LATENCY_MS.get(service);
    if (base == null) {
      throw new IllegalArgumentException("unknown service \"" + service + "\"; known: " + BASE_LATENCY_MS.keySet().stream().sorted().toList());
    }
    if (!args.path("requests_per_minute").isNumber()) {
      throw new IllegalArgumentException("requests_per_minute must be a number, got " + arguments);
    }
    long rpm = args.get("requests_per_minute").asLong();
    if (rpm >= CAPACITY_RPM) {
      return service + " at " + rpm + " requests/min: overloaded (capacity " + (long) CAPACITY_RPM + ")";
    }
    long p95 = Math.round(base / (1 - rpm / CAPACITY_RPM));
    return service + " at " + rpm + " requests/min: p95 " + p95 + " ms";
  }

  private static ChatCompletionFunctionTool estimateLatencyTool() {
    return OpenAiTools.function("estimate_latency", "Estimates a service's p95 latency at a load.",
        Map.of("service", Map.of("type", "string"), "requests_per_minute", Map.of("type", "integer")),
        List.of("service", "requests_per_minute"));
  }
}
