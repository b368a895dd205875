package dev.spanproof.assertions.error;

import org.assertj.core.error.ErrorMessageFactory;

/** Creates the message of a failed "no error" assertion: which spans failed, and why. */
public class ShouldHaveNoErrors extends Messages {

  /**
   * Creates the factory.
   *
   * @param subject what should have no error
   * @param errors the failed spans, one per line, indented
   * @param trace the trace with the first failed span marked; may be empty
   * @return the factory
   */
  public static ErrorMessageFactory shouldHaveNoErrors(String subject, String errors, String trace) {
    return new ShouldHaveNoErrors(subject, errors, trace);
  }

  private ShouldHaveNoErrors(String subject, String errors, String trace) {
    super("Expecting %s to have no error but these spans failed:\n%s%s", subject, errors, ShouldHaveAttribute.in(trace));
  }
}
