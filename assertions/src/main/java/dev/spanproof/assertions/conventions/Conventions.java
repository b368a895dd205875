package dev.spanproof.assertions.conventions;

import dev.spanproof.assertions.GenAiAttributes;
import dev.spanproof.assertions.TokenUsage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The built-in conventions, and helpers for writing one. */
public final class Conventions {

  private Conventions() {}

  /**
   * Returns the built-in conventions in the order they are asked: the specific ones (OpenInference,
   * Google ADK, Spring AI, OpenLLMetry) before the general GenAI one, which also reads the old names, AutoGen and
   * OpenLLMetry.
   *
   * @return the built-in conventions
   */
  public static List<TraceConvention> builtIn() {
    return List.of(
        new OpenInferenceConvention(),
        new AdkConvention(),
        new SpringAiConvention(),
        new OpenLlmetryConvention(),
        new GenAiConvention());
  }

  /**
   * Returns the conventions registered through {@link ServiceLoader}, then the built-in ones.
   *
   * @return the conventions to ask, in order
   */
  public static List<TraceConvention> defaults() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    synchronized (DEFAULTS) {
      // scanning the class path for service files costs milliseconds: once per class loader
      return DEFAULTS.computeIfAbsent(loader, l -> {
        List<TraceConvention> all = new ArrayList<>();
        ServiceLoader.load(TraceConvention.class, l).forEach(all::add);
        all.addAll(builtIn());
        return List.copyOf(all);
      });
    }
  }

  private static final java.util.Map<ClassLoader, List<TraceConvention>> DEFAULTS = new java.util.WeakHashMap<>();

  /**
   * Returns why a span failed: its {@code error.type}, else for an ERROR status the type of its
   * exception event (or {@code "error"} without one); null when it did not fail.
   *
   * @param span the span
   * @param attributes its attributes
   * @return the error type, or null
   */
  public static String errorType(SpanData span, Attrs attributes) {
    String type = attributes.string(GenAiAttributes.ERROR_TYPE);
    if (type != null) {
      return type;
    }
    if (span.getStatus().getStatusCode() != StatusCode.ERROR) {
      return null;
    }
    for (EventData event : span.getEvents()) {
      if ("exception".equals(event.getName())) {
        String exceptionType = event.getAttributes().get(AttributeKey.stringKey("exception.type"));
        if (exceptionType != null) {
          return exceptionType;
        }
      }
    }
    return "error";
  }

  /**
   * Reads GenAI token usage under current and old names.
   *
   * @param a the attributes
   * @return the usage, or null when neither input nor output tokens are reported
   */
  public static TokenUsage genAiUsage(Attrs a) {
    Long input = a.firstLong(GenAiAttributes.USAGE_INPUT_TOKENS, GenAiAttributes.USAGE_PROMPT_TOKENS);
    Long output =
        a.firstLong(GenAiAttributes.USAGE_OUTPUT_TOKENS, GenAiAttributes.USAGE_COMPLETION_TOKENS);
    if (input == null && output == null) {
      return null;
    }
    Long cached = a.firstLong(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS);
    Long reasoning = a.firstLong(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS);
    return new TokenUsage(
        nz(input), nz(output), nz(cached), nz(reasoning));
  }

  static long nz(Long value) {
    return value == null ? 0 : Math.max(0, value);
  }
}
