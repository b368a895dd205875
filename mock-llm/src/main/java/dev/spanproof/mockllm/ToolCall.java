package dev.spanproof.mockllm;

import java.util.Objects;

/**
 * A tool call: scripted for the model to request, or read back from a request's history.
 *
 * @param id the call id the protocol carries ({@code call_1}, {@code toolu_1}); null when the script
 *     leaves it to the mock (ids are then generated per session: {@code call_1}, {@code call_2}, …) or
 *     when the protocol has none (Gemini, Ollama)
 * @param name the tool's name
 * @param arguments the arguments as a JSON object text, e.g. {@code {"a":2,"b":2}}
 */
public record ToolCall(String id, String name, String arguments) {

  /** Checks the name and defaults absent arguments to {@code {}}. */
  public ToolCall {
    Objects.requireNonNull(name, "a tool call needs a tool name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a tool call needs a non-blank tool name");
    }
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }

  /**
   * A scripted tool call whose id the mock generates.
   *
   * @param name the tool's name
   * @param argumentsJson the arguments as a JSON object text
   * @return the tool call
   */
  public static ToolCall of(String name, String argumentsJson) {
    return new ToolCall(null, name, argumentsJson);
  }

  /** This call with the given id. */
  public ToolCall withId(String newId) {
    return new ToolCall(newId, name, arguments);
  }
}
