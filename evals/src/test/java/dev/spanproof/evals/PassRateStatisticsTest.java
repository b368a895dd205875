package dev.spanproof.evals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed references (z = 1.959964 for 95 %):
 * Wilson lower bound = (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n).
 */
class PassRateStatisticsTest {

  @Test
  void z_of_95_and_99_percent() {
    assertThat(PassRateStatistics.z(0.95)).isCloseTo(1.959964, within(1e-6));
    assertThat(PassRateStatistics.z(0.99)).isCloseTo(2.575829, within(1e-6));
  }

  @Test
  void wilson_lower_bounds_match_hand_computed_values() {
    // 29/30: p = 0.96667, centre = 1.03069, spread = 0.09069, / 1.12805
    assertThat(PassRateStatistics.wilsonLowerBound(29, 30, 0.95)).isCloseTo(0.833296, within(1e-4));
    assertThat(PassRateStatistics.wilsonLowerBound(27, 30, 0.95)).isCloseTo(0.743789, within(1e-4));
    assertThat(PassRateStatistics.wilsonLowerBound(10, 10, 0.95)).isCloseTo(0.722467, within(1e-4));
    assertThat(PassRateStatistics.wilsonLowerBound(28, 30, 0.95)).isCloseTo(0.786765, within(1e-4));
    assertThat(PassRateStatistics.wilsonLowerBound(0, 2, 0.95)).isEqualTo(0.0);
    assertThat(PassRateStatistics.wilsonUpperBound(27, 30, 0.95)).isCloseTo(0.965400, within(1e-4));
    assertThat(PassRateStatistics.wilsonUpperBound(10, 10, 0.95)).isEqualTo(1.0);
  }

  @Test
  void the_gate_decides_on_the_lower_bound_not_the_raw_rate() {
    PassRateGate gate = PassRateGate.of(0.8);

    assertThat(gate.evaluate(29, 30).passed()).isTrue();
    assertThat(gate.evaluate(27, 30).passed()).isFalse(); // raw rate 0.9 > 0.8, bound 0.744 < 0.8
    assertThat(gate.evaluate(10, 10).passed()).isFalse(); // raw rate 1.0, bound 0.722
    assertThat(gate.evaluate(28, 30).passed()).isFalse();
  }

  @Test
  void a_failed_gate_says_how_many_more_passing_runs_it_needs() {
    PassRateGate.Result result = PassRateGate.of(0.8).evaluate(27, 30);

    // 36/39 → 0.7968, 37/40 → 0.8014
    assertThat(result.passingRunsNeeded()).isEqualTo(10);
    assertThat(result.explanation()).isEqualTo("""
        The pass rate is not proven to reach 0.800: 27/30 passed (90.0 %), Wilson lower bound 0.744 at 95 % < 0.800.
        With 10 more passing runs (37/40) the bound would reach 0.800: raise the pass rate, or run more \
        repetitions if the rate is truly above 0.800.""");
    assertThat(PassRateGate.of(0.8).evaluate(10, 10).passingRunsNeeded()).isEqualTo(6); // 16/16 → 0.8064
    assertThat(PassRateGate.of(0.8).evaluate(29, 30).summary())
        .isEqualTo("29/30 passed (96.7 %), Wilson lower bound 0.833 at 95 % ≥ 0.800");
  }

  @Test
  void a_bound_just_below_the_threshold_shows_the_digits_that_make_the_comparison_true() {
    PassRateGate.Result result = PassRateGate.of(0.8).evaluate(60, 67); // bound 0.79970…

    assertThat(result.passed()).isFalse();
    assertThat(result.summary()).isEqualTo("60/67 passed (89.6 %), Wilson lower bound 0.7997 at 95 % < 0.800");
    assertThat(result.explanation()).startsWith(
        "The pass rate is not proven to reach 0.800: 60/67 passed (89.6 %), Wilson lower bound 0.7997 at 95 % < 0.800.");
    // a threshold with more digits shows them
    assertThat(PassRateGate.of(0.8125).evaluate(29, 30).summary())
        .isEqualTo("29/30 passed (96.7 %), Wilson lower bound 0.833 at 95 % ≥ 0.8125");
  }

  @Test
  void pass_at_k_is_the_unbiased_estimator() {
    // n = 5, c = 2: 1 − C(3,k)/C(5,k)
    assertThat(PassRateStatistics.passAtK(5, 2, 1)).isCloseTo(0.4, within(1e-9));
    assertThat(PassRateStatistics.passAtK(5, 2, 2)).isCloseTo(0.7, within(1e-9)); // 1 − 3/10
    assertThat(PassRateStatistics.passAtK(5, 2, 3)).isCloseTo(0.9, within(1e-9)); // 1 − 1/10
    assertThat(PassRateStatistics.passAtK(5, 2, 4)).isEqualTo(1.0); // only 3 failures: 4 draws must hit a pass
    // n = 10, c = 7, k = 3: 1 − C(3,3)/C(10,3) = 1 − 1/120
    assertThat(PassRateStatistics.passAtK(10, 7, 3)).isCloseTo(0.991667, within(1e-6));
    assertThat(PassRateStatistics.passAtK(10, 0, 3)).isEqualTo(0.0);
  }

  @Test
  void pass_hat_k_is_the_chance_that_all_k_pass() {
    assertThat(PassRateStatistics.passHatK(5, 2, 2)).isCloseTo(0.1, within(1e-9)); // C(2,2)/C(5,2)
    assertThat(PassRateStatistics.passHatK(10, 7, 3)).isCloseTo(0.291667, within(1e-6)); // 35/120
    assertThat(PassRateStatistics.passHatK(5, 2, 3)).isEqualTo(0.0);
    assertThat(PassRateStatistics.passHatK(4, 4, 4)).isEqualTo(1.0);
  }

  @Test
  void early_decisions_only_when_the_remaining_runs_cannot_flip_the_gate() {
    PassRateGate gate = PassRateGate.of(0.8);

    // 30 planned: the gate needs 29 passes (28/30 → 0.787)
    assertThat(gate.decidedEarly(28, 28, 30)).isEmpty();
    assertThat(gate.decidedEarly(29, 29, 30)).isEqualTo(Optional.of(true));
    assertThat(gate.decidedEarly(0, 1, 30)).isEmpty();
    assertThat(gate.decidedEarly(0, 2, 30)).isEqualTo(Optional.of(false));
  }

  @Test
  void bad_input_says_what_is_wrong() {
    assertThatThrownBy(() -> PassRateStatistics.wilsonLowerBound(31, 30, 0.95))
        .hasMessage("passes must be between 0 and runs, and runs at least 1, but were 31 passes of 30 runs");
    assertThatThrownBy(() -> PassRateStatistics.z(95))
        .hasMessage("confidence must be strictly between 0 and 1, such as 0.95, but was 95.0");
    assertThatThrownBy(() -> PassRateGate.of(80))
        .hasMessage("a pass-rate threshold is a fraction between 0 and 1, such as 0.8 for 80 %, but was 80.0");
    assertThatThrownBy(() -> PassRateStatistics.passAtK(3, 1, 4))
        .hasMessage("k must be between 1 and the number of runs (3), but was 4; run the case at least k times");
    assertThatThrownBy(() -> PassRateStatistics.passingRunsNeeded(3, 3, 1.0, 0.95))
        .hasMessage("no number of runs lifts a confidence bound to 1.0; use a threshold below 1, such as 0.95");
  }
}
