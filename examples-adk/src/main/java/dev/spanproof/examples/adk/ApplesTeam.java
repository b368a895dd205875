package dev.spanproof.examples.adk;

import com.google.adk.agents.LlmAgent;
import com.google.adk.agents.RunConfig;
import com.google.adk.events.Event;
import com.google.adk.models.Gemini;
import com.google.adk.runner.InMemoryRunner;
import com.google.adk.sessions.Session;
import com.google.adk.tools.Annotations.Schema;
import com.google.adk.tools.FunctionTool;
import com.google.genai.Client;
import com.google.genai.types.Content;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Part;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A two-agent Google ADK app: a {@code coordinator} that looks up stock with its
 * {@code inventory_history} function tool and delegates arithmetic to its {@code data_analyst}
 * sub-agent, which has a {@code percentage_change} function tool. ADK traces it with its own built-in
 * spans ({@code invocation}, {@code invoke_agent}, {@code call_llm}, {@code execute_tool}) through
 * the tracer it takes from {@code GlobalOpenTelemetry}; nothing here mentions OpenTelemetry.
 */
public final class ApplesTeam {

  /** The Gemini model both agents use. */
  public static final String MODEL = "gemini-2.0-flash";

  private static final String APP = "apples";
  private static final String USER = "user-1";

  private final InMemoryRunner runner;

  /**
   * Creates the team on a Gemini endpoint.
   *
   * @param geminiBaseUrl the Gemini API base URL (the client appends {@code /v1beta/models/…})
   * @param apiKey the API key sent as {@code x-goog-api-key}
   */
  public ApplesTeam(String geminiBaseUrl, String apiKey) {
    Client client = Client.builder()
        .apiKey(apiKey)
        .httpOptions(HttpOptions.builder().baseUrl(geminiBaseUrl).build())
        .build();
    Gemini model = new Gemini(MODEL, client);
    LlmAgent analyst = LlmAgent.builder()
        .name("data_analyst")
        .description("Computes numbers with its tools.")
        .model(model)
        .instruction("You are a data analyst. Use percentage_change for percentage changes.")
        .tools(FunctionTool.create(ApplesTeam.class, "percentageChange"))
        .build();
    LlmAgent coordinator = LlmAgent.builder()
        .name("coordinator")
        .description("Plans and delegates; never computes.")
        .model(model)
        .instruction("You plan and delegate. Look up stock with inventory_history, then transfer "
            + "numeric work to data_analyst.")
        .tools(FunctionTool.create(ApplesTeam.class, "inventoryHistory"))
        .subAgents(analyst)
        .build();
    this.runner = new InMemoryRunner(coordinator, APP);
  }

  /**
   * The coordinator's tool: how much of an item was in stock at the start and now.
   *
   * @param item the item, e.g. {@code apples}
   * @return {@code {"item":…, "start":…, "now":…}}
   */
  @Schema(name = "inventory_history", description = "Stock of an item at the start and now")
  public static Map<String, Object> inventoryHistory(
      @Schema(name = "item", description = "the item to look up") String item) {
    Map<String, Object> stock = new LinkedHashMap<>(); // a fixed key order: results are compared as text
    stock.put("item", item);
    stock.put("start", 100);
    stock.put("now", 120);
    return stock;
  }

  /**
   * The analyst's tool: the percentage change from {@code start} to {@code end}.
   *
   * @param start the starting value
   * @param end the final value
   * @return {@code {"percentage_change": value}}; infinite for a start of 0
   */
  @Schema(name = "percentage_change", description = "The percentage change from start to end")
  public static Map<String, Object> percentageChange(
      @Schema(name = "start", description = "the starting value") double start,
      @Schema(name = "end", description = "the final value") double end) {
    double change = start == 0 ? Double.POSITIVE_INFINITY : (end - start) / start * 100;
    return Map.of("percentage_change", change);
  }

  /**
   * Asks the team a question in a new session and waits for the run to end.
   *
   * @param question the user's message
   * @return the text of the final response
   */
  public String ask(String question) {
    return ask(question, RunConfig.builder().build());
  }

  /**
   * Asks the team a question with a run configuration (e.g. SSE streaming).
   *
   * @param question the user's message
   * @param config the run configuration
   * @return the text of the final response
   */
  public String ask(String question, RunConfig config) {
    Session session = runner.sessionService().createSession(APP, USER).blockingGet();
    Content message = Content.fromParts(Part.fromText(question));
    List<Event> events = runner.runAsync(USER, session.id(), message, config).toList().blockingGet();
    StringBuilder answer = new StringBuilder();
    for (Event event : events) {
      if (event.finalResponse() && event.content().isPresent() && !event.partial().orElse(false)) {
        answer.append(event.stringifyContent());
      }
    }
    return answer.toString();
  }
}
