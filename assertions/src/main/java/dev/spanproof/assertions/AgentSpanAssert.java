package dev.spanproof.assertions;

import static dev.spanproof.assertions.error.ShouldHaveAttribute.shouldHaveAttribute;
import static dev.spanproof.assertions.error.ShouldHaveAttribute.shouldNotHaveAttribute;
import static org.assertj.core.error.ShouldNotBeNull.shouldNotBeNull;

import dev.spanproof.assertions.error.Messages;
import dev.spanproof.assertions.error.ShouldTakeAtMost;
import dev.spanproof.assertions.internal.AssertSupport;
import dev.spanproof.assertions.internal.AttributeMatch;
import dev.spanproof.assertions.internal.Results;
import io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions;
import io.opentelemetry.sdk.testing.assertj.SpanDataAssert;
import java.time.Duration;
import java.util.Objects;
import java.util.TreeSet;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractDurationAssert;
import org.assertj.core.api.DurationAssert;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions on one span of an agent trace: attributes (user and session ids, {@code langfuse.*},
 * {@code langsmith.metadata.*}, ...), errors, duration, place in the tree; and the way to
 * OpenTelemetry's {@link SpanDataAssert} through {@link #spanData()}.
 */
public class AgentSpanAssert extends AbstractAssert<AgentSpanAssert, AgentSpan> {

  private AgentSoftAssertions softly; // set on the asserts of AgentSoftAssertions: see Navigation
  private AgentTrace trace;

  /**
   * Creates an assertion on a span outside any trace context.
   *
   * @param actual the span
   */
  public AgentSpanAssert(AgentSpan actual) {
    this(actual, null);
  }

  /**
   * Creates an assertion on a span of a trace.
   *
   * @param actual the span
   * @param trace the trace, shown in failure messages; may be null
   */
  public AgentSpanAssert(AgentSpan actual, AgentTrace trace) {
    super(actual, AgentSpanAssert.class);
    this.trace = trace;
  }

  private String subject() {
    return "span \"" + actual.displayName() + "\"" + (trace == null ? "" : " of " + AssertSupport.traceName(trace));
  }

  private String marked(String text) {
    return trace == null ? "" : AssertSupport.markedTree(trace, actual, text);
  }

  /**
   * Verifies that the span has the attribute with this value; values of any type are compared as
   * text ({@code 42L} equals {@code "42"}), {@code *} matches any text.
   *
   * @param key the attribute key
   * @param expected the expected value
   * @return this assertion object
   * @throws AssertionError if the attribute is missing or differs
   * @throws IllegalArgumentException if {@code expected} is null: check absence with
   *     {@link #doesNotHaveAttribute(String)}
   */
  public AgentSpanAssert hasAttribute(String key, Object expected) {
    Objects.requireNonNull(key, "hasAttribute(null, …): the attribute key must not be null");
    if (expected == null) {
      throw new IllegalArgumentException("hasAttribute(\"" + key + "\", null): an attribute cannot hold null; use "
          + "doesNotHaveAttribute(\"" + key + "\") to check it is absent, or hasAttribute(\"" + key + "\") for any value");
    }
    hasAttribute(key);
    if (!AttributeMatch.matches(actual.attributes(), key, expected)) {
      String value = actual.attributes().string(key);
      throwAssertionError(shouldHaveAttribute(subject(), key, AttributeMatch.shown(expected), value,
          marked(key + " = \"" + value + "\"")));
    }
    return myself;
  }

  /**
   * Verifies that the span has the attribute, whatever its value.
   *
   * @param key the attribute key
   * @return this assertion object
   * @throws AssertionError if it is missing
   */
  public AgentSpanAssert hasAttribute(String key) {
    Objects.requireNonNull(key, "hasAttribute(null): the attribute key must not be null");
    isNotNull();
    if (!actual.attributes().has(key)) {
      throwAssertionError(shouldHaveAttribute(subject(), key, new TreeSet<>(actual.attributes().keys()),
          marked("no " + key)));
    }
    return myself;
  }

  /**
   * Verifies that the span does not have the attribute (a secret, a prompt that must not be captured).
   *
   * @param key the attribute key
   * @return this assertion object
   * @throws AssertionError if it is present
   */
  public AgentSpanAssert doesNotHaveAttribute(String key) {
    Objects.requireNonNull(key, "doesNotHaveAttribute(null): the attribute key must not be null");
    isNotNull();
    if (actual.attributes().has(key)) {
      String value = actual.attributes().string(key);
      throwAssertionError(shouldNotHaveAttribute(subject(), key, value, marked(key + " = \"" + value + "\"")));
    }
    return myself;
  }

