package dev.spanproof.examples.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.opentelemetry.OpenTelemetryContentMode;
import com.anthropic.core.opentelemetry.OpenTelemetryOptions;
import com.anthropic.core.opentelemetry.OpenTelemetryTraces;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanproof.examples.support.GenAiSpans;
import dev.spanproof.examples.support.OpenAiTools;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A weather agent on the official anthropic-java SDK: it asks Claude, runs the {@code get_weather}
 * tool whenever Claude asks for it ({@code tool_use} blocks), and returns Claude's final text.
 *
 * <p>Its {@code chat} spans come from anthropic-java itself: since the 3.x line the SDK has built-in
 * OpenTelemetry tracing ({@code com.anthropic.core.opentelemetry}), which makes a GenAI-convention
 * {@code chat {model}} span per Messages call ({@code gen_ai.provider.name=anthropic}, response id
 * and model, stop reason, token usage). Left alone it traces through {@code GlobalOpenTelemetry};
 * this agent hands it the given tracer provider instead, so it never depends on global state. The
 * agent adds its {@code invoke_agent} and {@code execute_tool} spans, which no SDK can know about.
 */
public final class WeatherAgent {

  /** The agent's name. */
  public static final String AGENT = "weather_agent";
  /** The Claude model it asks. */
  public static final String MODEL = "claude-sonnet-4-5";
  private static final long MAX_TOKENS = 1024;
  private static final int MAX_TURNS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();


  private static final Map<String, String> WEATHER = Map.of("Paris", "15°C, light rain", "Lisbon", "22°C, sunny");

  private final AnthropicClient client;
  private final Tracer tracer;

  /**
   * Creates the agent against an Anthropic-compatible endpoint.
   *
   * @param anthropicBaseUrl the base URL the SDK appends {@code /v1/messages} to, e.g. a mock LLM's
   *     {@code anthropicBaseUrl()}
   * @param openTelemetry where the agent's spans go
   */
  public WeatherAgent(String anthropicBaseUrl, OpenTelemetry openTelemetry) {
    this.client = AnthropicOkHttpClient.builder()
        .baseUrl(anthropicBaseUrl)
        // The mock LLM ignores the key; a real deployment reads it from ANTHROPIC_API_KEY.
        .apiKey(System.getenv().getOrDefault("ANTHROPIC_API_KEY", "no-key-needed-for-the-mock"))
        .maxRetries(0)
        .openTelemetry(OpenTelemetryOptions.builder()
            .tracerProvider(openTelemetry.getTracerProvider())
            .traces(OpenTelemetryTraces.builder().enabled(true).contentMode(OpenTelemetryContentMode.CONTENT).build())
            .build())
        .build();
    this.tracer = openTelemetry.getTracer("dev.spanproof.examples.anthropic");
  }

  /**
   * Answers a question about the weather.
   *
   * @param question the user's question
   * @return Claude's final answer
   */
  public String run(String question) {
    return GenAiSpans.run(GenAiSpans.startAgent(tracer, AGENT, "anthropic"), () -> {
      MessageCreateParams.Builder request = MessageCreateParams.builder()
          .model(MODEL)
          .maxTokens(MAX_TOKENS)
          .system("You are a weather assistant. Use get_weather for current conditions.")
          .addUserMessage(question)
          .addTool(Tool.builder().name("get_weather").description("Current weather in a city.")
              .inputSchema(Tool.InputSchema.builder()
                  .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                  .required(List.of("city")).build())
              .build());
      for (int turn = 0; turn < MAX_TURNS; turn++) {
        Message message = client.messages().create(request.build());
        List<ToolUseBlock> toolUses = message.content().stream()
            .filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse).toList();
        if (toolUses.isEmpty()) {
          return String.join("", message.content().stream()
              .filter(ContentBlock::isText).map(b -> b.asText().text()).toList());
        }
        request.addMessage(message);
        List<ContentBlockParam> results = new ArrayList<>();
        for (ToolUseBlock toolUse : toolUses) {
          String result = GenAiSpans.executeTool(tracer, toolUse.name(), toolUse.id(), json(toolUse._input()),
              WeatherAgent::getWeather);
          results.add(ContentBlockParam.ofToolResult(
              ToolResultBlockParam.builder().toolUseId(toolUse.id()).content(result).build()));
        }
        request.addMessage(MessageParam.ofUserOfContentBlockParams(results));
      }
      throw new IllegalStateException("Claude kept calling tools for " + MAX_TURNS + " turns");
    });
  }

  private static String json(JsonValue value) {
    try {
      return JSON.writeValueAsString(value.convert(Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("tool input is not JSON: " + value, e);
    }
  }

  /**
   * The tool: current weather in a known city.
   *
   * @param arguments {@code {"city":"Paris"}}
   * @return e.g. {@code 15°C, light rain}
   */
  static String getWeather(String arguments) {
    String city = OpenAiTools.arguments(arguments).path("city").asText();
    String weather = WEATHER.get(city);
    if (weather == null) {
      throw new IllegalArgumentException("no weather for \"" + city + "\"");
    }
    return weather;
  }
}
