package dev.spanproof.assertions;

import static org.assertj.core.error.ShouldNotBeNull.shouldNotBeNull;

import dev.spanproof.assertions.error.Messages;
import dev.spanproof.assertions.internal.AssertSupport;
import org.assertj.core.api.AbstractLongAssert;
import org.assertj.core.description.Description;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions on a count from a trace (tokens, LLM calls, tool calls), with budget wording:
 * {@code tokens().total().isAtMost(2_000)}. Every {@link AbstractLongAssert} assertion works too.
 */
public class CountAssert extends AbstractLongAssert<CountAssert> {

  private AgentTrace trace;
  private String subject;
  private AgentSpan mark; // the LLM call or agent run counted, marked in failures; may be null
  private String markText;
  private Description description; // the one describe() gave; null for a count of no trace

  /**
   * Creates an assertion on a count that belongs to no trace.
   *
   * @param actual the count
   */
  public CountAssert(Long actual) {
    super(actual, CountAssert.class);
    this.trace = null;
    this.subject = "the count";
    this.description = null;
  }

  /**
   * Creates an assertion on a count of a trace.
   *
   * @param actual the count
   * @param trace the trace, shown in failure messages; may be null
   * @param subject what is counted, such as {@code the total tokens of the trace of "addsTwo"}
   */
  public CountAssert(Long actual, AgentTrace trace, String subject) {
    super(actual, CountAssert.class);
    this.trace = trace;
    this.subject = subject;
    this.description = AssertSupport.describe(this, subject);
  }

  /** Marks this span (when not null) in the trees of failures. */
  CountAssert marking(AgentSpan span, String text) {
    this.mark = span;
    this.markText = text;
    return this;
  }

  private String inTrace() {
    return mark == null || trace == null ? AssertSupport.inTrace(trace)
        : "\nin the trace:\n" + AssertSupport.markedTree(trace, mark, markText);
  }

  /**
   * Verifies that the count is at most the given maximum (a budget).
   *
   * @param max the largest allowed value
   * @return this assertion object
   * @throws AssertionError if the count is larger
   */
  public CountAssert isAtMost(long max) {
    isNotNull();
    if (actual > max) {
      throwAssertionError(Messages.message("Expecting %s to be at most %s but it was %s (%s over)%s",
          subject, max, actual, actual - max, inTrace()));
    }
    return myself;
  }

  /**
   * Verifies that the count is at least the given minimum.
   *
   * @param min the smallest allowed value
   * @return this assertion object
   * @throws AssertionError if the count is smaller
   */
  public CountAssert isAtLeast(long min) {
    isNotNull();
    if (actual < min) {
      throwAssertionError(Messages.message("Expecting %s to be at least %s but it was %s (%s under)%s",
          subject, min, actual, min - actual, inTrace()));
    }
    return myself;
  }

  /**
   * Verifies that the actual value is not null, failing (as every assertion of this class) with the
   * stack trace starting at the test: AssertJ's own check would keep spanproof's frames on top.
   *
   * @return this assertion object
   * @throws AssertionError if the actual value is null
   */
  @Override
  public CountAssert isNotNull() {
    if (actual == null) {
      throwAssertionError(shouldNotBeNull());
    }
    return myself;
  }

  /** Fails with the stack trace starting at the test, without spanproof's frames. */
  @Override
  protected void throwAssertionError(ErrorMessageFactory errorMessageFactory) {
    throw AssertSupport.failure(info, description, errorMessageFactory);
  }
}
