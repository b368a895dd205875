package dev.spanproof.assertions;

import static dev.spanproof.assertions.error.ShouldContainSpan.shouldContainSpan;
import static dev.spanproof.assertions.error.ShouldHaveNoErrors.shouldHaveNoErrors;
import static dev.spanproof.assertions.error.ShouldHaveShape.shouldHaveShape;
import static dev.spanproof.assertions.error.ShouldTakeAtMost.shouldTakeAtMost;
import static dev.spanproof.assertions.error.ShouldTakeAtMost.shouldTakeAtMostButNeverEnded;
import static org.assertj.core.error.ShouldNotBeNull.shouldNotBeNull;

import dev.spanproof.assertions.error.Messages;
import dev.spanproof.assertions.internal.AssertSupport;
import dev.spanproof.assertions.internal.AttributeMatch;
import dev.spanproof.assertions.internal.Shape;
import dev.spanproof.assertions.internal.ShapeMatcher;
import dev.spanproof.assertions.internal.TraceText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

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

  private AgentSoftAssertions softly; // set on the asserts of AgentSoftAssertions: see Navigation

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
      String marked = AssertSupport.markedTree(actual, m.afterLine(), m.depth(), m.text())
          + AssertSupport.appendix(actual);
      throw AssertSupport.failure(info,
          shouldHaveShape(AssertSupport.traceName(actual), shape.render(AssertSupport.INDENT), marked),
          actual.render(), shape.render(""));
    }
    return myself;
  }

  /**
   * Verifies that the trace's canonical text matches its golden snapshot: written on the first run
   * (or in update mode, {@code -Dspanproof.snapshots=update}), compared after, with volatile values
   * normalised. The store is the {@link dev.spanproof.assertions.spi.TraceSnapshots} service that
   * spanproof-junit provides.
   *
   * @return this assertion object
   * @throws AssertionError if the trace differs from the snapshot (with a diff)
   * @throws IllegalStateException if no snapshot store is on the class path
   */
  public AgentTraceAssert matchesSnapshot() {
    return matchesSnapshot(null);
  }

  /**
   * Verifies that the trace matches the named snapshot of the current test (for tests that keep
   * several).
   *
   * @param name the snapshot's name within the test
   * @return this assertion object
   * @throws AssertionError if the trace differs from the snapshot
   * @throws IllegalStateException if no snapshot store is on the class path
   */
  public AgentTraceAssert matchesSnapshot(String name) {
    isNotNull();
    dev.spanproof.assertions.spi.TraceSnapshots.load().assertMatches(actual, name);
    return myself;
  }

  /**
   * Navigates to the tools the agent executed, in tree order.
   *
   * @return an assertion on the tool calls
   */
  @CheckReturnValue
  public ToolCallsAssert toolCalls() {
    return Navigation.next(this, softly, ToolCallsAssert.class, () -> {
      isNotNull();
      return new ToolCallsAssert(actual.toolCalls(), actual, AssertSupport.traceName(actual));
    });
  }

  /**
   * Navigates to the tokens used over the trace.
   *
   * @return an assertion on the token usage
   */
  @CheckReturnValue
  public TokenUsageAssert tokens() {
    return Navigation.next(this, softly, TokenUsageAssert.class, () -> {
      isNotNull();
      return TokenUsageAssert.of(AgentTrace.usageOf(actual.nodes(), null), actual, AssertSupport.traceName(actual));
    });
  }

  /**
   * Verifies that the trace shows none of the instrumentation mistakes of {@link LintRule#defaults()}:
   * LLM spans without agent spans, agent spans without LLM spans, duplicate LLM spans, LLM spans
   * without usage, orphan spans, unended spans, mixed conventions.
   *
   * @return this assertion object
   * @throws AssertionError listing each finding with the spans concerned and how to fix it
   */
  public AgentTraceAssert isWellInstrumented() {
    return isWellInstrumented(LintRule.defaults());
  }

  /**
   * Verifies that the trace shows none of the given instrumentation mistakes.
   *
   * @param rules the lint rules to apply
   * @return this assertion object
   * @throws AssertionError listing each finding
   */
  public AgentTraceAssert isWellInstrumented(java.util.Set<LintRule> rules) {
    Objects.requireNonNull(rules,
        "isWellInstrumented(null): the lint rules must not be null; use isWellInstrumented() for the default rules");
    isNotNull();
    LintReport report = actual.lint(rules);
    if (!report.isClean()) {
      throwAssertionError(dev.spanproof.assertions.error.ShouldBeWellInstrumented.shouldBeWellInstrumented(
          AssertSupport.traceName(actual), report.findings().size(), TraceText.indent(report.toString(), "  "),
          AssertSupport.tree(actual) + AssertSupport.appendix(actual)));
    }
    return myself;
  }

  /**
   * Navigates to the LLM calls, in tree order.
   *
   * @return an assertion on the LLM calls
   */
  @CheckReturnValue
  public LlmCallsAssert llmCalls() {
    return Navigation.next(this, softly, LlmCallsAssert.class, this::hardLlmCalls);
  }

  private LlmCallsAssert hardLlmCalls() {
    isNotNull();
    return new LlmCallsAssert(actual.llmCalls(), actual, AssertSupport.traceName(actual));
  }

  /**
   * Navigates to the run of the named agent. An agent that ran more than once (called by a team,
   * or in a loop) fails here rather than have its first run stand for all of them: pick one with
   * {@link #agent(String, int)}, or sum the tokens of all with {@link #tokensOfAgent(String)}.
   *
   * @param name the agent's name ({@code gen_ai.agent.name})
   * @return an assertion on the run
   * @throws AssertionError if no agent of that name ran (the message lists the agents that did), or
   *     if it ran more than once
   */
  @CheckReturnValue
  public AgentRunAssert agent(String name) {
    Objects.requireNonNull(name, "agent(null): the agent name must not be null");
    return Navigation.next(this, softly, AgentRunAssert.class, () -> {
      List<AgentRun> runs = runsOf(name);
      if (runs.size() > 1) {
        throwAssertionError(Messages.message("Expecting %s to have one run of agent \"%s\" to navigate to, but it ran"
            + " %s times; pick one with agent(\"%s\", 1) to agent(\"%s\", %s) (in tree order), or sum their tokens"
            + " with tokensOfAgent(\"%s\")%s", AssertSupport.traceName(actual), name, runs.size(), name, name,
            runs.size(), name, "\nin the trace:\n"
                + AssertSupport.markedTree(actual, runs.get(1).node(), "run 2 of \"" + name + "\"")));
      }
      return new AgentRunAssert(runs.get(0), actual);
    });
  }

  /**
   * Navigates to one run of an agent that ran several times, counted from 1 in tree order.
   *
   * @param name the agent's name ({@code gen_ai.agent.name})
   * @param run which run, from 1
   * @return an assertion on the run
   * @throws AssertionError if the agent did not run that many times
   * @throws IllegalArgumentException if {@code run} is below 1
   */
  @CheckReturnValue
  public AgentRunAssert agent(String name, int run) {
    Objects.requireNonNull(name, "agent(null, …): the agent name must not be null");
    if (run < 1) {
      throw new IllegalArgumentException("agent(\"" + name + "\", " + run + "): runs are counted from 1");
    }
    return Navigation.next(this, softly, AgentRunAssert.class, () -> {
      List<AgentRun> runs = runsOf(name);
      if (run > runs.size()) {
        throwAssertionError(Messages.message("Expecting %s to have a run %s of agent \"%s\" but it ran %s%s",
            AssertSupport.traceName(actual), run, name, runs.size() == 1 ? "once" : runs.size() + " times",
            "\nin the trace:\n" + AssertSupport.markedTree(actual, runs.get(runs.size() - 1).node(),
                "run " + runs.size() + " of \"" + name + "\", the last")));
      }
      return new AgentRunAssert(runs.get(run - 1), actual);
    });
  }

  /** The runs of the agent, failing as a navigation when it never ran. */
  private List<AgentRun> runsOf(String name) {
    isNotNull();
    List<AgentRun> runs = actual.agentRuns(name);
    if (runs.isEmpty()) {
      List<String> names = actual.agents().stream().map(AgentRun::name).distinct().toList();
      throwAssertionError(shouldContainSpan(AssertSupport.traceName(actual), "an agent named \"" + name + "\"",
          names.isEmpty() ? "no agent span at all" : "agents: " + AgentRunAssert.quoted(names), AssertSupport.tree(actual)));
    }
    return runs;
  }

  /**
   * Navigates to the tokens of every run of the named agent, summed (sub-agents' included, a run
   * nested in another run of the same agent counted once): the agent's budget over a team's turns.
   *
   * @param name the agent's name ({@code gen_ai.agent.name})
   * @return an assertion on the summed usage
   * @throws AssertionError if no agent of that name ran
   */
  @CheckReturnValue
  public TokenUsageAssert tokensOfAgent(String name) {
    Objects.requireNonNull(name, "tokensOfAgent(null): the agent name must not be null");
    return Navigation.next(this, softly, TokenUsageAssert.class, () -> {
      List<AgentRun> runs = runsOf(name);
      List<AgentSpan> spans = new ArrayList<>();
      for (AgentRun run : runs) {
        boolean nested = run.node().ancestors().stream().anyMatch(a -> a.role() == SpanRole.AGENT
            && name.equals(a.facts().subject()));
        if (!nested) {
          spans.addAll(run.node().descendants());
        }
      }
      return TokenUsageAssert.of(AgentTrace.usageOf(spans, null), actual, (runs.size() == 1 ? "the run" : "the "
          + runs.size() + " runs") + " of agent \"" + name + "\" of " + AssertSupport.traceName(actual));
    });
  }

  /**
   * Navigates to the first span whose display name or span name matches.
   *
   * @param nameGlob the name, {@code *} matching any text
   * @return an assertion on the span
   * @throws AssertionError if no span matches
   */
  @CheckReturnValue
  public AgentSpanAssert span(String nameGlob) {
    Objects.requireNonNull(nameGlob, "span(null): the span name must not be null; use \"*\" for any span");
    return Navigation.next(this, softly, AgentSpanAssert.class, () -> {
      isNotNull();
      List<AgentSpan> spans = actual.spansNamed(nameGlob);
      if (spans.isEmpty()) {
        throwAssertionError(shouldContainSpan(AssertSupport.traceName(actual), "a span named \"" + nameGlob + "\"",
            actual.nodes().size() + " spans, none of that name", AssertSupport.tree(actual)));
      }
      return new AgentSpanAssert(spans.get(0), actual);
    });
  }

  /**
   * Navigates to every span whose display name or span name matches, in tree order.
   *
   * @param nameGlob the name, {@code *} matching any text
   * @return an assertion on the spans (empty when none matches)
   */
  @CheckReturnValue
  public AgentSpansAssert spans(String nameGlob) {
    Objects.requireNonNull(nameGlob, "spans(null): the span name must not be null; use \"*\" for every span");
    return Navigation.next(this, softly, AgentSpansAssert.class, () -> {
      isNotNull();
      return new AgentSpansAssert(actual.spansNamed(nameGlob), actual,
          "the spans named \"" + nameGlob + "\" of " + AssertSupport.traceName(actual));
    });
  }

  /**
   * Navigates to every span of a GenAI operation ({@code chat}, {@code execute_tool}, ...), in tree order;
   * see {@link AgentTrace#spansWithOperation(String)}.
   *
   * @param operation the normalised operation
   * @return an assertion on the spans
   */
  @CheckReturnValue
  public AgentSpansAssert spansWithOperation(String operation) {
    return Navigation.next(this, softly, AgentSpansAssert.class, () -> {
      isNotNull();
      return new AgentSpansAssert(actual.spansWithOperation(operation), actual,
          "the " + operation + " spans of " + AssertSupport.traceName(actual));
    });
  }

  /**
   * Navigates to the first span carrying the attribute with this value (compared as text).
   *
   * @param key the attribute key, such as {@code "session.id"}
   * @param value the value
   * @return an assertion on the span
   * @throws AssertionError if no span carries it
   * @throws IllegalArgumentException if {@code value} is null
   */
  @CheckReturnValue
  public AgentSpanAssert spanWithAttribute(String key, Object value) {
    Objects.requireNonNull(key, "spanWithAttribute(null, …): the attribute key must not be null");
    requireValue("spanWithAttribute", key, value);
    return Navigation.next(this, softly, AgentSpanAssert.class,
        () -> new AgentSpanAssert(firstSpanWithAttribute(key, value), actual));
  }

  private AgentSpan firstSpanWithAttribute(String key, Object value) {
    isNotNull();
    List<AgentSpan> spans = actual.spansWithAttribute(key, value);
    if (spans.isEmpty()) {
      throwAssertionError(shouldContainSpan(AssertSupport.traceName(actual),
          "a span with " + key + " = \"" + AttributeMatch.shown(value) + "\"", "values seen: " + actual.nodes().stream()
              .map(n -> n.attributes().string(key)).filter(Objects::nonNull).distinct().toList(),
          AssertSupport.tree(actual)));
    }
    return spans.get(0);
  }

  /**
   * Verifies that some span carries the attribute with this value (user or session ids,
   * {@code langfuse.*}, {@code langsmith.metadata.*}, ...).
   *
   * @param key the attribute key
   * @param value the value, compared as text
   * @return this assertion object
   * @throws AssertionError if no span carries it
   * @throws IllegalArgumentException if {@code value} is null
   */
  public AgentTraceAssert hasSpanWithAttribute(String key, Object value) {
    Objects.requireNonNull(key, "hasSpanWithAttribute(null, …): the attribute key must not be null");
    requireValue("hasSpanWithAttribute", key, value);
    firstSpanWithAttribute(key, value);
    return myself;
  }

  /** Refuses a null value to look for, which no attribute can hold, saying what to check instead. */
  private static void requireValue(String method, String key, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(method + "(\"" + key + "\", null): an attribute cannot hold null;"
          + " give the value to look for, or navigate to a span and check doesNotHaveAttribute(\"" + key + "\")");
    }
  }

  /**
   * Verifies that no span of the trace failed ({@code error.type} or ERROR status).
   *
   * @return this assertion object
   * @throws AssertionError listing the failed spans, the first one marked in the tree
   */
  public AgentTraceAssert hasNoErrors() {
    isNotNull();
    List<AgentSpan> errors = actual.errors();
    if (!errors.isEmpty()) {
      AgentSpan first = errors.get(0);
      throwAssertionError(shouldHaveNoErrors(AssertSupport.traceName(actual), errorListing(errors),
          AssertSupport.markedTree(actual, first, "error: " + first.error().orElse("error"))));
    }
    return myself;
  }

  static void checkNoErrors(AgentRunAssert assertion, String subject, AgentTrace trace, List<AgentSpan> errors) {
    if (!errors.isEmpty()) {
      AgentSpan first = errors.get(0);
      assertion.fail(shouldHaveNoErrors(subject, errorListing(errors), trace == null ? ""
          : AssertSupport.markedTree(trace, first, "error: " + first.error().orElse("error"))));
    }
  }

  private static String errorListing(List<AgentSpan> errors) {
    return String.join("\n", errors.stream().map(e -> "  " + e.displayName() + "  error: " + e.error().orElse("error")
        + (e.span().getStatus().getDescription().isEmpty() ? "" : " (" + e.span().getStatus().getDescription() + ")")).toList());
  }

  /**
   * Navigates to the number of LLM calls, for budgets: {@code llmCallCount().isAtMost(5)}. A request
   * traced twice (an LLM span nested in another, as {@link AgentTrace#tokens()} counts it) counts
   * once; {@link #llmCalls()} lists every LLM span.
   *
   * @return an assertion on the count
   */
  @CheckReturnValue
  public CountAssert llmCallCount() {
    return Navigation.next(this, softly, CountAssert.class, () -> {
      isNotNull();
      return new CountAssert(AgentTrace.countLlmRequests(actual.spansOf(SpanRole.LLM)), actual,
          "the number of LLM calls of " + AssertSupport.traceName(actual));
    });
  }

  /**
   * Navigates to the number of tool calls.
   *
   * @return an assertion on the count
   */
  @CheckReturnValue
  public CountAssert toolCallCount() {
    return Navigation.next(this, softly, CountAssert.class, () -> {
      isNotNull();
      return new CountAssert((long) actual.toolCalls().size(), actual,
          "the number of tool calls of " + AssertSupport.traceName(actual));
    });
  }

  /**
   * Navigates to the tokens used with one model (the responding model, or the requested one).
   *
   * @param modelGlob the model, {@code *} wildcards allowed
   * @return an assertion on that model's usage
   */
  @CheckReturnValue
  public TokenUsageAssert tokensOfModel(String modelGlob) {
    Objects.requireNonNull(modelGlob, "tokensOfModel(null): the model must not be null");
    return Navigation.next(this, softly, TokenUsageAssert.class,
        () -> AssertSupport.carryOver(this, hardLlmCalls()).model(modelGlob).tokens());
  }

  /**
   * Verifies that the whole trace took at most this long (earliest start to latest end).
   *
   * @param max the longest allowed duration
   * @return this assertion object
   * @throws AssertionError if it took longer
   */
  public AgentTraceAssert tookAtMost(Duration max) {
    isNotNull();
    Objects.requireNonNull(max, "max");
    List<AgentSpan> open = actual.find(span -> !span.hasEnded());
    if (!open.isEmpty()) {
      String names = open.stream().map(span -> "\"" + span.displayName() + "\"").collect(Collectors.joining(", "));
      throwAssertionError(shouldTakeAtMostButNeverEnded(AssertSupport.traceName(actual), max,
          (open.size() == 1 ? "span " : open.size() + " spans ") + names,
          AssertSupport.markedTree(actual, open.get(0), "never ended")));
    }
    if (actual.duration().compareTo(max) > 0) {
      throwAssertionError(shouldTakeAtMost(
          AssertSupport.traceName(actual), max, actual.duration(), AssertSupport.tree(actual)));
    }
    return myself;
  }

  /**
   * Verifies that the agent executed every tool call the model asked for (matched by call id when
   * both sides carry one, else by name and arguments).
   *
   * @return this assertion object
   * @throws AssertionError listing the requests never executed
   */
  public AgentTraceAssert executedEveryRequestedToolCall() {
    isNotNull();
    List<String> missing = dev.spanproof.assertions.internal.Lint.unexecutedRequests(actual);
    if (!missing.isEmpty()) {
      throwAssertionError(dev.spanproof.assertions.error.Messages.message(
          "Expecting %s to execute every tool call the model asked for but these were never executed:\n%s%s",
          AssertSupport.traceName(actual), String.join("\n", missing.stream().map(m -> "  " + m).toList()),
          AssertSupport.inTrace(actual) + AssertSupport.appendix(actual)));
    }
    return myself;
  }

  /**
   * Verifies that the actual value is not null, failing (as every assertion of this class) with the
   * stack trace starting at the test: AssertJ's own check would keep spanproof's frames on top.
   *
   * @return this assertion object
   * @throws AssertionError if the actual value is null
   */
  @Override
  public AgentTraceAssert isNotNull() {
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
