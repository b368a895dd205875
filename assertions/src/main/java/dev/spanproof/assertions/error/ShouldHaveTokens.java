package dev.spanproof.assertions.error;

import dev.spanproof.assertions.TokenUsage;
import org.assertj.core.error.ErrorMessageFactory;

/** Creates the message of a failed token count assertion. */
public class ShouldHaveTokens extends Messages {

  /**
   * Creates the factory.
   *
   * @param subject whose tokens, such as {@code the trace of "addsTwo"}
   * @param kind which count: {@code input}, {@code output}, {@code total}, ...
   * @param expected the expected count
   * @param actual the actual count
   * @param usage the full usage, shown for context
   * @param trace the trace tree; may be empty
   * @return the factory
   */
  public static ErrorMessageFactory shouldHaveTokens(String subject, String kind, long expected,
      long actual, TokenUsage usage, String trace) {
    return new ShouldHaveTokens(subject, kind, expected, actual, usage, trace);
  }

  private ShouldHaveTokens(String subject, String kind, long expected, long actual, TokenUsage usage,
      String trace) {
    super("Expecting %s to have used %s %s tokens but it used %s"
            + " (input %s, output %s, total %s, cached input %s, reasoning output %s)%s",
        subject, expected, kind, actual, usage.input(), usage.output(), usage.total(),
        usage.cachedInput(), usage.reasoningOutput(), trace.isEmpty() ? "" : "\nin the trace:\n" + trace);
  }
}
