package dev.spanproof.assertions;

import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.api.StandardSoftAssertionsProvider;

/**
 * Soft assertions for agent traces: every failure is collected and reported together by
 * {@link #assertAll()}.
 *
 * <pre>{@code
 * AgentSoftAssertions softly = new AgentSoftAssertions();
 * softly.assertThat(trace).hasShape("invoke_agent assistant\n  ...");
 * softly.assertThat(trace).isWellInstrumented();
 * softly.check(() -> assertThat(trace).tokens().total().isAtMost(2_000)); // navigation chains
 * softly.assertAll();
 * }</pre>
 *
 * AssertJ 3 proxies only the first assert of a chain: assertions reached by navigation
 * ({@code toolCalls()}, {@code tokens()}, ...) are hard ones, so wrap such chains in
 * {@link SoftAssertionsProvider#check check}, which collects their failure too.
 */
public class AgentSoftAssertions extends AbstractSoftAssertions implements StandardSoftAssertionsProvider {

  /** Creates an empty collector. */
  public AgentSoftAssertions() {}

  /**
   * Creates a soft assertion on an agent trace.
   *
   * @param actual the trace
   * @return the soft assertion
   */
  public AgentTraceAssert assertThat(AgentTrace actual) {
    return proxy(AgentTraceAssert.class, AgentTrace.class, actual);
  }

  /**
   * Runs soft assertions and then {@link #assertAll()}.
   *
   * @param softly the assertions to run
   */
  public static void assertSoftly(java.util.function.Consumer<AgentSoftAssertions> softly) {
    SoftAssertionsProvider.assertSoftly(AgentSoftAssertions.class, softly);
  }
}
