package dev.spanproof.evals;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Limits what each test may use, checked against the traces it produced (all of them, summed):
 *
 * <pre>{@code
 * @AgentTest
 * class CalculatorAgentTest {
 *   @Test
 *   @AgentBudget(totalTokens = 2000, llmCalls = 3)
 *   void addsWithTheCalculatorTool(MockLlm llm, OpenTelemetry otel) { ... }
 * }
 * }</pre>
 *
 * A test that exceeds a limit fails, naming each limit, the usage and the trace tree. On a class, the
 * budget applies to each of its tests; a method's annotation replaces the class's. Every attribute
 * left at {@value #UNLIMITED} sets no limit. In an {@link AgentEval}, the budget applies to each run
 * and a run over budget counts as a failed run. Needs {@code @AgentTest} (or the
 * {@code SpanproofExtension}) registered first, on the class.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EvalsExtension.class)
public @interface AgentBudget {

  /** The value meaning "no limit": {@value}. */
  long UNLIMITED = -1;

  /**
   * The most input tokens, over every LLM call.
   *
   * @return the limit, or {@value #UNLIMITED}
   */
  long inputTokens() default UNLIMITED;

  /**
   * The most output tokens, over every LLM call.
   *
   * @return the limit, or {@value #UNLIMITED}
   */
  long outputTokens() default UNLIMITED;

  /**
   * The most input plus output tokens.
   *
   * @return the limit, or {@value #UNLIMITED}
   */
  long totalTokens() default UNLIMITED;

  /**
   * The most LLM calls.
   *
   * @return the limit, or {@value #UNLIMITED}
   */
  long llmCalls() default UNLIMITED;

  /**
   * The most tool calls.
   *
   * @return the limit, or {@value #UNLIMITED}
   */
  long toolCalls() default UNLIMITED;

  /**
   * The longest wall-clock time of the test's traces, in milliseconds.
   *
   * @return the limit, or {@value #UNLIMITED}
   */
  long latencyMillis() default UNLIMITED;
}
