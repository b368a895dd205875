package dev.spanproof.assertions;

import static dev.spanproof.assertions.error.ShouldHaveToolCalls.shouldHaveToolCalls;
import static org.assertj.core.error.ShouldNotBeNull.shouldNotBeNull;

import dev.spanproof.assertions.error.Messages;
import dev.spanproof.assertions.error.ShouldHaveToolCalls;
import dev.spanproof.assertions.internal.AssertSupport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions on the tools an agent executed ({@code execute_tool} spans), in tree order.
 *
 * <pre>{@code
 * assertThat(trace).toolCalls()
 *     .containsExactly(call("calculate").withArguments("{\"a\":2,\"b\":2}").withResult("4"));
 * assertThat(trace).toolCalls().calledOnce("calculate").neverCalled("delete_everything");
 * }</pre>
 *
 * Four sequence modes: {@link #containsExactly strict}, {@link #containsExactlyInAnyOrder unordered},
 * {@link #isSubsetOf subset} (no call outside the expected ones) and {@link #contains superset}
 * (at least the expected ones); {@link #containsSubsequence} checks order with gaps.
 */
public class ToolCallsAssert extends AbstractAssert<ToolCallsAssert, List<ToolCall>> {

  private AgentSoftAssertions softly; // set on the asserts of AgentSoftAssertions: see Navigation
  private AgentTrace trace;
  private String subject;
  // the tool calls a model requested (LlmCallAssert.requestedToolCalls), not executed ones: the
  // LLM call that requested them, else null
  private String requestingCall;

  /**
   * Creates an assertion on tool calls that belong to no trace.
   *
   * @param actual the tool calls
   */
  public ToolCallsAssert(List<ToolCall> actual) {
    this(actual, null, "the tool calls");
  }

  /**
   * Creates an assertion on the tool calls of part of a trace.
   *
   * @param actual the tool calls
   * @param trace the trace, shown in failure messages; may be null
   * @param subject whose calls, such as {@code the trace of "addsTwo"}
   */
  public ToolCallsAssert(List<ToolCall> actual, AgentTrace trace, String subject) {
    super(actual, ToolCallsAssert.class);
    this.trace = trace;
    this.subject = subject;
  }

  /**
   * An assertion on the tool calls a model requested in its answer, worded as requests.
   *
   * @param llmCall the LLM call, as messages name it: {@code LLM call "chat gpt-4" of the trace}
   */
  static ToolCallsAssert requests(List<ToolCall> actual, AgentTrace trace, String llmCall) {
    ToolCallsAssert requests = new ToolCallsAssert(actual, trace, "the tool calls requested in " + llmCall);
    requests.requestingCall = llmCall;
    return requests;
  }

  /**
   * Verifies that the agent executed exactly these tool calls, in this order.
   *
   * @param expected the expected calls, built with {@link AgentAssertions#call(String)}
   * @return this assertion object
   * @throws AssertionError if a call is missing, extra, out of order or differs
   */
  public ToolCallsAssert containsExactly(ExpectedToolCall... expected) {
    isNotNull();
    List<ExpectedToolCall> wanted = requireExpected(expected);
    int common = Math.min(wanted.size(), actual.size());
    for (int i = 0; i < common; i++) {
      String mismatch = wanted.get(i).mismatch(actual.get(i));
      if (mismatch != null) {
        fail("exactly, in order", wanted, "call #" + (i + 1) + " differs: " + mismatch, actual.get(i).node(), mismatch);
      }
    }
    if (actual.size() > wanted.size()) {
      ToolCall extra = actual.get(wanted.size());
      fail("exactly, in order", wanted, "call #" + (wanted.size() + 1) + " was not expected: " + extra,
          extra.node(), "unexpected call");
    }
    if (wanted.size() > actual.size()) {
      ExpectedToolCall missing = wanted.get(actual.size());
      fail("exactly, in order", wanted, "call #" + (actual.size() + 1) + " is missing: " + missing
          + missingHint(missing), null, null);
    }
    return myself;
  }

  /**
   * Verifies that the agent executed exactly these tool calls, in any order (parallel tool calls).
   *
   * @param expected the expected calls
   * @return this assertion object
   * @throws AssertionError if a call is missing or extra
   */
  public ToolCallsAssert containsExactlyInAnyOrder(ExpectedToolCall... expected) {
    isNotNull();
    List<ExpectedToolCall> wanted = requireExpected(expected);
    int[] owner = assign(wanted);
    List<String> problems = new ArrayList<>();
    problems.addAll(unmatchedExpected(wanted, owner));
    problems.addAll(unmatchedActual(owner));
    if (!problems.isEmpty()) {
      fail("exactly these, in any order", wanted, String.join("\n", problems), firstUnmatched(owner), "unexpected call");
    }
    return myself;
  }

  /**
   * Verifies that the agent executed at least these tool calls (a superset of them), in any order.
   *
   * @param expected the calls that must be among the actual ones
   * @return this assertion object
   * @throws AssertionError if one is missing
   */
  public ToolCallsAssert contains(ExpectedToolCall... expected) {
    isNotNull();
    List<ExpectedToolCall> wanted = requireExpected(expected);
    List<String> problems = unmatchedExpected(wanted, assign(wanted));
    if (!problems.isEmpty()) {
      fail("a superset of", wanted, String.join("\n", problems), null, null);
    }
    return myself;
  }

  /**
   * Verifies that every tool call the agent executed is one of these (a subset of them; each
   * expected call used at most once; order free).
   *
   * @param expected the calls allowed
   * @return this assertion object
   * @throws AssertionError if an actual call is not among them
   */
  public ToolCallsAssert isSubsetOf(ExpectedToolCall... expected) {
    isNotNull();
    List<ExpectedToolCall> wanted = requireExpected(expected);
    int[] owner = assign(wanted);
    List<String> problems = unmatchedActual(owner);
    if (!problems.isEmpty()) {
      fail("a subset of", wanted, String.join("\n", problems), firstUnmatched(owner), "not among the allowed calls");
    }
    return myself;
  }

  /**
   * Verifies that these calls happened in this order, other calls allowed between them.
   *
   * @param expected the calls, in order
   * @return this assertion object
   * @throws AssertionError if they are not found in order
   */
  public ToolCallsAssert containsSubsequence(ExpectedToolCall... expected) {
    isNotNull();
    List<ExpectedToolCall> wanted = requireExpected(expected);
    int next = 0;
    for (ToolCall call : actual) {
      if (next < wanted.size() && wanted.get(next).mismatch(call) == null) {
        next++;
      }
    }
    if (next < wanted.size()) {
      fail("in this order, other calls allowed between", wanted, "no call matched " + wanted.get(next)
          + (next == 0 ? "" : " after " + wanted.get(next - 1)) + missingHint(wanted.get(next)), null, null);
    }
    return myself;
  }

  /**
   * Verifies that the named tool was executed exactly once.
   *
   * @param toolName the tool's name
   * @return this assertion object
   * @throws AssertionError if it ran zero or several times
   */
  public ToolCallsAssert calledOnce(String toolName) {
    Objects.requireNonNull(toolName, "calledOnce(null): the tool name must not be null");
    return calledTimes(toolName, 1);
  }

  /**
   * Verifies that the named tool was never executed.
   *
   * @param toolName the tool's name
   * @return this assertion object
   * @throws AssertionError if it ran
   */
  public ToolCallsAssert neverCalled(String toolName) {
    Objects.requireNonNull(toolName, "neverCalled(null): the tool name must not be null");
    return calledTimes(toolName, 0);
  }

  /**
   * Verifies that the named tool was executed this many times.
   *
   * @param toolName the tool's name
   * @param times the expected number of calls
   * @return this assertion object
   * @throws AssertionError if the count differs
   * @throws IllegalArgumentException if {@code times} is negative
   */
  public ToolCallsAssert calledTimes(String toolName, int times) {
    Objects.requireNonNull(toolName, "calledTimes(null, " + times + "): the tool name must not be null");
    if (times < 0) {
      throw new IllegalArgumentException("calledTimes(\"" + toolName + "\", " + times
          + "): the number of calls cannot be negative; use neverCalled(\"" + toolName + "\") for none");
    }
    isNotNull();
    int count = 0;
    for (ToolCall call : actual) {
      if (call.name().equals(toolName)) {
        count++;
      }
    }
    if (count != times) {
      List<ToolCall> calls = actual.stream().filter(c -> c.name().equals(toolName)).toList();
      String tree = trace == null ? "" : calls.isEmpty() ? AssertSupport.tree(trace)
          : AssertSupport.markedTree(trace, calls.get(times < calls.size() ? times : 0).node(),
              times < calls.size() ? "call #" + (times + 1) + " of " + toolName : toolName);
      throwAssertionError(Messages.message("Expecting %s %s but it was %s%s%s",
          subject, times == 0 ? "never to call " + toolName : "to call " + toolName + " " + timesText(times),
          calls.isEmpty() ? "never called" : "called " + timesText(calls.size()),
          calls.isEmpty() ? missingHint(AgentAssertions.call(toolName)) : "",
          tree.isEmpty() ? "" : "\nin the trace:\n" + tree + AssertSupport.appendix(trace)));
    }
    return myself;
  }

  /**
   * Verifies the number of tool calls.
   *
   * @param expected the expected number
   * @return this assertion object
   * @throws AssertionError if it differs
   */
  public ToolCallsAssert hasSize(int expected) {
    isNotNull();
    if (actual.size() != expected) {
      throwAssertionError(Messages.message("Expecting %s to make %s tool calls but it made %s:\n%s%s",
          subject, expected, actual.size(), listing(actual), AssertSupport.inTrace(trace) + AssertSupport.appendix(trace)));
    }
    return myself;
  }

  /**
   * Verifies that no tool was executed.
   *
   * @return this assertion object
   * @throws AssertionError if one was
   */
  public ToolCallsAssert isEmpty() {
    return hasSize(0);
  }

  /**
   * Verifies that no tool call failed.
   *
   * @return this assertion object
   * @throws AssertionError naming the first failed call
   */
  public ToolCallsAssert haveNoErrors() {
    isNotNull();
    for (ToolCall call : actual) {
      if (call.isError()) {
        throwAssertionError(Messages.message("Expecting %s to have no failed tool call but %s failed with error: %s%s",
            subject, call.name(), call.errorType(),
            AssertSupport.inTraceMarked(trace, call.node(), "error: " + call.errorType())));
      }
    }
    return myself;
  }

  /**
   * Navigates to the calls of one tool.
   *
   * @param toolName the tool's name
   * @return an assertion on that tool's calls
   */
  @CheckReturnValue
  public ToolCallsAssert tool(String toolName) {
    Objects.requireNonNull(toolName, "tool(null): the tool name must not be null");
    return Navigation.next(this, softly, ToolCallsAssert.class, () -> {
      isNotNull();
      ToolCallsAssert calls = new ToolCallsAssert(actual.stream().filter(c -> c.name().equals(toolName)).toList(),
          trace, subject + " (" + toolName + " only)");
      calls.requestingCall = requestingCall == null ? null : requestingCall + " (" + toolName + " only)";
      return calls;
    });
  }

  /**
   * Verifies that every tool call's arguments are valid against the JSON schema the trace declares
   * for its tool (the tool definitions on the LLM spans).
   *
   * @return this assertion object
   * @throws AssertionError naming the first invalid call and the violations
   */
  public ToolCallsAssert haveArgumentsValidAgainstSchemas() {
    isNotNull();
    for (ToolCall call : actual) {
      AssertSupport.carryOver(this, new ToolCallAssert(call, trace)).hasArgumentsValidAgainstSchema();
    }
    return myself;
  }

  /**
   * Navigates to the number of tool calls, for budgets: {@code toolCalls().count().isAtMost(3)}.
   *
   * @return an assertion on the count
   */
  @CheckReturnValue
  public CountAssert count() {
    return Navigation.next(this, softly, CountAssert.class, () -> {
      isNotNull();
      return new CountAssert((long) actual.size(), trace, "the number of tool calls of " + subject);
    });
  }

  /**
   * Navigates to one tool call.
   *
   * @param index the position, from 0, in tree order
   * @return an assertion on that call
   * @throws AssertionError if there is no such call
   * @throws IllegalArgumentException if the index is negative
   */
  @CheckReturnValue
  public ToolCallAssert element(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("element(" + index + "): the index counts from 0, the first tool call;"
          + " use last() for the last one");
    }
    return at(index, "tool call #" + (index + 1));
  }

  /**
   * Navigates to the first tool call.
   *
   * @return an assertion on it
   * @throws AssertionError if there is no tool call
   */
  @CheckReturnValue
  public ToolCallAssert first() {
    return at(0, "tool call #1");
  }

  /**
   * Navigates to the last tool call.
   *
   * @return an assertion on it
   * @throws AssertionError if there is no tool call
   */
  @CheckReturnValue
  public ToolCallAssert last() {
    return at(actual == null ? 0 : actual.size() - 1, "a last tool call"); // at() fails first on a null list
  }

  private ToolCallAssert at(int index, String what) {
    return Navigation.next(this, softly, ToolCallAssert.class, () -> {
      isNotNull();
      if (index < 0 || index >= actual.size()) {
        throwAssertionError(dev.spanproof.assertions.error.ShouldContainSpan.shouldContainSpan(subject,
            what, actual.size() + " tool calls", AssertSupport.tree(trace) + AssertSupport.appendix(trace)));
      }
      return new ToolCallAssert(actual.get(index), trace);
    });
  }

  private static String timesText(int times) {
    return switch (times) {
      case 0 -> "never";
      case 1 -> "once";
      case 2 -> "twice";
      default -> times + " times";
    };
  }

  private String missingHint(ExpectedToolCall missing) {
    if (trace == null || requestingCall != null) {
      return "";
    }
    boolean requested = trace.requestedToolCalls().stream().anyMatch(r -> missing.name().equals(r.name()));
    return requested ? "\n(the model asked for " + missing.name() + " but the agent never executed it)" : "";
  }

  private int[] assign(List<ExpectedToolCall> wanted) {
    // owner[actualIndex] = expected index; augmenting paths so one loose expectation cannot
    // steal the only call a stricter one matches
    int[] owner = new int[actual.size()];
    Arrays.fill(owner, -1);
    for (int e = 0; e < wanted.size(); e++) {
      augment(e, wanted, owner, new boolean[actual.size()]);
    }
    return owner;
  }

  private boolean augment(int e, List<ExpectedToolCall> wanted, int[] owner, boolean[] seen) {
    for (int a = 0; a < actual.size(); a++) {
      if (!seen[a] && wanted.get(e).mismatch(actual.get(a)) == null) {
        seen[a] = true;
        if (owner[a] < 0 || augment(owner[a], wanted, owner, seen)) {
          owner[a] = e;
          return true;
        }
      }
    }
    return false;
  }

  private List<String> unmatchedExpected(List<ExpectedToolCall> wanted, int[] owner) {
    List<String> problems = new ArrayList<>();
    for (int e = 0; e < wanted.size(); e++) {
      final int index = e;
      if (Arrays.stream(owner).noneMatch(o -> o == index)) {
        ExpectedToolCall missing = wanted.get(e);
        String closest = actual.stream().filter(c -> c.name().equals(missing.name())).findFirst()
            .map(c -> " (closest: " + missing.mismatch(c) + ")").orElse("");
        problems.add("missing: " + missing + closest + missingHint(missing));
      }
    }
    return problems;
  }

  private List<String> unmatchedActual(int[] owner) {
    List<String> problems = new ArrayList<>();
    for (int a = 0; a < owner.length; a++) {
      if (owner[a] < 0) {
        problems.add("unexpected: " + actual.get(a));
      }
    }
    return problems;
  }

  private AgentSpan firstUnmatched(int[] owner) {
    for (int a = 0; a < owner.length; a++) {
      if (owner[a] < 0) {
        return actual.get(a).node();
      }
    }
    return null;
  }

  private void fail(String mode, List<ExpectedToolCall> wanted, String difference, AgentSpan at, String marker) {
    String tree = trace == null ? "" : (at == null || marker == null ? AssertSupport.tree(trace)
        : AssertSupport.markedTree(trace, at, marker)) + AssertSupport.appendix(trace);
    throw AssertSupport.failure(info, requestingCall != null
        ? ShouldHaveToolCalls.shouldHaveRequestedToolCalls(requestingCall, mode, listingExpected(wanted),
            actual.isEmpty() ? "  (none: the model requested no tool call)" : listing(actual), difference, tree)
        : shouldHaveToolCalls(subject, mode, listingExpected(wanted),
            actual.isEmpty() ? "  (none: no execute_tool span)" : listing(actual), difference, tree),
        listing(actual), listingExpected(wanted));
  }

  private static String listing(List<ToolCall> calls) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      lines.add("  " + (i + 1) + ". " + calls.get(i));
    }
    return String.join("\n", lines);
  }

  private static String listingExpected(List<ExpectedToolCall> calls) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      lines.add("  " + (i + 1) + ". " + calls.get(i));
    }
    return lines.isEmpty() ? "  (none)" : String.join("\n", lines);
  }

  private static List<ExpectedToolCall> requireExpected(ExpectedToolCall[] expected) {
    Objects.requireNonNull(expected, "the expected tool calls must not be null");
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] == null) {
        throw new IllegalArgumentException("expected tool call #" + (i + 1)
            + " is null; build each with call(\"toolName\")");
      }
    }
    return List.of(expected);
  }

  /**
   * Verifies that the actual value is not null, failing (as every assertion of this class) with the
   * stack trace starting at the test: AssertJ's own check would keep spanproof's frames on top.
   *
   * @return this assertion object
   * @throws AssertionError if the actual value is null
   */
  @Override
  public ToolCallsAssert isNotNull() {
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
