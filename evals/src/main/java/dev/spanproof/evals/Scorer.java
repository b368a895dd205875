package dev.spanproof.evals;

/**
 * Scores one run of an eval case: its output and its traces. Write your own as a lambda or a class:
 *
 * <pre>{@code
 * Scorer polite = attempt -> attempt.output().contains("please")
 *     ? Score.pass("polite", "says please")
 *     : Score.fail("polite", "never says please: " + attempt.output());
 * }</pre>
 *
 * Built-in scorers are in {@link Scorers}. A scorer that throws fails the run with the exception's message.
 */
@FunctionalInterface
public interface Scorer {

  /**
   * Scores a run.
   *
   * @param attempt the run's case, output and traces
   * @return the score
   */
  Score score(Attempt attempt);
}
