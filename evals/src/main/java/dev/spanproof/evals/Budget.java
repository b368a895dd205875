package dev.spanproof.evals;

import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.junit.AgentTraces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;

/**
 * Limits on what an agent run may use, checked against its traces:
 *
 * <pre>{@code
 * Budget.limits().totalTokens(2000).llmCalls(3).latency(Duration.ofSeconds(5))
 *     .verify(traces);   // throws AssertionError naming each limit exceeded, by how much
 * }</pre>
 *
 * The same limits can be declared with {@link AgentBudget} and, per eval run, with
 * {@link Scorers#budget(Budget)}. Immutable: every setter returns a new budget.
 */
public final class Budget {

  private final Map<UsageMetric, Long> limits;

  private Budget(Map<UsageMetric, Long> limits) {
    this.limits = limits;
  }

  /**
   * Starts a budget with no limit.
   *
   * @return an empty budget
   */
  public static Budget limits() {
    return new Budget(Collections.unmodifiableMap(new EnumMap<>(UsageMetric.class)));
  }

  /**
   * Reads the limits an annotation declares (attributes left at -1 set none).
   *
   * @param annotation the annotation
   * @return the budget
   * @throws IllegalArgumentException when an attribute is below -1
   */
  public static Budget of(AgentBudget annotation) {
    Budget budget = limits();
    budget = budget.orNone(UsageMetric.INPUT_TOKENS, annotation.inputTokens(), "inputTokens");
    budget = budget.orNone(UsageMetric.OUTPUT_TOKENS, annotation.outputTokens(), "outputTokens");
    budget = budget.orNone(UsageMetric.TOTAL_TOKENS, annotation.totalTokens(), "totalTokens");
    budget = budget.orNone(UsageMetric.LLM_CALLS, annotation.llmCalls(), "llmCalls");
    budget = budget.orNone(UsageMetric.TOOL_CALLS, annotation.toolCalls(), "toolCalls");
    budget = budget.orNone(UsageMetric.LATENCY_MILLIS, annotation.latencyMillis(), "latencyMillis");
    return budget;
  }

  private Budget orNone(UsageMetric metric, long value, String attribute) {
    if (value == AgentBudget.UNLIMITED) {
      return this;
    }
    if (value < 0) {
      throw new IllegalArgumentException("@AgentBudget(" + attribute + " = " + value + ") is negative; give the most "
          + "the test may use, or leave the attribute out for no limit");
    }
    return with(metric, value);
  }

  /**
   * Limits input tokens.
   *
   * @param max the most allowed
   * @return a new budget
   */
  public Budget inputTokens(long max) {
    return with(UsageMetric.INPUT_TOKENS, max);
  }

  /**
   * Limits output tokens.
   *
   * @param max the most allowed
   * @return a new budget
   */
  public Budget outputTokens(long max) {
    return with(UsageMetric.OUTPUT_TOKENS, max);
  }

  /**
   * Limits input plus output tokens.
   *
   * @param max the most allowed
   * @return a new budget
   */
  public Budget totalTokens(long max) {
    return with(UsageMetric.TOTAL_TOKENS, max);
  }

  /**
   * Limits LLM calls.
   *
   * @param max the most allowed
   * @return a new budget
   */
  public Budget llmCalls(long max) {
    return with(UsageMetric.LLM_CALLS, max);
  }

  /**
   * Limits tool calls.
   *
   * @param max the most allowed
   * @return a new budget
   */
  public Budget toolCalls(long max) {
    return with(UsageMetric.TOOL_CALLS, max);
  }

  /**
   * Limits the traces' wall-clock time.
   *
   * @param max the longest allowed
   * @return a new budget
   */
  public Budget latency(Duration max) {
    Objects.requireNonNull(max, "max");
    return with(UsageMetric.LATENCY_MILLIS, max.toMillis());
  }

  /**
   * Limits one metric.
   *
   * @param metric the metric
   * @param max the most allowed, not negative
   * @return a new budget
   * @throws IllegalArgumentException when {@code max} is negative
   */
  public Budget with(UsageMetric metric, long max) {
    Objects.requireNonNull(metric, "metric");
    if (max < 0) {
      throw new IllegalArgumentException("a budget of " + max + " " + metric.label()
          + " is negative; give the most the agent may use, 0 or more");
    }
    EnumMap<UsageMetric, Long> copy = new EnumMap<>(UsageMetric.class);
    copy.putAll(limits);
    copy.put(metric, max);
    return new Budget(Collections.unmodifiableMap(copy));
  }

  /**
   * Returns the limits set, in metric order.
   *
   * @return metric to maximum
   */
  public Map<UsageMetric, Long> asMap() {
    return limits;
  }

  /**
   * Returns whether no limit is set.
   *
   * @return true for an empty budget
   */
  public boolean isEmpty() {
    return limits.isEmpty();
  }

  /**
   * Checks a usage against every limit.
   *
   * @param usage what was used
   * @return one check per limit, in metric order
   */
  public List<BudgetCheck> check(AgentUsage usage) {
    List<BudgetCheck> checks = new ArrayList<>();
    limits.forEach((metric, max) -> checks.add(new BudgetCheck(metric, usage.value(metric), max, -1)));
    return checks;
  }

  /**
   * Verifies that one trace stays within the budget.
   *
   * @param trace the trace
   * @throws AssertionError naming each limit exceeded, the usage and the trace tree
   */
  public void verify(AgentTrace trace) {
    verify(List.of(trace));
  }

  /**
   * Verifies that a test's traces, together, stay within the budget.
   *
   * @param traces the test's traces (waits for spans still open)
   * @throws AssertionError naming each limit exceeded, the usage and the trace trees
   */
  public void verify(AgentTraces traces) {
    verify(traces.all());
  }

  /**
   * Verifies that traces, together, stay within the budget.
   *
   * @param traces the traces
   * @throws AssertionError naming each limit exceeded, the usage and the trace trees
   */
  public void verify(List<AgentTrace> traces) {
    AgentUsage usage = AgentUsage.of(traces);
    List<BudgetCheck> exceeded = check(usage).stream().filter(BudgetCheck::exceeded).toList();
    if (!exceeded.isEmpty()) {
      String subject = traces.stream().map(AgentTrace::label).filter(Objects::nonNull).findFirst()
          .map(label -> "\"" + label + "\"").orElse("The agent");
      throw new AssertionFailedError(exceededMessage(subject, exceeded, usage, traces));
    }
  }

  static String exceededMessage(String subject, List<BudgetCheck> exceeded, AgentUsage usage,
      List<AgentTrace> traces) {
    StringBuilder message = new StringBuilder(subject).append(" exceeded its budget:");
    exceeded.forEach(c -> message.append("\n  ").append(c.describe()));
    message.append("\nUsage: ").append(usage);
    appendTrees(message, traces);
    return message.toString();
  }

  static void appendTrees(StringBuilder message, List<AgentTrace> traces) {
    for (AgentTrace trace : traces) {
      message.append("\nTrace:\n").append(trace.render().indent(2).stripTrailing());
    }
  }

  /** Returns the limits, for example {@code Budget[total tokens ≤ 2000, LLM calls ≤ 3]}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    limits.forEach((metric, max) -> parts.add(metric.label() + " ≤ " + max));
    return "Budget" + parts;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Budget budget && budget.limits.equals(limits);
  }

  @Override
  public int hashCode() {
    return limits.hashCode();
  }
}
