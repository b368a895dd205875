package dev.spanproof.evals;

import java.util.Locale;
import java.util.Objects;

/**
 * What one scorer made of one run.
 *
 * @param scorer the scorer's name, such as {@code exact} or {@code judge}
 * @param passed whether the run passed this scorer
 * @param value the score, between 0 and 1 (1 or 0 for yes/no scorers)
 * @param reason why, in one readable line (shown in the JUnit report and the summary)
 */
public record Score(String scorer, boolean passed, double value, String reason) {

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException when the value is not between 0 and 1
   */
  public Score {
    Objects.requireNonNull(scorer, "scorer");
    Objects.requireNonNull(reason, "reason");
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("scorer \"" + scorer + "\" gave the score " + value
          + "; a score is between 0 and 1");
    }
  }

  /**
   * Creates a passing score of 1.
   *
   * @param scorer the scorer's name
   * @param reason why it passed
   * @return the score
   */
  public static Score pass(String scorer, String reason) {
    return new Score(scorer, true, 1, reason);
  }

  /**
   * Creates a failing score of 0.
   *
   * @param scorer the scorer's name
   * @param reason why it failed
   * @return the score
   */
  public static Score fail(String scorer, String reason) {
    return new Score(scorer, false, 0, reason);
  }

  /**
   * Creates a graded score that passes at or above a threshold.
   *
   * @param scorer the scorer's name
   * @param value the score, between 0 and 1
   * @param passingValue the least passing score
   * @param reason why
   * @return the score
   */
  public static Score graded(String scorer, double value, double passingValue, String reason) {
    return new Score(scorer, value >= passingValue, value, reason);
  }

  /** Returns the score in one line, for example {@code ✗ exact (0.00): expected "4" but was "5"}. */
  @Override
  public String toString() {
    return (passed ? "✓ " : "✗ ") + scorer + String.format(Locale.ROOT, " (%.2f)", value) + ": " + reason;
  }
}
