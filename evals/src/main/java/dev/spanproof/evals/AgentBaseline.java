package dev.spanproof.evals;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checks each test's usage against a committed baseline file: a test fails when a metric grew beyond
 * its baseline plus the tolerance ("tokens ≤ baseline + 10 %"), naming what grew and by how much.
 *
 * <pre>{@code
 * @AgentTest
 * @AgentBaseline                       // every test of the class, tolerance +10 %
 * class CalculatorAgentTest { ... }
 * }</pre>
 *
 * <p>The baseline ({@value #DEFAULT_FILE}, one entry per test with input, output and total tokens,
 * LLM calls, tool calls and latency) is rewritten from the current run with
 * {@code -Dspanproof.baseline=update} or the environment variable {@code SPANPROOF_BASELINE=update};
 * commit the change, so that review sees it. A test without an entry passes and is listed as new in
 * the summary, except when {@value #MISSING_PROPERTY} is {@code fail} (the default when the
 * environment variable {@code CI} is set). Latency is recorded but, being machine-dependent, only
 * checked when {@link #latencyTolerancePercent()} is set. Settings are JUnit configuration
 * parameters (system properties or {@code junit-platform.properties}).
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EvalsExtension.class)
public @interface AgentBaseline {

  /** {@code check} (the default), {@code update} (rewrite the baseline from this run) or {@code off}. */
  String MODE_PROPERTY = "spanproof.baseline";

  /** The environment variable that sets the mode when {@value #MODE_PROPERTY} is not set, for CI jobs. */
  String MODE_ENV = "SPANPROOF_BASELINE";

  /** The baseline file, relative to the working directory (the module, under Maven). */
  String FILE_PROPERTY = "spanproof.baseline.file";

  /** The default of {@value #FILE_PROPERTY}. */
  String DEFAULT_FILE = "src/test/resources/spanproof/baseline.json";

  /**
   * What a test without a baseline entry does: {@code report} (pass, listed as new) or {@code fail};
   * default {@code fail} when the environment variable {@code CI} is set, else {@code report}.
   */
  String MISSING_PROPERTY = "spanproof.baseline.missing";

  /**
   * How much each token and call count may grow over its baseline, in percent.
   *
   * @return the tolerance, 0 or more; default 10
   */
  double tolerancePercent() default 10;

  /**
   * How much latency may grow over its baseline, in percent; negative (the default) records latency
   * without checking it.
   *
   * @return the tolerance, or -1 for "not checked"
   */
  double latencyTolerancePercent() default -1;
}
