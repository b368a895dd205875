package dev.spanproof.evals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * An LLM-as-judge scorer over any OpenAI-compatible Chat Completions endpoint (OpenAI, Azure OpenAI,
 * vLLM, Ollama's {@code /v1}, LiteLLM, or spanproof's mock LLM in tests), called with the JDK's HTTP
 * client — no SDK:
 *
 * <pre>{@code
 * Scorer judge = Judge.openAiCompatible("https://api.openai.com/v1")
 *     .model("gpt-4o-mini")
 *     .apiKeyFromEnvironment("OPENAI_API_KEY")
 *     .criteria("The answer gives the correct sum and nothing else.")
 *     .passingScore(0.7);
 * }</pre>
 *
 * The judge gets the criteria, the case's input and expected value and the agent's output, and must
 * answer with a JSON object {@code {"score": 0.0-1.0, "reason": "..."}} (a fenced block or text around
 * it is tolerated; {@code "pass": true/false} without a score counts as 1 or 0). Its calls are not part
 * of the agent's traces unless the HTTP client is instrumented. Immutable.
 */
public final class Judge implements Scorer {

  /** The instructions the judge model gets as its system message. */
  public static final String SYSTEM_PROMPT = "You are a strict evaluator of an AI agent's answer. Judge the OUTPUT "
      + "against the CRITERIA, using the INPUT and EXPECTED answer (if any) as reference. Reply with only a JSON "
      + "object: {\"score\": <number from 0 to 1>, \"reason\": \"<one sentence>\"}.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String model;
  private final String apiKey;
  private final String criteria;
  private final double passingScore;
  private final Duration timeout;

  private Judge(String baseUrl, String model, String apiKey, String criteria, double passingScore, Duration timeout) {
    this.baseUrl = baseUrl;
    this.model = model;
    this.apiKey = apiKey;
    this.criteria = criteria;
    this.passingScore = passingScore;
    this.timeout = timeout;
  }

  /**
   * Creates a judge calling {@code baseUrl + "/chat/completions"}, model {@code gpt-4o-mini}, passing
   * at a score of 0.5, no API key, criteria "The output answers the input correctly.".
   *
   * @param baseUrl the API's base URL including {@code /v1}, such as {@code https://api.openai.com/v1}
   *     or a mock's {@code llm.openAiBaseUrl()}
   * @return the judge
   * @throws IllegalArgumentException when the URL is not http(s)
   */
  public static Judge openAiCompatible(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    if (!trimmed.startsWith("http://") && !trimmed.startsWith("https://")) {
      throw new IllegalArgumentException("the judge's base URL must be http(s), such as a provider's or a mock's .../v1 URL, "
          + "but was " + baseUrl);
    }
    return new Judge(trimmed, "gpt-4o-mini", null, "The output answers the input correctly.", 0.5,
        Duration.ofSeconds(60));
  }

  /**
   * Sets the judge model.
   *
   * @param model the model name
   * @return a new judge
   */
  public Judge model(String model) {
    return new Judge(baseUrl, Objects.requireNonNull(model, "model"), apiKey, criteria, passingScore, timeout);
  }

  /**
   * Sets the API key, sent as {@code Authorization: Bearer …}. Prefer {@link #apiKeyFromEnvironment(String)}.
   *
   * @param apiKey the key
   * @return a new judge
   */
  public Judge apiKey(String apiKey) {
    return new Judge(baseUrl, model, Objects.requireNonNull(apiKey, "apiKey"), criteria, passingScore, timeout);
  }

