package dev.spanproof.assertions;

import dev.spanproof.assertions.internal.TraceText;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Optional;

/**
 * A tool the agent executed, read from an {@code execute_tool} span.
 *
 * @param node the span in the trace tree
 * @param name the tool's name
 * @param callId the call id the model gave; may be null
 * @param arguments the arguments as JSON text; null when the span does not carry them
 * @param result the result; null when the span does not carry it
 * @param errorType the error type, or null when the tool succeeded
 */
public record ToolCall(
    AgentSpan node, String name, String callId, String arguments, String result, String errorType) {

  static ToolCall of(AgentSpan node) {
    var f = node.facts();
    return new ToolCall(node, f.subject() == null ? node.name() : f.subject(), f.toolCallId(),
        f.toolArguments(), f.toolResult(), f.errorType());
  }

  /**
   * Returns whether the tool failed.
   *
   * @return true when it did
   */
  public boolean isError() {
    return errorType != null;
  }

  /**
   * Returns the error type, if the tool failed.
   *
   * @return the error type
   */
  public Optional<String> error() {
    return Optional.ofNullable(errorType);
  }

  /**
   * Returns the OpenTelemetry span.
   *
   * @return the span
   */
  public SpanData span() {
    return node.span();
  }

  /** The call in the canonical text, as listed in failures: {@code name args → result error: TYPE}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(name);
    if (arguments != null) {
      out.append(' ').append(TraceText.arguments(arguments));
    }
    if (result != null) {
      out.append(" → ").append(TraceText.result(result));
    }
    if (errorType != null) {
      out.append(" error: ").append(errorType);
    }
    return out.toString();
  }
}
