package dev.spanproof.assertions;

import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.Assertions;

/**
 * The entry point of spanproof's assertions: AssertJ's {@link Assertions} plus
 * {@code assertThat} for agent traces and the {@link #call(String)} factory of expected tool calls.
 *
 * <pre>{@code
 * import static dev.spanproof.assertions.AgentAssertions.*;
 *
 * assertThat(trace).hasShape("invoke_agent assistant\n  ...")
 *     .toolCalls().containsExactly(call("calculate").withArguments("{\"a\":2,\"b\":2}"));
 * }</pre>
 *
 * It does not redefine {@code assertThat(SpanData)}: OpenTelemetry's {@code SpanDataAssert} is
 * reached by navigating from the agent asserts, so both classes can be imported statically.
 */
public class AgentAssertions extends Assertions {

  /** Subclass to add your own entry points; otherwise use the static methods. */
  protected AgentAssertions() {}

  /**
   * Creates an assertion on an agent trace.
   *
   * @param actual the trace
   * @return the assertion
   */
  @CheckReturnValue
  public static AgentTraceAssert assertThat(AgentTrace actual) {
    return new AgentTraceAssert(actual);
  }

  /**
   * Starts an expected tool call: the tool's name, then optional arguments, result or error.
   *
   * @param toolName the tool's name
   * @return the expectation
   */
  public static ExpectedToolCall call(String toolName) {
    return ExpectedToolCall.call(toolName);
  }
}
