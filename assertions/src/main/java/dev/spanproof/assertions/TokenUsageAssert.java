package dev.spanproof.assertions;

import static dev.spanproof.assertions.error.ShouldHaveTokens.shouldHaveTokens;
import static org.assertj.core.error.ShouldNotBeNull.shouldNotBeNull;

import dev.spanproof.assertions.internal.AssertSupport;
import java.util.List;
import java.util.function.ToLongFunction;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions on token usage: of a whole trace, an agent run, a model or one LLM call.
 *
 * <pre>{@code
 * assertThat(trace).tokens().hasInput(22).hasOutput(23);
 * assertThat(trace).tokens().total().isAtMost(2_000);
 * }</pre>
 */
public class TokenUsageAssert extends AbstractAssert<TokenUsageAssert, TokenUsage> {

  private AgentSoftAssertions softly; // set on the asserts of AgentSoftAssertions: see Navigation
  private AgentTrace trace;
  private String subject;
  private AgentSpan mark; // the LLM call or agent run the usage is of, marked in failures; may be null
  private String markText;
  private List<AgentSpan> unreported; // LLM calls in scope whose tokens are unknown; null for none

  /**
   * Creates an assertion on a usage that belongs to no trace.
   *
   * @param actual the usage
   */
  public TokenUsageAssert(TokenUsage actual) {
    this(actual, null, "the token usage");
  }

  /**
   * Creates an assertion on the usage of part of a trace.
   *
   * @param actual the usage
   * @param trace the trace, shown in failure messages; may be null
   * @param subject what the usage is of, such as {@code the trace of "addsTwo"}
   */
  public TokenUsageAssert(TokenUsage actual, AgentTrace trace, String subject) {
    super(actual, TokenUsageAssert.class);
    this.trace = trace;
    this.subject = subject;
  }

  /**
   * Verifies that the input (prompt) tokens are as expected.
   *
   * @param expected the expected input tokens
   * @return this assertion object
   * @throws AssertionError if the count differs
   */
  public TokenUsageAssert hasInput(long expected) {
    return has("input", expected, TokenUsage::input);
  }

  /**
   * Verifies that the output (completion) tokens are as expected.
   *
   * @param expected the expected output tokens
   * @return this assertion object
   * @throws AssertionError if the count differs
   */
  public TokenUsageAssert hasOutput(long expected) {
    return has("output", expected, TokenUsage::output);
  }

  /**
   * Verifies that input plus output tokens are as expected.
   *
   * @param expected the expected total
   * @return this assertion object
   * @throws AssertionError if the count differs
   */
  public TokenUsageAssert hasTotal(long expected) {
    return has("total", expected, TokenUsage::total);
  }

  /**
   * Verifies that the cached input tokens are as expected.
   *
   * @param expected the expected cached input tokens
   * @return this assertion object
   * @throws AssertionError if the count differs
   */
  public TokenUsageAssert hasCachedInput(long expected) {
    return has("cached input", expected, TokenUsage::cachedInput);
  }

  /**
   * Verifies that the reasoning output tokens are as expected.
   *
   * @param expected the expected reasoning tokens
   * @return this assertion object
   * @throws AssertionError if the count differs
   */
  public TokenUsageAssert hasReasoningOutput(long expected) {
    return has("reasoning output", expected, TokenUsage::reasoningOutput);
  }

  /**
   * Verifies that the total stays within a budget.
   *
   * @param maxTotal the most total tokens allowed
   * @return this assertion object
   * @throws AssertionError if the total is larger
   */
  public TokenUsageAssert isWithinBudget(long maxTotal) {
    isNotNull();
    if (unreported != null && !unreported.isEmpty()) {
      throwAssertionError(CountAssert.unknownTokens(subject, "to use at most " + maxTotal + " tokens", unreported,
          trace));
    }
    if (actual.total() > maxTotal) {
      throwAssertionError(dev.spanproof.assertions.error.ShouldStayWithinBudget.shouldStayWithinBudget(
          subject, maxTotal, actual, tree()));
    }
    return myself;
  }

