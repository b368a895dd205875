package dev.spanproof.assertions.error;

import org.assertj.core.error.ErrorMessageFactory;

/** Creates the message of a failed count: of LLM calls, tool calls or spans. */
public class ShouldHaveCount extends Messages {

  /**
   * Creates the factory.
   *
   * @param subject whose things are counted
   * @param expected the expected number
   * @param what what is counted, plural ({@code LLM calls})
   * @param actual the actual number
   * @param listing the things found, one per line, indented; may be empty
   * @param trace the trace tree; may be empty
   * @return the factory
   */
  public static ErrorMessageFactory shouldHaveCount(String subject, long expected, String what, long actual,
      String listing, String trace) {
    return new ShouldHaveCount(subject, expected, what, actual, listing, trace);
  }

  private ShouldHaveCount(String subject, long expected, String what, long actual, String listing, String trace) {
    super("Expecting %s to have %s %s but it has %s%s%s", subject, expected, what, actual,
        listing.isEmpty() ? "" : ":\n" + listing, ShouldHaveAttribute.in(trace));
  }
}
