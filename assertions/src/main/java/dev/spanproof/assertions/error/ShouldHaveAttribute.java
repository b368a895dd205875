package dev.spanproof.assertions.error;

import org.assertj.core.error.ErrorMessageFactory;

/** Creates the message of a failed attribute assertion on a span. */
public class ShouldHaveAttribute extends Messages {

  /**
   * Creates the factory for an attribute with the wrong value.
   *
   * @param subject the span, such as {@code span "chat gpt-4" of the trace of "addsTwo"}
   * @param key the attribute key
   * @param expected the expected value
   * @param actual the actual value
   * @param trace the trace with the span marked; may be empty
   * @return the factory
   */
  public static ErrorMessageFactory shouldHaveAttribute(String subject, String key, String expected,
      String actual, String trace) {
    return new ShouldHaveAttribute("Expecting %s to have attribute %s = \"%s\" but it was \"%s\"%s",
        subject, key, expected, actual, in(trace));
  }

  /**
   * Creates the factory for a missing attribute.
   *
   * @param subject the span
   * @param key the attribute key
   * @param present the keys the span has
   * @param trace the trace with the span marked; may be empty
   * @return the factory
   */
  public static ErrorMessageFactory shouldHaveAttribute(String subject, String key, Iterable<String> present,
      String trace) {
    return new ShouldHaveAttribute("Expecting %s to have attribute %s but it has none; its attributes: %s%s",
        subject, key, String.join(", ", present), in(trace));
  }

  /**
   * Creates the factory for an attribute that should be absent.
   *
   * @param subject the span
   * @param key the attribute key
   * @param actual the value it has
   * @param trace the trace with the span marked; may be empty
   * @return the factory
   */
  public static ErrorMessageFactory shouldNotHaveAttribute(String subject, String key, String actual, String trace) {
    return new ShouldHaveAttribute("Expecting %s not to have attribute %s but it was \"%s\"%s",
        subject, key, actual, in(trace));
  }

  static String in(String trace) {
    return trace.isEmpty() ? "" : "\nin the trace:\n" + trace;
  }

  private ShouldHaveAttribute(String format, Object... arguments) {
    super(format, arguments);
  }
}
