package dev.spanproof.examples.springai;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.OpenTelemetry;
import java.net.http.HttpClient;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.ai.tool.observation.ToolCallingContentObservationFilter;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;

/**
 * A Spring AI {@link ChatClient} with one tool ({@code current_temperature}) on the OpenAI API, its
 * Micrometer observations bridged to OpenTelemetry the way Spring Boot's actuator does it
 * (micrometer-tracing's OpenTelemetry bridge), without Spring Boot.
 */
public final class WeatherAssistant {

  /** The model the assistant asks for. */
  public static final String MODEL = "gpt-4o-mini";

  private final ChatClient chatClient;

  /**
   * Creates the assistant.
   *
   * @param openAiBaseUrl the OpenAI base URL without {@code /v1} (Spring AI appends {@code /v1/chat/completions})
   * @param apiKey the API key
   * @param openTelemetry where the observations go, as spans
   */
  public WeatherAssistant(String openAiBaseUrl, String apiKey, OpenTelemetry openTelemetry) {
    ObservationRegistry observations = observationRegistry(openTelemetry);
    // HTTP/1.1: the JDK client's default HTTP/2 sends a body of unknown length chunked with an h2c
    // upgrade, which the mock LLM's server receives as an empty body.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    OpenAiApi api = OpenAiApi.builder()
        .baseUrl(openAiBaseUrl)
        .apiKey(apiKey)
        .restClientBuilder(RestClient.builder().requestFactory(new JdkClientHttpRequestFactory(http)))
        .build();
    OpenAiChatModel model = OpenAiChatModel.builder()
        .openAiApi(api)
        .defaultOptions(OpenAiChatOptions.builder().model(MODEL).build())
        .toolCallingManager(ToolCallingManager.builder().observationRegistry(observations).build())
        .observationRegistry(observations)
        // Spring AI's default retries 10 times with exponential back-off; one attempt is the point here.
        .retryTemplate(RetryTemplate.builder().maxAttempts(1).build())
        .build();
    this.chatClient = ChatClient.builder(model, observations, null, null)
        .defaultSystem("You are a weather assistant. Use your tools.")
        .defaultTools(new WeatherTools())
        .build();
  }

  /**
   * Micrometer observations to OpenTelemetry spans: one tracing handler over an OpenTelemetry tracer,
   * plus Spring AI's filter that adds tool arguments and results to tool spans.
   *
   * @param openTelemetry where spans go
   * @return the registry to hand to Spring AI
   */
  public static ObservationRegistry observationRegistry(OpenTelemetry openTelemetry) {
    OtelTracer tracer = new OtelTracer(openTelemetry.getTracer("org.springframework.ai"),
        new OtelCurrentTraceContext(), event -> { });
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig()
        .observationHandler(new DefaultTracingObservationHandler(tracer))
        .observationFilter(new ToolCallingContentObservationFilter());
    return registry;
  }

  /**
   * Asks the assistant.
   *
   * @param question the user's message
   * @return the answer
   */
  public String ask(String question) {
    return chatClient.prompt().user(question).call().content();
  }

  /** The assistant's tools. */
  public static final class WeatherTools {

    /**
     * The current temperature in a city.
     *
     * @param city the city
     * @return the temperature, e.g. {@code 21°C}
     */
    @Tool(name = "current_temperature", description = "The current temperature in a city")
    public String currentTemperature(@ToolParam(description = "the city") String city) {
      return switch (city) {
        case "Paris" -> "21°C";
        case "Oslo" -> "4°C";
        default -> throw new IllegalArgumentException("unknown city: " + city);
      };
    }
  }
}
