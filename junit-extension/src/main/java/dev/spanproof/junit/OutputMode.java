package dev.spanproof.junit;

/**
 * When spanproof prints a test's trace tree and LLM exchange, or writes its HTML report.
 *
 * @see AgentTest#print()
 * @see AgentTest#report()
 */
public enum OutputMode {
  /** Not set here: the configuration parameter decides, else the default ({@link #ON_FAILURE}). */
  INHERIT,
  /** For every test. */
  ALWAYS,
  /** Only for failed tests. */
  ON_FAILURE,
  /** Never. */
  NEVER;

  /**
   * Whether a test with the given outcome gets output in this mode ({@link #INHERIT} acts as
   * {@link #ON_FAILURE}).
   *
   * @param failed whether the test failed
   * @return whether to print or write
   */
  public boolean appliesTo(boolean failed) {
    return this == ALWAYS || ((this == ON_FAILURE || this == INHERIT) && failed);
  }
}