  /**
   * Reads the API key from an environment variable when scoring.
   *
   * @param variable the variable's name, such as {@code OPENAI_API_KEY}
   * @return a new judge
   * @throws IllegalStateException when the variable is not set (the message names it)
   */
  public Judge apiKeyFromEnvironment(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("the judge's API key variable " + variable + " is not set; export it, or "
          + "point the judge at a local endpoint that needs no key");
    }
    return apiKey(value);
  }

  /**
   * Sets what the judge checks, in plain words.
   *
   * @param criteria the criteria
   * @return a new judge
   */
  public Judge criteria(String criteria) {
    return new Judge(baseUrl, model, apiKey, Objects.requireNonNull(criteria, "criteria"), passingScore, timeout);
  }

  /**
   * Sets the least score that passes.
   *
   * @param score between 0 and 1
   * @return a new judge
   * @throws IllegalArgumentException when out of range
   */
  public Judge passingScore(double score) {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("a judge's passing score is between 0 and 1, but was " + score);
    }
    return new Judge(baseUrl, model, apiKey, criteria, score, timeout);
  }

  /**
   * Sets how long to wait for the judge's answer (default 60 seconds).
   *
   * @param timeout the timeout
   * @return a new judge
   */
  public Judge timeout(Duration timeout) {
    return new Judge(baseUrl, model, apiKey, criteria, passingScore, Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * Asks the judge about a run.
   *
   * @param attempt the run
   * @return the judge's score, passing at or above the passing score
   * @throws IllegalStateException when the endpoint fails or answers something that is not a verdict
   */
  @Override
  public Score score(Attempt attempt) {
    String body = requestBody(attempt);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> response;
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("the judge at " + baseUrl + " could not be reached: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the judge at " + baseUrl, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("the judge at " + baseUrl + " answered HTTP " + response.statusCode() + ": "
          + abbreviate(response.body()));
    }
    return verdict(response.body());
  }

  private String requestBody(Attempt attempt) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    root.put("temperature", 0);
    ArrayNode messages = root.putArray("messages");
    messages.addObject().put("role", "system").put("content", SYSTEM_PROMPT);
    String expected = attempt.evalCase().expected();
    messages.addObject().put("role", "user").put("content", "CRITERIA:\n" + criteria
        + "\n\nINPUT:\n" + attempt.evalCase().input()
        + "\n\nEXPECTED:\n" + (expected == null ? "(none given)" : expected)
        + "\n\nOUTPUT:\n" + attempt.output());
    root.putObject("response_format").put("type", "json_object");
    return root.toString();
  }

  Score verdict(String responseBody) {
    String content;
    try {
      content = JSON.readTree(responseBody).path("choices").path(0).path("message").path("content").asText(null);
    } catch (IOException e) {
      throw new IllegalStateException("the judge at " + baseUrl + " answered something that is not a Chat "
          + "Completions response: " + abbreviate(responseBody), e);
    }
    if (content == null) {
      throw new IllegalStateException("the judge at " + baseUrl + " gave no message content: " + abbreviate(responseBody));
    }
    JsonNode verdict = parseVerdict(content);
    if (verdict == null) {
      throw new IllegalStateException("the judge answered " + Scorers.quote(content) + "; expected a JSON object "
          + "such as {\"score\": 0.9, \"reason\": \"...\"}");
    }
    double score;
    if (verdict.path("score").isNumber()) {
      score = verdict.get("score").asDouble();
    } else if (verdict.path("pass").isBoolean()) {
      score = verdict.get("pass").asBoolean() ? 1 : 0;
    } else {
      throw new IllegalStateException("the judge's verdict " + verdict + " has no numeric \"score\" (0 to 1) "
          + "and no boolean \"pass\"");
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalStateException("the judge gave the score " + score + "; a score is between 0 and 1");
    }
    String reason = verdict.path("reason").asText("(no reason given)");
    return Score.graded("judge", score, passingScore, String.format(Locale.ROOT, "%s (score %.2f, passing %.2f)",
        reason, score, passingScore));
  }

  private static JsonNode parseVerdict(String content) {
    String text = Attempt.unfence(content);
    int start = text.indexOf('{');
    int end = text.lastIndexOf('}');
    if (start < 0 || end < start) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(text.substring(start, end + 1));
      return node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  /** Returns the endpoint, model and criteria, never the key. */
  @Override
  public String toString() {
    return "Judge[" + baseUrl + ", " + model + ", \"" + criteria + "\", passing " + passingScore + "]";
  }
}
