package dev.spanproof.assertions;

import static dev.spanproof.assertions.error.ShouldHaveShape.shouldHaveShape;
import static dev.spanproof.assertions.error.ShouldTakeAtMost.shouldTakeAtMost;
import static dev.spanproof.assertions.error.ShouldTakeAtMost.shouldTakeAtMostButNeverEnded;
import static org.assertj.core.error.ShouldNotBeNull.shouldNotBeNull;

import dev.spanproof.assertions.error.Messages;
import dev.spanproof.assertions.internal.AssertSupport;
import dev.spanproof.assertions.internal.Shape;
import dev.spanproof.assertions.internal.ShapeMatcher;
import dev.spanproof.assertions.internal.TraceText;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions on one agent run and what happened inside it (sub-agents included).
 *
 * <pre>{@code
 * assertThat(trace).agent("planner").delegatedTo("data_analyst");
 * assertThat(trace).agent("data_analyst").toolCalls().calledOnce("percentage_change");
 * assertThat(trace).agent("data_analyst").tokens().total().isAtMost(1_500);
 * }</pre>
 */
public class AgentRunAssert extends AbstractAssert<AgentRunAssert, AgentRun> {

  private AgentTrace trace;
  private AgentSoftAssertions softly; // set on the asserts of AgentSoftAssertions: see Navigation

  /**
   * Creates an assertion on an agent run outside any trace context.
   *
   * @param actual the run
   */
  public AgentRunAssert(AgentRun actual) {
    this(actual, null);
  }

  /**
   * Creates an assertion on an agent run of a trace.
   *
   * @param actual the run
   * @param trace the trace, shown in failure messages; may be null
   */
  public AgentRunAssert(AgentRun actual, AgentTrace trace) {
    super(actual, AgentRunAssert.class);
    this.trace = trace;
  }

  /** The agent, and which of its runs when it ran more than once: {@code run 2 of agent "planner" of …}. */
  private String subject() {
    String agent = "agent \"" + actual.name() + "\"";
    if (trace == null) {
      return agent;
    }
    List<AgentRun> runs = trace.agentRuns(actual.name());
    if (runs.size() > 1) {
      for (int i = 0; i < runs.size(); i++) {
        if (runs.get(i).node() == actual.node()) {
          agent = "run " + (i + 1) + " of " + agent;
          break;
        }
      }
    }
    return agent + " of " + AssertSupport.traceName(trace);
  }

  /**
   * Verifies that the agent's run has the shape, written as for
   * {@link AgentTraceAssert#hasShape(String)} with the agent's own span on the first line.
   *
   * @param expectedShape the expected sub-tree
   * @return this assertion object
   * @throws AssertionError if it differs (the message marks the first differing span)
   */
  public AgentRunAssert hasShape(String expectedShape) {
    isNotNull();
    Shape shape = Shape.parse(expectedShape);
    Optional<ShapeMatcher.Mismatch> mismatch = ShapeMatcher.match(shape, List.of(actual.node()));
    if (mismatch.isPresent()) {
      ShapeMatcher.Mismatch m = mismatch.get();
      String tree = trace == null
          ? TraceText.format(TraceText.lines(actual.node()), AssertSupport.INDENT, null)
          : AssertSupport.markedTree(trace, m.afterLine(), m.depth(), m.text()) + AssertSupport.appendix(trace);
      String actualText = TraceText.format(TraceText.lines(actual.node()), "", null);
      throw AssertSupport.failure(info,
          shouldHaveShape(subject(), shape.render(AssertSupport.INDENT), tree), actualText, shape.render(""));
    }
    return myself;
  }

  /**
   * Verifies that this agent handed work to the named agent (an agent run below this one).
   *
   * @param agentName the sub-agent's name
   * @return this assertion object
   * @throws AssertionError if no such agent ran inside this one
   */
  public AgentRunAssert delegatedTo(String agentName) {
    Objects.requireNonNull(agentName, "delegatedTo(null): the agent name must not be null");
    isNotNull();
    List<String> subAgents = actual.node().descendants().stream()
        .filter(s -> s.role() == SpanRole.AGENT).map(s -> s.facts().subject()).toList();
    if (!subAgents.contains(agentName)) {
      throwAssertionError(Messages.message("Expecting %s to delegate to agent \"%s\" but %s%s", subject(), agentName,
          subAgents.isEmpty() ? "it ran no sub-agent" : "it delegated only to " + quoted(subAgents),
          trace == null ? "" : "\nin the trace:\n" + AssertSupport.markedTree(trace, actual.node(), "this run")));
    }
    return myself;
  }

