package dev.spanproof.evals;

/**
 * The statistics spanproof reports for nondeterministic agents: the Wilson score interval's lower
 * bound (what the pass-rate gate compares), pass@k and pass^k. Pure functions, safe to call from
 * anywhere.
 *
 * <h2>Why a lower bound and not the raw rate</h2>
 * An agent that passed 9 of 10 runs has a raw pass rate of 0.9, but with 10 runs its true rate may
 * well be 0.7. The Wilson score interval is the range of true rates consistent with what was seen;
 * its lower bound is the rate we are confident the agent reaches. A gate "lower bound ≥ 0.8" passes
 * only when the runs give evidence of a rate of at least 0.8 — more runs, tighter bound.
 *
 * <h2>pass@k and pass^k</h2>
 * With {@code n} runs of a case of which {@code c} passed: pass@k is the chance that at least one of
 * {@code k} runs drawn without replacement passes (1 − C(n−c,k)/C(n,k), the unbiased estimator of
 * Chen et al. 2021, "Evaluating Large Language Models Trained on Code"); pass^k is the chance that
 * all {@code k} pass (C(c,k)/C(n,k), from Yao et al. 2024, "τ-bench"). pass@k says "a user who retries
 * gets an answer", pass^k says "it works every time".
 */
public final class PassRateStatistics {

  private PassRateStatistics() {}

  /**
   * Returns the z value of a two-sided confidence level: 1.959964 for 0.95, 2.575829 for 0.99.
   *
   * @param confidence the confidence level, strictly between 0 and 1
   * @return the standard normal quantile at {@code 1 - (1 - confidence) / 2}
   * @throws IllegalArgumentException when the confidence is not strictly between 0 and 1
   */
  public static double z(double confidence) {
    requireConfidence(confidence);
    return inverseNormal(1 - (1 - confidence) / 2);
  }

  /**
   * Returns the lower bound of the Wilson score interval for {@code passes} successes in {@code runs}
   * trials, at a two-sided confidence level:
   * <pre>
   *   (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n),  p = passes / runs
   * </pre>
   * At 95 %: 29/30 → 0.8333, 27/30 → 0.7438, 10/10 → 0.7225.
   *
   * @param passes the passing runs, 0 to {@code runs}
   * @param runs the runs, at least 1
   * @param confidence the two-sided confidence level, for example 0.95
   * @return the lower bound, between 0 and 1
   * @throws IllegalArgumentException when the counts or the confidence are out of range
   */
  public static double wilsonLowerBound(long passes, long runs, double confidence) {
    requireCounts(passes, runs);
    double z = z(confidence);
    double n = runs;
    double p = passes / n;
    double z2 = z * z;
    double centre = p + z2 / (2 * n);
    double spread = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return Math.max(0, (centre - spread) / (1 + z2 / n));
  }

  /**
   * Returns the upper bound of the Wilson score interval (the same formula with {@code + z·√…}).
   *
   * @param passes the passing runs, 0 to {@code runs}
   * @param runs the runs, at least 1
   * @param confidence the two-sided confidence level, for example 0.95
   * @return the upper bound, between 0 and 1
   * @throws IllegalArgumentException when the counts or the confidence are out of range
   */
  public static double wilsonUpperBound(long passes, long runs, double confidence) {
    requireCounts(passes, runs);
    double z = z(confidence);
    double n = runs;
    double p = passes / n;
    double z2 = z * z;
    double centre = p + z2 / (2 * n);
    double spread = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return Math.min(1, (centre + spread) / (1 + z2 / n));
  }

  /**
   * Returns the unbiased estimate of pass@k for one case: the probability that at least one of
   * {@code k} runs, drawn without replacement from the {@code runs} made, passed:
   * {@code 1 − C(runs−passes, k) / C(runs, k)}, computed as a product so that large counts do not
   * overflow.
   *
   * @param runs the runs of the case
   * @param passes how many of them passed
   * @param k the number of attempts, 1 to {@code runs}
   * @return pass@k, between 0 and 1
   * @throws IllegalArgumentException when {@code k} is not between 1 and {@code runs}
   */
  public static double passAtK(long runs, long passes, int k) {
    requireK(runs, passes, k);
    long failures = runs - passes;
    if (failures < k) {
      return 1.0;
    }
    // C(f,k)/C(n,k) = prod_{i=0}^{k-1} (f-i)/(n-i)
    double allFail = 1.0;
    for (int i = 0; i < k; i++) {
      allFail *= (double) (failures - i) / (runs - i);
    }
    return 1.0 - allFail;
  }

