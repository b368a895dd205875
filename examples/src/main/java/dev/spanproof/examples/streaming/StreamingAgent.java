package dev.spanproof.examples.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.spanproof.examples.support.GenAiSpans;
import dev.spanproof.examples.support.OpenAiTools;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The calculator's tool loop over streamed chat completions: each model call is
 * {@code createStreaming}, the text deltas go to a listener as they arrive (what a chat UI shows),
 * and the chunks are accumulated into the complete message, tool calls included.
 *
 * <p>It asks for usage in the stream ({@code stream_options.include_usage}): only then does the last
 * chunk carry token counts, and only then can the official instrumentation put them on the
 * {@code chat} span. {@link #withoutUsageInStream} builds the agent that forgets, the mistake trace
 * lint catches.
 */
public final class StreamingAgent {

  /** The agent's name. */
  public static final String AGENT = "streaming_assistant";
  /** The model it asks. */
  public static final String MODEL = "gpt-4o-mini";
  private static final int MAX_TURNS = 8;

  private final OpenAIClient client;
  private final Tracer tracer;
  private final boolean includeUsage;

  /**
   * Creates the agent, asking for usage in every stream.
   *
   * @param openAiBaseUrl the base URL including {@code /v1}
   * @param openTelemetry where the agent's and the SDK's spans go
   */
  public StreamingAgent(String openAiBaseUrl, OpenTelemetry openTelemetry) {
    this(openAiBaseUrl, openTelemetry, true);
  }

  private StreamingAgent(String openAiBaseUrl, OpenTelemetry openTelemetry, boolean includeUsage) {
    this.client = OpenAITelemetry.builder(openTelemetry).setCaptureMessageContent(true).build()
        .wrap(OpenAiTools.client(openAiBaseUrl));
    this.tracer = openTelemetry.getTracer("dev.spanproof.examples.streaming");
    this.includeUsage = includeUsage;
  }

  /**
   * Creates the agent with a common mistake: it streams without {@code stream_options.include_usage},
   * so no token counts reach its traces.
   *
   * @param openAiBaseUrl the base URL including {@code /v1}
   * @param openTelemetry where the agent's and the SDK's spans go
   * @return the agent
   */
  public static StreamingAgent withoutUsageInStream(String openAiBaseUrl, OpenTelemetry openTelemetry) {
    return new StreamingAgent(openAiBaseUrl, openTelemetry, false);
  }

  /**
   * Answers a question, streaming the model's text to {@code onText} as it arrives.
   *
   * @param question the user's question
   * @param onText receives each text delta
   * @return the model's final answer
   */
  public String run(String question, Consumer<String> onText) {
    return GenAiSpans.run(GenAiSpans.startAgent(tracer, AGENT, "openai"), () -> {
      ChatCompletionCreateParams.Builder request = ChatCompletionCreateParams.builder()
          .model(MODEL)
          .addSystemMessage("You are a helpful assistant. Use the calculate tool for arithmetic.")
          .addUserMessage(question)
          .addTool(OpenAiTools.function("calculate", "Adds the numbers a and b.",
              Map.of("a", Map.of("type", "number"), "b", Map.of("type", "number")), List.of("a", "b")));
      if (includeUsage) {
        request.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
      }
      for (int turn = 0; turn < MAX_TURNS; turn++) {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(request.build())) {
          stream.stream().forEach(chunk -> {
            accumulator.accumulate(chunk);
            chunk.choices().forEach(choice -> choice.delta().content().ifPresent(onText));
          });
        }
        ChatCompletion completion = accumulator.chatCompletion();
        ChatCompletionMessage message = completion.choices().get(0).message();
        List<ChatCompletionMessageToolCall> toolCalls = message.toolCalls().orElse(List.of());
        if (toolCalls.isEmpty()) {
          return message.content().orElse("");
        }
        request.addMessage(message);
        for (ChatCompletionMessageToolCall toolCall : toolCalls) {
          ChatCompletionMessageFunctionToolCall fn = toolCall.asFunction();
          String result = GenAiSpans.executeTool(tracer, fn.function().name(), fn.id(), fn.function().arguments(),
              StreamingAgent::calculate);
          request.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(fn.id()).content(result).build());
        }
      }
      throw new IllegalStateException("The model kept calling tools for " + MAX_TURNS + " turns");
    });
  }

  private static String calculate(String arguments) {
    JsonNode args = OpenAiTools.arguments(arguments);
    if (!args.path("a").isNumber() || !args.path("b").isNumber()) {
      throw new IllegalArgumentException("expected numbers a and b, got " + arguments);
    }
    double sum = args.get("a").asDouble() + args.get("b").asDouble();
    return sum == Math.rint(sum) ? Long.toString((long) sum) : Double.toString(sum);
  }
}
