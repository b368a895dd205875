package dev.spanproof.assertions.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * A message factory whose every argument is shown as written (no quotes added), for messages that
 * embed trace trees and JSON. The {@code Should*} factories of this package build on it.
 */
public class Messages extends BasicErrorMessageFactory {

  /**
   * Creates the factory.
   *
   * @param format the message format ({@link String#format} syntax)
   * @param arguments the arguments, each shown with {@code toString()}
   */
  protected Messages(String format, Object... arguments) {
    super(format, unquoted(arguments));
  }

  /**
   * Creates a factory for a one-off message.
   *
   * @param format the message format
   * @param arguments the arguments
   * @return the factory
   */
  public static ErrorMessageFactory message(String format, Object... arguments) {
    return new Messages(format, arguments);
  }

  private static Object[] unquoted(Object[] arguments) {
    Object[] out = new Object[arguments.length];
    for (int i = 0; i < arguments.length; i++) {
      out[i] = unquotedString(String.valueOf(arguments[i]));
    }
    return out;
  }
}