  /**
   * Returns pass^k for one case: the probability that all of {@code k} runs, drawn without
   * replacement from the {@code runs} made, passed: {@code C(passes, k) / C(runs, k)}.
   *
   * @param runs the runs of the case
   * @param passes how many of them passed
   * @param k the number of attempts, 1 to {@code runs}
   * @return pass^k, between 0 and 1
   * @throws IllegalArgumentException when {@code k} is not between 1 and {@code runs}
   */
  public static double passHatK(long runs, long passes, int k) {
    requireK(runs, passes, k);
    if (passes < k) {
      return 0.0;
    }
    double allPass = 1.0;
    for (int i = 0; i < k; i++) {
      allPass *= (double) (passes - i) / (runs - i);
    }
    return allPass;
  }

  /**
   * Returns how many more runs, all passing, would lift the Wilson lower bound to the threshold:
   * the smallest {@code x ≥ 0} with {@code wilsonLowerBound(passes + x, runs + x) ≥ threshold}.
   * 27/30 at 95 % against 0.8 needs 10 more: 37/40 has a bound of 0.8014, 36/39 only 0.7968.
   *
   * @param passes the passing runs so far
   * @param runs the runs so far, at least 1
   * @param threshold the gate, between 0 and 1 (exclusive of 1: no finite number of runs reaches it)
   * @param confidence the two-sided confidence level
   * @return the number of passing runs still needed, 0 when the gate already passes
   * @throws IllegalArgumentException when the threshold is 1 or more, or the counts are out of range
   */
  public static long passingRunsNeeded(long passes, long runs, double threshold, double confidence) {
    requireCounts(passes, runs);
    requireThreshold(threshold);
    if (threshold >= 1) {
      throw new IllegalArgumentException("no number of runs lifts a confidence bound to " + threshold
          + "; use a threshold below 1, such as 0.95");
    }
    // the bound with every further run passing rises towards 1, so a doubling search then bisection finds x
    if (wilsonLowerBound(passes, runs, confidence) >= threshold) {
      return 0;
    }
    long high = 1;
    while (wilsonLowerBound(passes + high, runs + high, confidence) < threshold) {
      high *= 2;
    }
    long low = high / 2; // fails at low (or low == 0 failed above)
    while (high - low > 1) {
      long mid = (low + high) >>> 1;
      if (wilsonLowerBound(passes + mid, runs + mid, confidence) >= threshold) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return high;
  }

  static void requireConfidence(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be strictly between 0 and 1, such as 0.95, but was "
          + confidence);
    }
  }

  static void requireThreshold(double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("a pass-rate threshold is a fraction between 0 and 1, such as 0.8 for "
          + "80 %, but was " + threshold);
    }
  }

  private static void requireCounts(long passes, long runs) {
    if (runs < 1 || passes < 0 || passes > runs) {
      throw new IllegalArgumentException("passes must be between 0 and runs, and runs at least 1, but were "
          + passes + " passes of " + runs + " runs");
    }
  }

  private static void requireK(long runs, long passes, int k) {
    requireCounts(passes, runs);
    if (k < 1 || k > runs) {
      throw new IllegalArgumentException("k must be between 1 and the number of runs (" + runs + "), but was " + k
          + "; run the case at least k times");
    }
  }

  /**
   * Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9,
   * far below what a pass-rate gate can notice).
   */
  static double inverseNormal(double p) {
    double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    double low = 0.02425;
    double x;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - low) {
      double q = p - 0.5;
      double r = q * q;
      x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
          / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
      double q = Math.sqrt(-2 * Math.log(1 - p));
      x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    return x;
  }
}
