package dev.spanproof.examples.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Small helpers for the examples' openai-java agents: clients, tool definitions, JSON arguments. */
public final class OpenAiTools {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiTools() {}

  /**
   * Builds an openai-java client for an OpenAI-compatible endpoint, without retries (a test's
   * mock answers at once; retries would hide a scripted failure).
   *
   * @param openAiBaseUrl the base URL including {@code /v1}, e.g. a mock LLM's {@code openAiBaseUrl()}
   * @return the client (not yet instrumented)
   */
  public static OpenAIClient client(String openAiBaseUrl) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(openAiBaseUrl)
        // The mock LLM ignores the key; a real deployment reads it from OPENAI_API_KEY.
        .apiKey(System.getenv().getOrDefault("OPENAI_API_KEY", "no-key-needed-for-the-mock"))
        .maxRetries(0)
        .build();
  }

  /**
   * Declares a function tool with a JSON-schema object of parameters.
   *
   * @param name the tool's name
   * @param description what it does, for the model
   * @param properties the JSON schema of each parameter
   * @param required the required parameters
   * @return the tool definition
   */
  public static ChatCompletionFunctionTool function(String name, String description,
      Map<String, ?> properties, List<String> required) {
    return ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder()
            .name(name)
            .description(description)
            .parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(properties))
                .putAdditionalProperty("required", JsonValue.from(required))
                .build())
            .build())
        .build();
  }

  /**
   * Parses tool-call arguments.
   *
   * @param arguments a JSON object text
   * @return the parsed object
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  public static JsonNode arguments(String arguments) {
    try {
      JsonNode node = JSON.readTree(arguments);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("arguments must be a JSON object, got " + arguments);
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("arguments are not JSON: " + arguments, new UncheckedIOException(e));
    }
  }
}