  /**
   * Navigates to the input tokens, for comparisons such as {@code isLessThan}.
   *
   * @return an assertion on the input tokens
   */
  @CheckReturnValue
  public CountAssert input() {
    return count("input", actual == null ? 0 : actual.input());
  }

  /**
   * Navigates to the output tokens.
   *
   * @return an assertion on the output tokens
   */
  @CheckReturnValue
  public CountAssert output() {
    return count("output", actual == null ? 0 : actual.output());
  }

  /**
   * Navigates to the total tokens, for budgets: {@code tokens().total().isAtMost(2_000)}.
   *
   * @return an assertion on the total
   */
  @CheckReturnValue
  public CountAssert total() {
    return count("total", actual == null ? 0 : actual.total());
  }

  /**
   * Navigates to the cached input tokens.
   *
   * @return an assertion on the cached input tokens
   */
  @CheckReturnValue
  public CountAssert cachedInput() {
    return count("cached input", actual == null ? 0 : actual.cachedInput());
  }

  /**
   * Navigates to the reasoning output tokens.
   *
   * @return an assertion on the reasoning tokens
   */
  @CheckReturnValue
  public CountAssert reasoningOutput() {
    return count("reasoning output", actual == null ? 0 : actual.reasoningOutput());
  }

  private CountAssert count(String kind, long value) {
    return Navigation.next(this, softly, CountAssert.class, () -> {
      isNotNull();
      return new CountAssert(value, trace, "the " + kind + " tokens of " + subject).marking(mark, markText)
          .withUnreported(unreported);
    });
  }

  private TokenUsageAssert has(String kind, long expected, ToLongFunction<TokenUsage> count) {
    isNotNull();
    long value = count.applyAsLong(actual);
    if (value != expected) {
      throwAssertionError(shouldHaveTokens(subject, kind, expected, value, actual, tree()));
    }
    return myself;
  }

  /**
   * Verifies that the usage equals the expected one, every count of it: the failure shows cached
   * and reasoning tokens too, which {@link TokenUsage#toString()} ({@code IN→OUT}) leaves out.
   *
   * @param expected the expected usage
   * @return this assertion object
   * @throws AssertionError if a count differs (with expected and actual texts for the IDE's diff)
   */
  @Override
  public TokenUsageAssert isEqualTo(Object expected) {
    isNotNull();
    if (!actual.equals(expected)) {
      String wanted = expected instanceof TokenUsage usage ? counts(usage) : String.valueOf(expected);
      throw AssertSupport.failure(info, dev.spanproof.assertions.error.Messages.message(
          "Expecting %s to be %s but it was %s%s", subject, wanted, counts(actual),
          trace == null ? "" : "\nin the trace:\n" + tree()), counts(actual), wanted);
    }
    return myself;
  }

  private static String counts(TokenUsage usage) {
    return "input " + usage.input() + ", output " + usage.output() + ", cached input " + usage.cachedInput()
        + ", reasoning output " + usage.reasoningOutput();
  }

  /** An assertion on a sum of usage that knows which calls of its scope reported none. */
  static TokenUsageAssert of(AgentTrace.UsageSum usage, AgentTrace trace, String subject) {
    return new TokenUsageAssert(usage.sum(), trace, subject).withUnreported(usage.unreported());
  }

  /**
   * Gives the LLM calls of the usage's scope that reported none: a budget over them cannot pass
   * (their tokens are unknown, and would count as 0).
   */
  TokenUsageAssert withUnreported(List<AgentSpan> calls) {
    this.unreported = List.copyOf(calls);
    return this;
  }

  /** Marks this span in the trees of failures: the LLM call or agent run the usage is of. */
  TokenUsageAssert marking(AgentSpan span, String text) {
    this.mark = span;
    this.markText = text;
    return this;
  }

  private String tree() {
    return trace == null ? "" : mark == null ? AssertSupport.tree(trace) : AssertSupport.markedTree(trace, mark, markText);
  }

  /**
   * Verifies that the actual value is not null, failing (as every assertion of this class) with the
   * stack trace starting at the test: AssertJ's own check would keep spanproof's frames on top.
   *
   * @return this assertion object
   * @throws AssertionError if the actual value is null
   */
  @Override
  public TokenUsageAssert isNotNull() {
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
