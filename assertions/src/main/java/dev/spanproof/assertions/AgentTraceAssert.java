package dev.spanproof.assertions;

import static dev.spanproof.assertions.error.ShouldHaveShape.shouldHaveShape;

import dev.spanproof.assertions.internal.AssertSupport;
import dev.spanproof.assertions.internal.Shape;
import dev.spanproof.assertions.internal.ShapeMatcher;
import dev.spanproof.assertions.internal.TraceText;
import java.util.Optional;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.internal.Failures;

/**
 * Assertions on an {@link AgentTrace}: its shape, tool calls, LLM calls, agents, tokens and lint.
 *
 * <pre>{@code
 * assertThat(trace)
 *     .hasShape("""
 *         invoke_agent assistant
 *           chat gpt-4
 *           execute_tool calculate
 *           chat gpt-4
 *         """)
 *     .toolCalls().containsExactly(call("calculate").withArguments("{\"a\":2,\"b\":2}"));
 * }</pre>
 */
public class AgentTraceAssert extends AbstractAssert<AgentTraceAssert, AgentTrace> {

  /**
   * Creates the assertion; prefer {@link AgentAssertions#assertThat(AgentTrace)}.
   *
   * @param actual the trace
   */
  public AgentTraceAssert(AgentTrace actual) {
    super(actual, AgentTraceAssert.class);
  }

  /**
   * Verifies that the trace has the given shape, written in the canonical trace text: one span per
   * line, nesting by box-drawing characters or two spaces per level, {@code *} inside a name for
   * any text, a {@code ...} line for zero or more spans, an {@code (any order)} line grouping
   * unordered children, and optional annotations after two spaces ({@code tokens 10→15},
   * {@code {"a":2} → 4}, {@code error: TYPE}) that are checked when present.
   *
   * <p>Assertion succeeds:
   * <pre>{@code
   * assertThat(trace).hasShape("""
   *     invoke_agent assistant
   *       chat gpt-4  tokens 10→15
   *       ...
   *     """);
   * }</pre>
   *
   * @param expectedShape the expected tree
   * @return this assertion object
   * @throws AssertionError (opentest4j {@code AssertionFailedError} with both trees) if the trace
   *     differs; the message marks the first differing span
   * @throws ShapeSyntaxException if the expectation is malformed (the message names the line)
   */
  public AgentTraceAssert hasShape(String expectedShape) {
    isNotNull();
    Shape shape = Shape.parse(expectedShape);
    Optional<ShapeMatcher.Mismatch> mismatch = ShapeMatcher.match(shape, actual);
    if (mismatch.isPresent()) {
      ShapeMatcher.Mismatch m = mismatch.get();
      String marked = AssertSupport.markedTree(actual, m.afterLine(), m.depth(), m.text());
      throw Failures.instance().failure(info,
          shouldHaveShape(AssertSupport.traceName(actual), shape.render(AssertSupport.INDENT), marked),
          actual.render(), shape.render(""));
    }
    return myself;
  }

  /**
   * Navigates to the tools the agent executed, in tree order.
   *
   * @return an assertion on the tool calls
   */
  @CheckReturnValue
  public ToolCallsAssert toolCalls() {
    isNotNull();
    return AssertSupport.carryOver(this,
        new ToolCallsAssert(actual.toolCalls(), actual, AssertSupport.traceName(actual)));
  }

  /**
   * Navigates to the tokens used over the trace.
   *
   * @return an assertion on the token usage
   */
  @CheckReturnValue
  public TokenUsageAssert tokens() {
    isNotNull();
    return AssertSupport.carryOver(this,
        new TokenUsageAssert(actual.tokens(), actual, AssertSupport.traceName(actual)));
  }

  static String render(AgentTrace trace) {
    return TraceText.render(trace);
  }
}
