package dev.spanproof.assertions;

/**
 * Thrown when a trace shape expectation (the text given to {@code hasShape}) is malformed. The
 * message names the line and says what was expected there.
 */
public class ShapeSyntaxException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int lineNumber;

  /**
   * Creates the exception.
   *
   * @param lineNumber the 1-based line of the expectation text
   * @param line the line as written
   * @param problem what is wrong and what was expected
   */
  public ShapeSyntaxException(int lineNumber, String line, String problem) {
    super("Malformed trace shape at line " + lineNumber + ": " + problem
        + (line == null ? "" : "\n  " + lineNumber + " | " + line));
    this.lineNumber = lineNumber;
  }

  /**
   * Returns the 1-based line number of the problem.
   *
   * @return the line number
   */
  public int lineNumber() {
    return lineNumber;
  }
}
