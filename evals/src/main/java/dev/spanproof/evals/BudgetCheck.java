package dev.spanproof.evals;

import java.util.Locale;

/**
 * One metric of one test against its limit, from an inline budget or a baseline.
 *
 * @param metric what is limited
 * @param actual what the test used
 * @param limit the most it may use
 * @param baseline the baseline value the limit derives from, or -1 for an inline budget
 */
public record BudgetCheck(UsageMetric metric, long actual, long limit, long baseline) {

  /**
   * Returns whether the test used more than its limit.
   *
   * @return true when it did
   */
  public boolean exceeded() {
    return actual > limit;
  }

  /**
   * Returns whether the limit comes from a baseline.
   *
   * @return true for a baseline check
   */
  public boolean fromBaseline() {
    return baseline >= 0;
  }

  /**
   * Returns how much the metric changed against the baseline (or against the limit, for an inline
   * budget), for example {@code +19, +36.5 %} (the percentage left out when the reference is 0).
   *
   * @return the change
   */
  public String change() {
    long reference = fromBaseline() ? baseline : limit;
    long delta = actual - reference;
    if (reference == 0) {
      return String.format(Locale.ROOT, "%+d", delta); // no percentage of nothing
    }
    return String.format(Locale.ROOT, "%+d, %+.1f %%", delta, 100.0 * delta / reference);
  }

  /**
   * Describes the check in one line, for example
   * {@code input tokens: 71, baseline 52, limit 57 (+19, +36.5 %)}.
   *
   * @return the description
   */
  public String describe() {
    return fromBaseline()
        ? metric.label() + ": " + actual + ", baseline " + baseline + ", limit " + limit + " (" + change() + ")"
        : metric.label() + ": " + actual + ", budget " + limit + " (" + change() + ")";
  }
}
