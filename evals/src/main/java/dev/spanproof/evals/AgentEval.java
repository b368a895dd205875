package dev.spanproof.evals;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Runs a test method over the cases of a dataset, each case {@link #repetitions()} times; every case
 * × repetition is its own invocation in the JUnit report ({@code adds · run 2/5}).
 *
 * <pre>{@code
 * @AgentTest
 * class CalculatorEval {
 *   @AgentEval(dataset = "evals/calculator.jsonl", repetitions = 5, minPassRate = 0.8)
 *   void calculates(EvalCase c, EvalRun run, MockLlm llm, OpenTelemetry otel) {
 *     llm.script().reply(c.expected());
 *     String answer = new CalculatorAgent(llm.openAiBaseUrl(), otel).run(c.input());
 *     run.score(answer, Scorers.exact(), Scorers.budget(Budget.limits().totalTokens(500)));
 *   }
 * }
 * }</pre>
 *
 * <p>A run passes when the method returns normally — every {@link EvalRun#score score} passed, every
 * assertion held, the {@link AgentBudget} (if any) was kept and the mock LLM saw no unexpected
 * request — and nothing around it failed: a failed {@code @BeforeEach} or {@code @AfterEach} method,
 * or another extension's callback, makes it a failed run. Without {@link #minPassRate()}, every run
 * must pass: a failed run fails. With it, a failed run is reported as aborted (skipped, with its
 * reason; a run failed by another extension's callback stays failed) and a last invocation, the
 * pass-rate gate, passes when the lower bound of the Wilson score interval of the pass rate, at
 * {@link #confidence()}, reaches {@code minPassRate} — see {@link PassRateGate}. The gate's name
 * shows its numbers; it runs no test body and none of the class's {@code @BeforeEach} and
 * {@code @AfterEach} methods. pass@k and pass^k are reported in the summary.
 *
 * <p>Runs go repetition by repetition (every case once, then every case again), so that
 * {@link #earlyStop()} leaves no case unrun. The invocations of one eval run one after the other
 * (early stop depends on it), also under parallel execution.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@Execution(ExecutionMode.SAME_THREAD)
@ExtendWith(EvalsExtension.class)
public @interface AgentEval {

  /** The value of {@link #minPassRate()} meaning "no gate: every run must pass": {@value}. */
  double EVERY_RUN = -1;

  /**
   * The dataset: a resource on the test classpath, JSON Lines ({@code .jsonl}), YAML or JSON.
   *
   * @return the resource path, such as {@code evals/calculator.jsonl}
   */
  String dataset();

  /**
   * How often each case runs.
   *
   * @return the repetitions, at least 1
   */
  int repetitions() default 1;

  /**
   * The pass-rate gate: the least Wilson lower bound of the pass rate, above 0 (a gate of 0 passes
   * whatever the runs do) and below 1 (which no finite number of runs can prove);
   * {@value #EVERY_RUN} means every run must pass.
   *
   * @return the threshold
   */
  double minPassRate() default EVERY_RUN;

  /**
   * The two-sided confidence level of the Wilson interval.
   *
   * @return the confidence, strictly between 0 and 1
   */
  double confidence() default PassRateGate.DEFAULT_CONFIDENCE;

  /**
   * Whether to stop running once the gate's outcome can no longer change (saves spend on real
   * models); needs {@link #minPassRate()}.
   *
   * @return true to stop early
   */
  boolean earlyStop() default false;

  /**
   * The k values of pass@k and pass^k; empty (the default) means 1 and {@link #repetitions()}.
   *
   * @return the k values, each between 1 and the repetitions
   */
  int[] k() default {};
}