  /**
   * Verifies that the span failed.
   *
   * @return this assertion object
   * @throws AssertionError if it did not
   */
  public AgentSpanAssert hasError() {
    isNotNull();
    if (!actual.isError()) {
      throwAssertionError(Messages.message("Expecting %s to have failed but it did not (status %s, no error.type)%s",
          subject(), actual.span().getStatus().getStatusCode(),
          trace == null ? "" : "\nin the trace:\n" + marked("did not fail")));
    }
    return myself;
  }

  /**
   * Verifies that the span failed with this error type ({@code *} wildcards allowed).
   *
   * @param errorType the expected {@code error.type} (or exception type)
   * @return this assertion object
   * @throws AssertionError if it did not fail, or failed otherwise
   */
  public AgentSpanAssert hasError(String errorType) {
    Objects.requireNonNull(errorType, "hasError(null): the error type must not be null; use hasError() for any error");
    hasError();
    String actualType = actual.error().orElse("error");
    if (!Results.globMatches(errorType, actualType)) {
      throwAssertionError(Messages.message("Expecting %s to have failed with error: %s but it failed with error: %s%s",
          subject(), errorType, actualType, trace == null ? "" : "\nin the trace:\n" + marked("error: " + actualType)));
    }
    return myself;
  }

  /**
   * Verifies that the span did not fail.
   *
   * @return this assertion object
   * @throws AssertionError if it did
   */
  public AgentSpanAssert hasNoError() {
    isNotNull();
    if (actual.isError()) {
      String type = actual.error().orElse("error");
      String description = actual.span().getStatus().getDescription();
      throwAssertionError(Messages.message("Expecting %s not to have failed but it failed with error: %s%s%s",
          subject(), type, description == null || description.isEmpty() ? "" : " (" + description + ")",
          trace == null ? "" : "\nin the trace:\n" + marked("error: " + type)));
    }
    return myself;
  }

  /**
   * Verifies that the span took at most this long.
   *
   * @param max the longest allowed duration
   * @return this assertion object
   * @throws AssertionError if it took longer
   */
  public AgentSpanAssert tookAtMost(Duration max) {
    isNotNull();
    Objects.requireNonNull(max, "max");
    if (!actual.hasEnded()) {
      throwAssertionError(ShouldTakeAtMost.shouldTakeAtMostButNeverEnded(subject(), max, "it", marked("never ended")));
    }
    if (actual.duration().compareTo(max) > 0) {
      throwAssertionError(ShouldTakeAtMost.shouldTakeAtMost(subject(), max, actual.duration(),
          trace == null ? "" : marked("took " + AssertSupport.durationOver(actual.duration(), max))));
    }
    return myself;
  }

  /**
   * Verifies that the span is of this role (agent, LLM call, tool call, workflow, other).
   *
   * @param role the expected role
   * @return this assertion object
   * @throws AssertionError if it is another
   */
  public AgentSpanAssert hasRole(SpanRole role) {
    isNotNull();
    if (actual.role() != role) {
      throwAssertionError(Messages.message("Expecting %s to be of role %s but it is %s (read by convention \"%s\")%s",
          subject(), role, actual.role(), actual.facts().convention(),
          trace == null ? "" : "\nin the trace:\n" + marked("role " + actual.role())));
    }
    return myself;
  }

  /**
   * Verifies that the span's parent has this name ({@code *} wildcards allowed): its display name
   * or its span name as recorded, as a line of a shape names a span ({@code "call_llm"} or
   * {@code "chat gemini-2.0-flash"} for Google ADK's model call).
   *
   * @param parentName the expected parent, such as {@code "invoke_agent planner"}
   * @return this assertion object
   * @throws AssertionError if the span is a root or has another parent
   */
  public AgentSpanAssert hasParent(String parentName) {
    Objects.requireNonNull(parentName, "hasParent(null): the parent's name must not be null");
    isNotNull();
    AgentSpan parent = actual.parent().orElse(null);
    if (parent == null || !AgentTrace.isNamed(parent, dev.spanproof.assertions.internal.Shape.glob(parentName))) {
      String found = parent == null ? "it is a root" : "its parent is \"" + parent.displayName() + "\""
          + (parent.name().equals(parent.displayName()) ? "" : " (span name \"" + parent.name() + "\")");
      throwAssertionError(Messages.message("Expecting %s to have parent \"%s\" but %s%s",
          subject(), parentName, found, trace == null ? "" : "\nin the trace:\n" + marked("here")));
    }
    return myself;
  }