  /**
   * Verifies that no span of the run failed.
   *
   * @return this assertion object
   * @throws AssertionError listing the failed spans
   */
  public AgentRunAssert hasNoErrors() {
    isNotNull();
    AgentTraceAssert.checkNoErrors(this, subject(), trace,
        java.util.stream.Stream.concat(java.util.stream.Stream.of(actual.node()), actual.node().descendants().stream())
            .filter(AgentSpan::isError).toList());
    return myself;
  }

  void fail(org.assertj.core.error.ErrorMessageFactory factory) {
    throwAssertionError(factory);
  }

  /**
   * Navigates to the tools executed in this run.
   *
   * @return an assertion on the tool calls
   */
  @CheckReturnValue
  public ToolCallsAssert toolCalls() {
    return Navigation.next(this, softly, ToolCallsAssert.class, () -> {
      isNotNull();
      return new ToolCallsAssert(actual.toolCalls(), trace, subject());
    });
  }

  /**
   * Navigates to the LLM calls made in this run.
   *
   * @return an assertion on the LLM calls
   */
  @CheckReturnValue
  public LlmCallsAssert llmCalls() {
    return Navigation.next(this, softly, LlmCallsAssert.class, () -> {
      isNotNull();
      return new LlmCallsAssert(actual.llmCalls(), trace, subject());
    });
  }

  /**
   * Navigates to the tokens used in this run.
   *
   * @return an assertion on the usage
   */
  @CheckReturnValue
  public TokenUsageAssert tokens() {
    return Navigation.next(this, softly, TokenUsageAssert.class, () -> {
      isNotNull();
      AgentTrace.UsageSum usage = AgentTrace.usageOf(actual.node().descendants(), null);
      return TokenUsageAssert.of(usage, trace, subject())
          .marking(actual.node(), "tokens " + usage.sum() + " in this run");
    });
  }

  /**
   * Verifies that the agent's run took at most this long.
   *
   * @param max the longest allowed duration
   * @return this assertion object
   * @throws AssertionError if it took longer
   */
  public AgentRunAssert tookAtMost(Duration max) {
    isNotNull();
    Objects.requireNonNull(max, "max");
    if (!actual.node().hasEnded()) {
      throwAssertionError(shouldTakeAtMostButNeverEnded(subject(), max,
          "its span \"" + actual.node().displayName() + "\"",
          trace == null ? "" : AssertSupport.markedTree(trace, actual.node(), "never ended")));
    }
    Duration took = actual.node().duration();
    if (took.compareTo(max) > 0) {
      throwAssertionError(shouldTakeAtMost(subject(), max, took,
          trace == null ? "" : AssertSupport.markedTree(trace, actual.node(), "took " + AssertSupport.durationOver(took, max))));
    }
    return myself;
  }

  /**
   * Navigates to the agent's span, for attributes, errors and duration.
   *
   * @return an assertion on the span
   */
  @CheckReturnValue
  public AgentSpanAssert span() {
    return Navigation.next(this, softly, AgentSpanAssert.class, () -> {
      isNotNull();
      return new AgentSpanAssert(actual.node(), trace);
    });
  }

  static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
  }

  /**
   * Verifies that the actual value is not null, failing (as every assertion of this class) with the
   * stack trace starting at the test: AssertJ's own check would keep spanproof's frames on top.
   *
   * @return this assertion object
   * @throws AssertionError if the actual value is null
   */
  @Override
  public AgentRunAssert isNotNull() {
    if (actual == null) {
      throwAssertionError(shouldNotBeNull());
    }
    return myself;
  }

  /** Fails with the stack trace starting at the test, without spanproof's frames. */
  @Override
  protected void throwAssertionError(ErrorMessageFactory errorMessageFactory) {
    throw AssertSupport.failure(info, errorMessageFactory);
  }
}
