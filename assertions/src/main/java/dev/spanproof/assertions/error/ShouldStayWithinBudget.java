package dev.spanproof.assertions.error;

import dev.spanproof.assertions.TokenUsage;
import org.assertj.core.error.ErrorMessageFactory;

/** Creates the message of a token budget overrun. */
public class ShouldStayWithinBudget extends Messages {

  /**
   * Creates the factory.
   *
   * @param subject whose tokens
   * @param budget the most total tokens allowed
   * @param usage the usage
   * @param trace the trace tree; may be empty
   * @return the factory
   */
  public static ErrorMessageFactory shouldStayWithinBudget(String subject, long budget, TokenUsage usage, String trace) {
    return new ShouldStayWithinBudget(subject, budget, usage, trace);
  }

  private ShouldStayWithinBudget(String subject, long budget, TokenUsage usage, String trace) {
    super("Expecting %s to use at most %s tokens but it used %s (input %s, output %s), %s over budget%s",
        subject, budget, usage.total(), usage.input(), usage.output(), usage.total() - budget,
        trace.isEmpty() ? "" : "\nin the trace:\n" + trace);
  }
}
