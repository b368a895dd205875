package dev.spanproof.mockllm;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A condition on a request that a conditional script step waits for, e.g.
 * {@code llm.script().when(RequestMatcher.lastUserMessageContains("weather")).reply("Sunny")}.
 *
 * <p>Matchers describe themselves so that an unmatched request's diagnostic can say which condition
 * of the nearest step failed.
 */
public interface RequestMatcher {

  /** Whether the request satisfies this condition. */
  boolean matches(LlmRequest request);

  /** A short description for diagnostics, e.g. {@code last user message contains "weather"}. */
  String description();

  /** This condition and the other one; diagnostics report each part. */
  default RequestMatcher and(RequestMatcher other) {
    return new All(List.of(this, other));
  }

  /** A matcher from a predicate and its description. */
  static RequestMatcher of(String description, Predicate<LlmRequest> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    return new RequestMatcher() {
      @Override
      public boolean matches(LlmRequest request) {
        return predicate.test(request);
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  /** The last user message contains the text (case-insensitive). */
  static RequestMatcher lastUserMessageContains(String text) {
    String needle = text.toLowerCase(Locale.ROOT);
    return of(
        "last user message contains \"" + text + "\"",
        r -> r.lastUserMessage().map(m -> m.toLowerCase(Locale.ROOT).contains(needle)).orElse(false));
  }

  /** The last user message equals the text exactly. */
  static RequestMatcher lastUserMessageIs(String text) {
    return of("last user message is \"" + text + "\"", r -> r.lastUserMessage().map(text::equals).orElse(false));
  }

  /**
   * The conversation ends with a result of the named tool (the answer to the model's latest call, not an
   * older one kept in chat memory).
   */
  static RequestMatcher hasToolResult(String toolName) {
    return of(
        "ends with a result of tool " + toolName,
        r -> r.latestToolResults().stream().anyMatch(m -> toolName.equals(m.toolName())));
  }

  /** The conversation ends with a result of the named tool whose content contains the text. */
  static RequestMatcher hasToolResult(String toolName, String contentContains) {
    return of(
        "ends with a result of tool " + toolName + " containing \"" + contentContains + "\"",
        r -> r.latestToolResults().stream()
            .anyMatch(m -> toolName.equals(m.toolName()) && m.content() != null && m.content().contains(contentContains)));
  }

  /** The conversation ends with any tool result. */
  static RequestMatcher endsWithToolResult() {
    return of("ends with a tool result", r -> !r.latestToolResults().isEmpty());
  }

  /** The requested model equals the name. */
  static RequestMatcher model(String model) {
    return of("model is " + model, r -> model.equals(r.model()));
  }

  /** The request offers a tool with this name. */
  static RequestMatcher toolOffered(String toolName) {
    return of("offers tool " + toolName, r -> r.tools().contains(toolName));
  }

  /** The system prompt contains the text (case-insensitive). */
  static RequestMatcher systemPromptContains(String text) {
    String needle = text.toLowerCase(Locale.ROOT);
    return of(
        "system prompt contains \"" + text + "\"",
        r -> r.system() != null && r.system().toLowerCase(Locale.ROOT).contains(needle));
  }

  /** The request came in the given protocol. */
  static RequestMatcher protocol(Protocol protocol) {
    return of("protocol is " + protocol.id(), r -> r.protocol() == protocol);
  }

  /** Every request. */
  static RequestMatcher anyRequest() {
    return of("any request", r -> true);
  }

  /** A conjunction whose parts are reported one by one. */
  record All(List<RequestMatcher> parts) implements RequestMatcher {
    /** Flattens nested conjunctions. */
    public All {
      List<RequestMatcher> flat = new java.util.ArrayList<>();
      for (RequestMatcher p : parts) {
        if (p instanceof All all) {
          flat.addAll(all.parts());
        } else {
          flat.add(Objects.requireNonNull(p, "matcher"));
        }
      }
      parts = List.copyOf(flat);
    }

    @Override
    public boolean matches(LlmRequest request) {
      return parts.stream().allMatch(p -> p.matches(request));
    }

    @Override
    public String description() {
      return String.join(" and ", parts.stream().map(RequestMatcher::description).toList());
    }
  }
}
