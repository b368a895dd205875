package dev.spanproof.evals;

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
      return String.format(Locale.ROOT, "%d/%d passed (%.1f %%), Wilson lower bound %.3f at %s %% %s %.3f",
          passes, runs, 100 * passRate(), lowerBound, percent(gate.confidence()), passed ? "≥" : "<",
          gate.threshold());
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
          : String.format(Locale.ROOT, "With %d more passing run%s (%d/%d) the bound would reach %.3f: raise the "
              + "pass rate, or run more repetitions if the rate is truly above %.3f.",
              passingRunsNeeded, passingRunsNeeded == 1 ? "" : "s", passes + passingRunsNeeded,
              runs + passingRunsNeeded, gate.threshold(), gate.threshold());
      return "The pass rate is not proven to reach " + String.format(Locale.ROOT, "%.3f", gate.threshold())
          + ": " + summary() + ".\n" + needed;
    }

    private static String percent(double fraction) {
      double p = fraction * 100;
      return p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p);
    }
  }
}
