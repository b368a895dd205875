package dev.spanproof.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class (or a composed annotation) as an agent test: every test gets its own captured
 * OpenTelemetry spans and its own mock LLM, and can declare {@code OpenTelemetry}, {@code MockLlm}
 * and {@link AgentTraces} parameters.
 *
 * <pre>{@code
 * @AgentTest
 * class CalculatorAgentTest {
 *   @Test
 *   void addsWithTheCalculatorTool(MockLlm llm, AgentTraces traces, OpenTelemetry otel) { ... }
 * }
 * }</pre>
 *
 * <p>Equivalent to {@code @ExtendWith(SpanproofExtension.class)} plus the settings below. A setting
 * is taken from, first to last: the JUnit configuration parameter named by the constant (a system
 * property {@code -Dspanproof.print=always}, or {@code junit-platform.properties}), so that CI can
 * override what the code says; this annotation's attribute; the programmatic
 * {@link SpanproofExtension#newInstance() builder}; the default. Composable as a meta-annotation.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SpanproofExtension.class)
public @interface AgentTest {

  /**
   * When to print each test's trace tree and LLM transcript to standard output: {@code on-failure}
   * (the default), {@code always} or {@code never}.
   */
  String PRINT_PROPERTY = "spanproof.print";

  /**
   * When to write the HTML trace report under {@code target/spanproof/}: {@code on-failure} (the
   * default), {@code always} or {@code never}.
   */
  String REPORT_PROPERTY = "spanproof.report";

  /** Folder the HTML reports are written to; default {@value #DEFAULT_REPORT_DIR}. */
  String REPORT_DIR_PROPERTY = "spanproof.report.dir";

  /** The default of {@link #REPORT_DIR_PROPERTY}. */
  String DEFAULT_REPORT_DIR = "target/spanproof";

  /**
   * How long to wait for spans still open when a test reads its traces or ends, as an ISO-8601
   * duration ({@code PT5S}) or milliseconds; default 5 seconds.
   */
  String SPAN_TIMEOUT_PROPERTY = "spanproof.spans.timeout";

  /**
   * Whether spanproof installs its OpenTelemetry as {@code GlobalOpenTelemetry} (for frameworks that
   * use the global): {@code true} (the default) or {@code false}.
   */
  String GLOBAL_PROPERTY = "spanproof.global";

  /**
   * {@code compare} (the default) checks {@code matchesSnapshot()} against the stored snapshot;
   * {@code update} rewrites snapshots. The environment variable {@code SPANPROOF_SNAPSHOTS=update}
   * does the same. With the environment variable {@code CI} set, a missing snapshot fails instead of
   * being written.
   */
  String SNAPSHOTS_PROPERTY = "spanproof.snapshots";

  /**
   * Whether this run is CI, where missing snapshots fail instead of being written: {@code true} or
   * {@code false}; default: whether the environment variable {@code CI} is set.
   */
  String CI_PROPERTY = "spanproof.ci";

  /** Folder of the snapshot files; default {@value #DEFAULT_SNAPSHOT_DIR}. */
  String SNAPSHOT_DIR_PROPERTY = "spanproof.snapshots.dir";

  /** The default of {@link #SNAPSHOT_DIR_PROPERTY}. */
  String DEFAULT_SNAPSHOT_DIR = "src/test/resources/spanproof/snapshots";

  /**
   * A regular expression for volatile text in snapshots (beyond the built-in UUIDs, timestamps and
   * long hex ids): each match is stored and compared as {@code <ignored>}.
   */
  String SNAPSHOT_IGNORE_PROPERTY = "spanproof.snapshots.ignore";

  /**
   * Whether {@link UseCassette} tests replay their cassettes ({@code replay}, the default) or record them anew
   * through the real provider ({@code record}); the environment variable {@code SPANPROOF_CASSETTES} does the
   * same when this is not set.
   */
  String CASSETTES_PROPERTY = "spanproof.cassettes";

  /** Folder of the cassette files; default {@value #DEFAULT_CASSETTE_DIR}. */
  String CASSETTE_DIR_PROPERTY = "spanproof.cassettes.dir";

  /**
   * Where recording sends requests for every {@link UseCassette} test (e.g. an Azure OpenAI endpoint or a
   * company proxy), over each annotation's {@link UseCassette#upstream()}; unset, the provider's public API.
   */
  String CASSETTE_UPSTREAM_PROPERTY = "spanproof.cassettes.upstream";

  /** The default of {@link #CASSETTE_DIR_PROPERTY}. */
  String DEFAULT_CASSETTE_DIR = "src/test/resources/spanproof/cassettes";

  /**
   * When to print each test's trace tree and LLM transcript; {@link #PRINT_PROPERTY} overrides it.
   *
   * @return the mode; {@link OutputMode#INHERIT} leaves it to the configuration
   */
  OutputMode print() default OutputMode.INHERIT;

  /**
   * When to write each test's HTML report; {@link #REPORT_PROPERTY} overrides it.
   *
   * @return the mode; {@link OutputMode#INHERIT} leaves it to the configuration
   */
  OutputMode report() default OutputMode.INHERIT;

  /**
   * How long to wait for open spans, as an ISO-8601 duration ({@code "PT10S"}) or milliseconds;
   * {@link #SPAN_TIMEOUT_PROPERTY} overrides it.
   *
   * @return the timeout; empty leaves it to the configuration
   */
  String spanTimeout() default "";
}
