package dev.spanproof.assertions;

import static org.assertj.core.error.ShouldNotBeNull.shouldNotBeNull;

import dev.spanproof.assertions.error.Messages;
import dev.spanproof.assertions.internal.AssertSupport;
import dev.spanproof.assertions.internal.JsonSchemas;
import io.opentelemetry.sdk.testing.assertj.SpanDataAssert;
import java.util.List;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

/** Assertions on one tool call: arguments, result, error, schema validity, and its span. */
public class ToolCallAssert extends AbstractAssert<ToolCallAssert, ToolCall> {

  private AgentSoftAssertions softly; // set on the asserts of AgentSoftAssertions: see Navigation
  private AgentTrace trace;

  /**
   * Creates an assertion on a tool call outside any trace context.
   *
   * @param actual the call
   */
  public ToolCallAssert(ToolCall actual) {
    this(actual, null);
  }

  /**
   * Creates an assertion on a tool call of a trace.
   *
   * @param actual the call
   * @param trace the trace, shown in failure messages; may be null
   */
  public ToolCallAssert(ToolCall actual, AgentTrace trace) {
    super(actual, ToolCallAssert.class);
    this.trace = trace;
  }

  private String subject() {
    return "tool call " + actual.name() + (trace == null ? "" : " of " + AssertSupport.traceName(trace));
  }

  /**
   * Verifies that the call meets an expectation built with {@link AgentAssertions#call(String)}.
   *
   * @param expected the expectation
   * @return this assertion object
   * @throws AssertionError saying how it differs
   */
  public ToolCallAssert matches(ExpectedToolCall expected) {
    isNotNull();
    String mismatch = expected.mismatch(actual);
    if (mismatch != null) {
      throwAssertionError(Messages.message("Expecting %s to be %s but %s%s", subject(), expected, mismatch,
          AssertSupport.inTraceMarked(trace, actual.node(), mismatch)));
    }
    return myself;
  }

  /**
   * Verifies the arguments, compared as JSON.
   *
   * @param json the expected arguments
   * @return this assertion object
   * @throws AssertionError if they differ
   */
  public ToolCallAssert hasArguments(String json) {
    return matches(AgentAssertions.call(actual == null ? "" : actual.name()).withArguments(json));
  }

  /**
   * Verifies that the arguments contain this JSON (a subset).
   *
   * @param json the expected part of the arguments
   * @return this assertion object
   * @throws AssertionError if they do not
   */
  public ToolCallAssert hasArgumentsContaining(String json) {
    return matches(AgentAssertions.call(actual == null ? "" : actual.name()).withArgumentsContaining(json));
  }

  /**
   * Verifies the result (as text or JSON; {@code *} wildcards allowed).
   *
   * @param result the expected result
   * @return this assertion object
   * @throws AssertionError if it differs
   */
  public ToolCallAssert hasResult(String result) {
    return matches(AgentAssertions.call(actual == null ? "" : actual.name()).withResult(result));
  }

  /**
   * Verifies that the call failed with this error type ({@code *} wildcards allowed).
   *
   * @param errorType the expected error type
   * @return this assertion object
   * @throws AssertionError if it did not fail so
   */
  public ToolCallAssert hasError(String errorType) {
    return matches(AgentAssertions.call(actual == null ? "" : actual.name()).failedWith(errorType));
  }

  /**
   * Verifies that the call did not fail.
   *
   * @return this assertion object
   * @throws AssertionError if it did
   */
  public ToolCallAssert hasNoError() {
    isNotNull();
    if (actual.isError()) {
      throwAssertionError(Messages.message("Expecting %s not to have failed but it failed with error: %s%s",
          subject(), actual.errorType(),
          AssertSupport.inTraceMarked(trace, actual.node(), "error: " + actual.errorType())));
    }
    return myself;
  }

  /**
   * Verifies that the arguments are valid against the tool's JSON schema, as declared in the
   * tool definitions of the LLM call that asked for it (the nearest earlier LLM call offering the tool).
   *
   * @return this assertion object
   * @throws AssertionError listing the violations, or when no schema is in the trace
   */
  public ToolCallAssert hasArgumentsValidAgainstSchema() {
    isNotNull();
    List<String> problems = JsonSchemas.validate(actual, trace);
    if (!problems.isEmpty()) {
      throwAssertionError(Messages.message("Expecting the arguments of %s to be valid against its JSON schema but %s%s",
          subject(), String.join("; ", problems),
          AssertSupport.inTraceMarked(trace, actual.node(), problems.get(0))));
    }
    return myself;
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
  public ToolCallAssert isNotNull() {
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