  /**
   * Verifies the span's depth in the tree (0 for a root).
   *
   * @param depth the expected depth
   * @return this assertion object
   * @throws AssertionError if it differs
   */
  public AgentSpanAssert hasDepth(int depth) {
    isNotNull();
    if (actual.depth() != depth) {
      throwAssertionError(Messages.message("Expecting %s to be at depth %s but it is at depth %s%s",
          subject(), depth, actual.depth(), trace == null ? "" : "\nin the trace:\n" + marked("depth " + actual.depth())));
    }
    return myself;
  }

  /**
   * Navigates to the span's children, ordered by start time.
   *
   * @return an assertion on the children
   */
  @CheckReturnValue
  public AgentSpansAssert children() {
    return Navigation.next(this, softly, AgentSpansAssert.class, () -> {
      isNotNull();
      return new AgentSpansAssert(actual.children(), trace,
          "the children of \"" + actual.displayName() + "\"");
    });
  }

  /**
   * Navigates to all spans under this one, in tree order.
   *
   * @return an assertion on the descendants
   */
  @CheckReturnValue
  public AgentSpansAssert descendants() {
    return Navigation.next(this, softly, AgentSpansAssert.class, () -> {
      isNotNull();
      return new AgentSpansAssert(actual.descendants(), trace,
          "the descendants of \"" + actual.displayName() + "\"");
    });
  }

  /**
   * Navigates to the spans above this one, nearest first.
   *
   * @return an assertion on the ancestors
   */
  @CheckReturnValue
  public AgentSpansAssert ancestors() {
    return Navigation.next(this, softly, AgentSpansAssert.class, () -> {
      isNotNull();
      return new AgentSpansAssert(actual.ancestors(), trace,
          "the ancestors of \"" + actual.displayName() + "\"");
    });
  }

  /**
   * Navigates to the span's duration.
   *
   * @return an assertion on the duration
   */
  @CheckReturnValue
  public AbstractDurationAssert<?> duration() {
    return Navigation.next(this, softly, DurationAssert.class, () -> {
      isNotNull();
      if (!actual.hasEnded()) {
        throwAssertionError(Messages.message("Expecting %s to have ended, to check its duration, but it never ended"
            + " (end every span, and let the agent finish before asserting)%s", subject(),
            trace == null ? "" : "\nin the trace:\n" + marked("never ended")));
      }
      DurationAssert duration = new DurationAssert(actual.duration());
      // the user's as(...) description is kept; without one, the duration names its span
      return info.hasDescription() ? duration.as(info.description()) : duration.as("duration of %s", subject());
    });
  }

  /**
   * Navigates to OpenTelemetry's own assertion on the span, for anything spanproof does not model. It is a
   * hard assertion also under {@link AgentSoftAssertions} (OpenTelemetry's class is final, so it cannot be
   * made soft): wrap such chains in {@code softly.check(() -> ...)}.
   *
   * @return OpenTelemetry's {@link SpanDataAssert}
   * @throws IllegalStateException under soft assertions, after a navigation of the chain failed: there is
   *     no span to check, and no soft assertion to go on with
   */
  @CheckReturnValue
  public SpanDataAssert spanData() {
    if (softly != null && softly.isQuiet()) {
      throw new IllegalStateException("spanData() cannot go on after a soft navigation of its chain failed ("
          + softly.quietBecause() + "): OpenTelemetry's SpanDataAssert is final, so it cannot be soft;"
          + " wrap chains that reach spanData() in softly.check(() -> assertThat(trace)...spanData()...)");
    }
    isNotNull();
    return AssertSupport.carryOver(this, OpenTelemetryAssertions.assertThat(actual.span()));
  }

  /**
   * Verifies that the actual value is not null, failing (as every assertion of this class) with the
   * stack trace starting at the test: AssertJ's own check would keep spanproof's frames on top.
   *
   * @return this assertion object
   * @throws AssertionError if the actual value is null
   */
  @Override
  public AgentSpanAssert isNotNull() {
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
