package dev.spanproof.assertions.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Creates the message of a failed {@code hasShape}: expected tree, actual tree, marked difference. */
public class ShouldHaveShape extends BasicErrorMessageFactory {

  /**
   * Creates the factory.
   *
   * @param subject what is checked, such as {@code the trace of "addsTwo"}
   * @param expectedTree the expectation rendered as a tree, indented
   * @param actualTree the trace rendered with the marker line, indented
   * @return the factory
   */
  public static ErrorMessageFactory shouldHaveShape(String subject, String expectedTree, String actualTree) {
    return new ShouldHaveShape(subject, expectedTree, actualTree);
  }

  private ShouldHaveShape(String subject, String expectedTree, String actualTree) {
    super("Expecting %s to have the shape:\n%s\nbut it was:\n%s",
        unquotedString(subject), unquotedString(expectedTree), unquotedString(actualTree));
  }
}
