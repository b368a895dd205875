package dev.spanproof.assertions;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Optional;

/**
 * A call to a model, read from an LLM span.
 *
 * @param node the span in the trace tree
 * @param operation {@code chat}, {@code text_completion} or {@code generate_content}
 * @param provider the provider ({@code openai}, ...); may be null
 * @param requestModel the model asked for; may be null
 * @param responseModel the model that answered; may be null
 * @param usage the tokens used, or null when the span reports none
 * @param finishReasons the finish reasons
 * @param requestedToolCalls the tool calls the model asked for in its response
 * @param toolDefinitions the tools offered to the model (JSON array); may be null
 * @param errorType the error type, or null when the call succeeded
 */
public record LlmCall(
    AgentSpan node,
    String operation,
    String provider,
    String requestModel,
    String responseModel,
    TokenUsage usage,
    List<String> finishReasons,
    List<RequestedToolCall> requestedToolCalls,
    String toolDefinitions,
    String errorType) {

  static LlmCall of(AgentSpan node) {
    var f = node.facts();
    return new LlmCall(node, f.operation(), f.provider(), f.requestModel(), f.responseModel(),
        f.usage(), f.finishReasons(), f.requestedToolCalls(), f.toolDefinitions(), f.errorType());
  }

  /**
   * Returns the model: the responding one when known, else the requested one.
   *
   * @return the model; may be null
   */
  public String model() {
    return responseModel != null ? responseModel : requestModel;
  }

  /**
   * Returns whether the span reported token usage.
   *
   * @return true when it did
   */
  public boolean hasUsage() {
    return usage != null;
  }

  /**
   * Returns the tokens used, {@link TokenUsage#ZERO} when none were reported.
   *
   * @return the usage
   */
  public TokenUsage tokens() {
    return usage == null ? TokenUsage.ZERO : usage;
  }

  /**
   * Returns the OpenTelemetry span.
   *
   * @return the span
   */
  public SpanData span() {
    return node.span();
  }

  /**
   * Returns the error type, if the call failed.
   *
   * @return the error type
   */
  public Optional<String> error() {
    return Optional.ofNullable(errorType);
  }

  @Override
  public String toString() {
    return node.displayName() + (usage == null ? "" : " tokens " + usage);
  }
}
