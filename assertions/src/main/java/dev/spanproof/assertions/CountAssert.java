package dev.spanproof.assertions;

import static org.assertj.core.error.ShouldNotBeNull.shouldNotBeNull;

import dev.spanproof.assertions.error.Messages;
import dev.spanproof.assertions.internal.AssertSupport;
import java.util.List;
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
  private List<AgentSpan> unreported; // for token counts: LLM calls whose tokens are unknown; null for none
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

  /**
   * Verifies that the count is below the given value; for token counts, fails as
   * {@link #isAtMost(long)} does when some LLM call reported no usage.
   *
   * @param other the value the count must stay under
   * @return this assertion object
   * @throws AssertionError if the count is not smaller, or tokens are unknown
   */
  @Override
  public CountAssert isLessThan(long other) {
    isNotNull();
    requireKnown("to be less than " + other);
    return super.isLessThan(other);
  }

  /**
   * Verifies that the count is at most the given value, as {@link #isAtMost(long)} does.
   *
   * @param other the largest allowed value
   * @return this assertion object
   * @throws AssertionError if the count is larger, or tokens are unknown
   */
  @Override
  public CountAssert isLessThanOrEqualTo(long other) {
    isNotNull();
    requireKnown("to be at most " + other);
    return super.isLessThanOrEqualTo(other);
  }

  CountAssert withUnreported(List<AgentSpan> calls) {
    this.unreported = calls;
    return this;
  }

  /** An upper bound on tokens some LLM call never reported cannot be checked: they would count as 0. */
  private void requireKnown(String bound) {
    if (unreported != null && !unreported.isEmpty()) {
      throwAssertionError(unknownTokens(subject, bound, unreported, trace));
    }
  }

  static ErrorMessageFactory unknownTokens(String subject, String bound, List<AgentSpan> unreported, AgentTrace trace) {
    String names = unreported.stream().map(span -> "\"" + span.displayName() + "\"").distinct()
        .collect(java.util.stream.Collectors.joining(", "));
    return Messages.message("Expecting %s %s, but %s reported no token usage (%s), so the tokens are unknown"
        + " rather than 0: record usage (for streamed OpenAI calls, ask for it with stream_options.include_usage),"
        + " or check what was reported with isEqualTo%s", subject, bound,
        unreported.size() == 1 ? "1 LLM call" : unreported.size() + " LLM calls", names,
        AssertSupport.inTraceMarked(trace, unreported.get(0), "no token usage"));
  }

  /** Marks this span (when not null) in the trees of failures. */
  CountAssert marking(AgentSpan span, String text) {
    this.mark = span;
    this.markText = text;
    return this;
  }

  /** The trace, the counted span marked when there is one, and the trace's appendix. */
  private String inTrace() {
    return (mark == null || trace == null ? AssertSupport.inTrace(trace)
        : "\nin the trace:\n" + AssertSupport.markedTree(trace, mark, markText)) + AssertSupport.appendix(trace);
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
    requireKnown("to be at most " + max);
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
