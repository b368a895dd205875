package dev.spanproof.evals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;

/**
 * A gate on the pass rate of repeated, nondeterministic runs: it passes when the lower bound of the
 * Wilson score interval at the given confidence reaches the threshold — evidence that the true pass
 * rate is at least the threshold, not merely a lucky sample.
 *
 * <pre>{@code
 * PassRateGate gate = PassRateGate.of(0.8);            // 95 % confidence
 * gate.evaluate(29, 30).passed();                      // true:  bound 0.8333 ≥ 0.8
 * gate.evaluate(27, 30).passed();                      // false: bound 0.7438 < 0.8
 * gate.evaluate(27, 30).passingRunsNeeded();           // 10 more passing runs
 * }</pre>
 *
 * @param threshold the minimum lower bound, between 0 and 1
 * @param confidence the two-sided confidence level of the Wilson interval, strictly between 0 and 1
 */
public record PassRateGate(double threshold, double confidence) {

  /** The confidence used unless another is given: {@value}. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  /**
   * Checks the threshold and confidence.
   *
   * @throws IllegalArgumentException when either is out of range (the message says which and why)
   */
  public PassRateGate {
    PassRateStatistics.requireThreshold(threshold);
    PassRateStatistics.requireConfidence(confidence);
  }

  /**
   * Creates a gate at 95 % confidence.
   *
   * @param threshold the minimum lower bound, between 0 and 1
   * @return the gate
   */
  public static PassRateGate of(double threshold) {
    return new PassRateGate(threshold, DEFAULT_CONFIDENCE);
  }

  /**
   * Evaluates the gate on the runs made.
   *
   * @param passes the passing runs
   * @param runs all runs, at least 1
   * @return the decision with its numbers
   */
  public Result evaluate(long passes, long runs) {
    double lower = PassRateStatistics.wilsonLowerBound(passes, runs, confidence);
    boolean passed = lower >= threshold;
    long needed = passed || threshold >= 1 ? 0
        : PassRateStatistics.passingRunsNeeded(passes, runs, threshold, confidence);
    return new Result(this, passes, runs, lower, passed, needed);
  }

  /**
   * Decides the gate early, if the runs still to come can no longer change the outcome: it has
   * passed when even all remaining runs failing would keep the bound at or above the threshold, and
   * failed when even all remaining runs passing would leave it below.
   *
   * @param passes the passing runs so far
   * @param runsDone the runs made so far
   * @param runsPlanned the runs planned in total, at least {@code runsDone} and at least 1
   * @return the final outcome ({@code true} passed) once decided; empty while it can still flip
   * @throws IllegalArgumentException when the counts are inconsistent
   */
  public Optional<Boolean> decidedEarly(long passes, long runsDone, long runsPlanned) {
    if (runsPlanned < 1 || runsDone > runsPlanned || passes < 0 || passes > runsDone) {
      throw new IllegalArgumentException("inconsistent counts: " + passes + " passes in " + runsDone
          + " runs of " + runsPlanned + " planned");
    }
    long remaining = runsPlanned - runsDone;
    if (PassRateStatistics.wilsonLowerBound(passes, runsPlanned, confidence) >= threshold) {
      return Optional.of(true);
    }
    if (PassRateStatistics.wilsonLowerBound(passes + remaining, runsPlanned, confidence) < threshold) {
      return Optional.of(false);
    }
    return Optional.empty();
  }

  /**
   * A decision of the gate.
   *
   * @param gate the gate
   * @param passes the passing runs
   * @param runs all runs
   * @param lowerBound the Wilson lower bound of the pass rate
   * @param passed whether the bound reached the threshold
   * @param passingRunsNeeded how many more runs, all passing, would lift the bound to the threshold
   *     (0 when passed)
   */
  public record Result(PassRateGate gate, long passes, long runs, double lowerBound, boolean passed,
      long passingRunsNeeded) {

    /**
     * Returns the raw pass rate, passes divided by runs.
     *
     * @return the rate
     */
    public double passRate() {
      return (double) passes / runs;
    }

    /**
     * Describes the decision in one line, as the gate's name in the JUnit report shows it, for
     * example {@code 29/30 passed (96.7 %), Wilson lower bound 0.833 at 95 % ≥ 0.800}.
     *
     * @return the description
     */
    public String summary() {
      return String.format(Locale.ROOT, "%d/%d passed (%.1f %%), Wilson lower bound %s at %s %% %s %s",
          passes, runs, 100 * passRate(), boundText(lowerBound, gate.threshold(), passed), percent(gate.confidence()),
          passed ? "≥" : "<", thresholdText(gate.threshold()));
    }

    /**
     * Explains a failed gate: the numbers, and how many more passing runs would be needed.
     *
     * @return the explanation; for a passed gate, its {@link #summary()}
     */
    public String explanation() {
      if (passed) {
        return summary();
      }
      String needed = gate.threshold() >= 1
          ? "No number of runs can lift a confidence bound to 1; lower the threshold."
          : String.format(Locale.ROOT, "With %d more passing run%s (%d/%d) the bound would reach %s: raise the "
              + "pass rate, or run more repetitions if the rate is truly above %s.",
              passingRunsNeeded, passingRunsNeeded == 1 ? "" : "s", passes + passingRunsNeeded,
              runs + passingRunsNeeded, thresholdText(gate.threshold()), thresholdText(gate.threshold()));
      return "The pass rate is not proven to reach " + thresholdText(gate.threshold()) + ": " + summary() + ".\n"
          + needed;
    }

    /**
     * A threshold as text: three decimals, more when it has more ({@code 0.800}, {@code 0.8125}).
     */
    static String thresholdText(double threshold) {
      BigDecimal exact = BigDecimal.valueOf(threshold).stripTrailingZeros();
      return exact.setScale(Math.max(3, exact.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    /**
     * A bound as text, with as many decimals beyond three as the comparison with the threshold needs
     * to read true: a failed 0.79996 shows as {@code 0.79996 < 0.800}, never {@code 0.800 < 0.800}.
     */
    static String boundText(double bound, double threshold, boolean passed) {
      BigDecimal shownThreshold = new BigDecimal(thresholdText(threshold));
      BigDecimal exact = BigDecimal.valueOf(bound);
      for (int digits = 3; digits <= 17; digits++) {
        BigDecimal shown = exact.setScale(digits, RoundingMode.HALF_UP);
        int order = shown.compareTo(shownThreshold);
        if (passed ? order >= 0 : order < 0) {
          return shown.toPlainString();
        }
      }
      return exact.toPlainString();
    }

    private static String percent(double fraction) {
      double p = fraction * 100;
      return p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p);
    }
  }
}
