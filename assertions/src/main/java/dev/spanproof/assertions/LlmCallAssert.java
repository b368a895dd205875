package dev.spanproof.assertions;

import static org.assertj.core.error.ShouldNotBeNull.shouldNotBeNull;

import dev.spanproof.assertions.error.Messages;
import dev.spanproof.assertions.internal.AssertSupport;
import dev.spanproof.assertions.internal.Results;
import io.opentelemetry.sdk.testing.assertj.SpanDataAssert;
import java.util.List;
import java.util.Objects;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

/** Assertions on one LLM call: model, provider, finish reasons, tokens, the tool calls it asked for. */
public class LlmCallAssert extends AbstractAssert<LlmCallAssert, LlmCall> {

  private AgentSoftAssertions softly; // set on the asserts of AgentSoftAssertions: see Navigation
  private AgentTrace trace;

  /**
   * Creates an assertion on an LLM call outside any trace context.
   *
   * @param actual the call
   */
  public LlmCallAssert(LlmCall actual) {
    this(actual, null);
  }

  /**
   * Creates an assertion on an LLM call of a trace.
   *
   * @param actual the call
   * @param trace the trace, shown in failure messages; may be null
   */
  public LlmCallAssert(LlmCall actual, AgentTrace trace) {
    super(actual, LlmCallAssert.class);
    this.trace = trace;
  }

  private String subject() {
    return "LLM call \"" + actual.node().displayName() + "\"" + (trace == null ? "" : " of " + AssertSupport.traceName(trace));
  }

  private String marked(String text) {
    return trace == null ? "" : "\nin the trace:\n" + AssertSupport.markedTree(trace, actual.node(), text);
  }

  /**
   * Verifies the model (responding or requested; {@code *} wildcards allowed).
   *
   * @param modelGlob the expected model
   * @return this assertion object
   * @throws AssertionError if neither model matches
   */
  public LlmCallAssert hasModel(String modelGlob) {
    Objects.requireNonNull(modelGlob, "hasModel(null): the model must not be null");
    isNotNull();
    if (!LlmCallsAssert.matchesModel(actual, modelGlob)) {
      String requested = actual.requestModel() == null ? "requested no model" : "requested " + actual.requestModel();
      String responded = actual.responseModel() == null ? "recorded no response model"
          : "got " + actual.responseModel();
      throwAssertionError(Messages.message("Expecting %s to use model %s but it %s and %s%s",
          subject(), modelGlob, requested, responded, marked("model " + actual.model())));
    }
    return myself;
  }

  /**
   * Verifies the provider ({@code gen_ai.provider.name}, or the older {@code gen_ai.system}).
   *
   * @param provider the expected provider
   * @return this assertion object
   * @throws AssertionError if it differs
   */
  public LlmCallAssert hasProvider(String provider) {
    Objects.requireNonNull(provider, "hasProvider(null): the provider must not be null");
    isNotNull();
    if (!provider.equals(actual.provider())) {
      throwAssertionError(Messages.message("Expecting %s to have provider %s but it was %s%s",
          subject(), provider, actual.provider(), marked("provider " + actual.provider())));
    }
    return myself;
  }

  /**
   * Verifies that the finish reasons include this one.
   *
   * @param reason the expected finish reason, such as {@code "tool_calls"} or {@code "stop"}
   * @return this assertion object
   * @throws AssertionError if it is not among them
   */
  public LlmCallAssert hasFinishReason(String reason) {
    Objects.requireNonNull(reason, "hasFinishReason(null): the finish reason must not be null");
    isNotNull();
    if (!actual.finishReasons().contains(reason)) {
      throwAssertionError(Messages.message("Expecting %s to finish with %s but its finish reasons were %s%s",
          subject(), reason, actual.finishReasons(), marked("finish reasons " + actual.finishReasons())));
    }
    return myself;
  }

  /**
   * Verifies that the call did not fail.
   *
   * @return this assertion object
   * @throws AssertionError if it did
   */
  public LlmCallAssert hasNoError() {
    isNotNull();
    if (actual.errorType() != null) {
      throwAssertionError(Messages.message("Expecting %s not to have failed but it failed with error: %s%s",
          subject(), actual.errorType(), marked("error: " + actual.errorType())));
    }
    return myself;
  }

  /**
   * Verifies that the call failed with this error type ({@code *} wildcards allowed).
   *
   * @param errorType the expected error type
   * @return this assertion object
   * @throws AssertionError if it did not fail so
   */
  public LlmCallAssert hasError(String errorType) {
    Objects.requireNonNull(errorType, "hasError(null): the error type must not be null; use hasError() for any error");
    isNotNull();
    if (actual.errorType() == null || !Results.globMatches(errorType, actual.errorType())) {
      throwAssertionError(Messages.message("Expecting %s to have failed with error: %s but %s%s", subject(), errorType,
          actual.errorType() == null ? "it did not fail" : "it failed with error: " + actual.errorType(),
          marked(actual.errorType() == null ? "no error; expected error: " + errorType
              : "error: " + actual.errorType() + "; expected error: " + errorType)));
    }
    return myself;
  }

  /**
   * Navigates to the tokens this call used.
   *
   * @return an assertion on its usage ({@link TokenUsage#ZERO} when none was reported)
   */
  @CheckReturnValue
  public TokenUsageAssert tokens() {
    return Navigation.next(this, softly, TokenUsageAssert.class, () -> {
      isNotNull();
      List<AgentSpan> call = List.of(actual.node());
      return TokenUsageAssert.of(AgentTrace.usageOf(call, AgentTrace.identitySet(call)), trace, subject())
          .marking(actual.node(), "this call");
    });
  }

  /**
   * Navigates to the tool calls the model asked for in this call's response (from
   * {@code gen_ai.output.messages}, {@code gen_ai.choice} log records, ADK's {@code llm_response} or
   * OpenInference's output messages). Their results are never known here.
   *
   * @return an assertion on the requested calls
   */
  @CheckReturnValue
  public ToolCallsAssert requestedToolCalls() {
    return Navigation.next(this, softly, ToolCallsAssert.class, () -> {
      isNotNull();
      List<ToolCall> calls = actual.requestedToolCalls().stream()
          .map(r -> new ToolCall(actual.node(), r.name(), r.callId(), r.arguments(), null, null)).toList();
      return ToolCallsAssert.requests(calls, trace, subject());
    });
  }

  /**
   * Navigates to the span, for attributes, errors and duration.
   *
   * @return an assertion on the span
   */
  @CheckReturnValue
  public AgentSpanAssert span() {
    return Navigation.next(this, softly, AgentSpanAssert.class, () -> {
      isNotNull();
      return new AgentSpanAssert(actual.node(), trace);
    });
  }

  /**
   * Navigates to OpenTelemetry's assertion on the span.
   *
   * @return OpenTelemetry's {@link SpanDataAssert}
   */
  @CheckReturnValue
  public SpanDataAssert spanData() {
    return span().spanData();
  }

  /**
   * Verifies that the actual value is not null, failing (as every assertion of this class) with the
   * stack trace starting at the test: AssertJ's own check would keep spanproof's frames on top.
   *
   * @return this assertion object
   * @throws AssertionError if the actual value is null
   */
  @Override
  public LlmCallAssert isNotNull() {
    if (actual == null) {
      throwAssertionError(shouldNotBeNull());
    }
    return myself;
  }

  /** Fails with the stack trace starting at the test, without spanproof's frames. */
  @Override
  protected void throwAssertionError(ErrorMessageFactory errorMessageFactory) {
    throw AssertSupport.failure(info, errorMessageFactory);
  }
}
