package dev.spanproof.assertions.error;

import org.assertj.core.error.ErrorMessageFactory;

/** Creates the message of a failed {@code isWellInstrumented()}: the lint findings and the trace. */
public class ShouldBeWellInstrumented extends Messages {

  /**
   * Creates the factory.
   *
   * @param subject the trace, such as {@code the trace of "addsTwo"}
   * @param findingCount the number of findings
   * @param report the numbered findings, indented
   * @param trace the trace tree; may be empty
   * @return the factory
   */
  public static ErrorMessageFactory shouldBeWellInstrumented(String subject, int findingCount, String report, String trace) {
    return new ShouldBeWellInstrumented(subject, findingCount, report, trace);
  }

  private ShouldBeWellInstrumented(String subject, int findingCount, String report, String trace) {
    super("Expecting %s to be well instrumented but lint found %s:\n%s%s", subject,
        findingCount == 1 ? "1 problem" : findingCount + " problems", report, ShouldHaveAttribute.in(trace));
  }
}
