package dev.spanproof.evals;

import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.junit.SpanproofExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * The current run of an {@link AgentEval}: which case and repetition, and the scoring of its output.
 * Declare it as a parameter of the eval method.
 *
 * <pre>{@code
 * run.score(answer, Scorers.exact(), Scorers.toolTrajectory(TrajectoryMatch.STRICT, ArgumentMode.PARTIAL));
 * }</pre>
 */
public final class EvalRun {

  private final EvalCase evalCase;
  private final int repetition;
  private final int repetitions;
  private final ExtensionContext context;
  private final List<Score> scores = Collections.synchronizedList(new ArrayList<>());

  EvalRun(EvalCase evalCase, int repetition, int repetitions, ExtensionContext context) {
    this.evalCase = evalCase;
    this.repetition = repetition;
    this.repetitions = repetitions;
    this.context = context;
  }

  /**
   * Returns the case being run.
   *
   * @return the case
   */
  public EvalCase evalCase() {
    return evalCase;
  }

  /**
   * Returns the 1-based repetition of the case.
   *
   * @return the repetition
   */
  public int repetition() {
    return repetition;
  }

  /**
   * Returns how often each case runs.
   *
   * @return the repetitions
   */
  public int repetitions() {
    return repetitions;
  }

  /**
   * Scores the run's output and its traces (waiting for spans still open) with every scorer, and
   * fails the run when any score failed. A scorer that throws counts as failed, with its message.
   *
   * @param output what the agent answered
   * @param scorers the scorers
   * @return the scores, in scorer order
   * @throws AssertionError listing every score when one failed
   */
  public List<Score> score(String output, Scorer... scorers) {
    Objects.requireNonNull(scorers, "scorers");
    if (scorers.length == 0) {
      throw new IllegalArgumentException("score(output) needs at least one scorer, such as Scorers.exact()");
    }
    Attempt attempt = new Attempt(evalCase, repetition, output, traces());
    List<Score> result = new ArrayList<>();
    for (int i = 0; i < scorers.length; i++) {
      Scorer scorer = Objects.requireNonNull(scorers[i], "scorer #" + (i + 1));
      Score score;
      try {
        score = scorer.score(attempt);
        if (score == null) {
          score = Score.fail(label(scorer, i), "the scorer returned null instead of a Score");
        }
      } catch (RuntimeException e) {
        score = Score.fail(label(scorer, i), String.valueOf(e.getMessage()));
      }
      result.add(score);
    }
    scores.addAll(result);
    long failed = result.stream().filter(s -> !s.passed()).count();
    if (failed > 0) {
      StringBuilder message = new StringBuilder(describe()).append(" failed ").append(failed).append(" of ")
          .append(result.size()).append(result.size() == 1 ? " scorer:" : " scorers:");
      result.forEach(s -> message.append("\n  ").append(s));
      throw new AssertionFailedError(message.toString());
    }
    return result;
  }

  /**
   * Returns every score given so far in this run.
   *
   * @return the scores
   */
  public List<Score> scores() {
    synchronized (scores) {
      return List.copyOf(scores);
    }
  }

  /**
   * Returns the run's traces so far (empty without {@code @AgentTest}).
   *
   * @return the traces
   */
  public List<AgentTrace> traces() {
    return SpanproofExtension.traces(context).map(AgentTraces::all).orElse(List.of());
  }

  String describe() {
    return "Run " + repetition + "/" + repetitions + " of case \"" + evalCase.id() + "\"";
  }

  private static String label(Scorer scorer, int index) {
    return scorer instanceof Judge ? "judge" : "scorer #" + (index + 1);
  }

  /** Returns the case and repetition, for example {@code EvalRun[adds, 2/3]}. */
  @Override
  public String toString() {
    return "EvalRun[" + evalCase.id() + ", " + repetition + "/" + repetitions + "]";
  }
}
