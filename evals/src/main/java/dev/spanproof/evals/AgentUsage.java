package dev.spanproof.evals;

import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.assertions.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a test's agent runs used: tokens, LLM calls, tool calls and latency, summed over its traces.
 *
 * @param inputTokens input tokens over every LLM call (an LLM span nested in another counts once)
 * @param outputTokens output tokens over every LLM call
 * @param llmCalls the number of LLM spans
 * @param toolCalls the number of tools executed
 * @param latencyMillis the traces' wall-clock time in milliseconds, from each trace's first span
 *     start to its last span end, summed over traces
 */
public record AgentUsage(long inputTokens, long outputTokens, long llmCalls, long toolCalls, long latencyMillis) {

  /** Nothing used: no trace. */
  public static final AgentUsage NONE = new AgentUsage(0, 0, 0, 0, 0);

  /**
   * Checks that no count is negative.
   *
   * @throws IllegalArgumentException when one is
   */
  public AgentUsage {
    if (inputTokens < 0 || outputTokens < 0 || llmCalls < 0 || toolCalls < 0 || latencyMillis < 0) {
      throw new IllegalArgumentException("usage counts cannot be negative: " + describe(inputTokens,
          outputTokens, llmCalls, toolCalls, latencyMillis));
    }
  }

  /**
   * Measures one trace.
   *
   * @param trace the trace
   * @return its usage
   */
  public static AgentUsage of(AgentTrace trace) {
    Objects.requireNonNull(trace, "trace");
    TokenUsage tokens = trace.tokens();
    return new AgentUsage(tokens.input(), tokens.output(), trace.llmCalls().size(), trace.toolCalls().size(),
        trace.duration().toMillis());
  }

  /**
   * Measures several traces, summing their usage.
   *
   * @param traces the traces, possibly empty
   * @return the summed usage
   */
  public static AgentUsage of(List<AgentTrace> traces) {
    AgentUsage sum = NONE;
    for (AgentTrace trace : traces) {
      sum = sum.plus(of(trace));
    }
    return sum;
  }

  /**
   * Returns input plus output tokens.
   *
   * @return the total
   */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /**
   * Returns the latency as a duration.
   *
   * @return the latency
   */
  public Duration latency() {
    return Duration.ofMillis(latencyMillis);
  }

  /**
   * Returns one metric's value.
   *
   * @param metric the metric
   * @return its value (milliseconds for latency)
   */
  public long value(UsageMetric metric) {
    return switch (metric) {
      case INPUT_TOKENS -> inputTokens;
      case OUTPUT_TOKENS -> outputTokens;
      case TOTAL_TOKENS -> totalTokens();
      case LLM_CALLS -> llmCalls;
      case TOOL_CALLS -> toolCalls;
      case LATENCY_MILLIS -> latencyMillis;
    };
  }

  /**
   * Adds another usage to this one.
   *
   * @param other the usage to add
   * @return the sum
   */
  public AgentUsage plus(AgentUsage other) {
    return new AgentUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
        llmCalls + other.llmCalls, toolCalls + other.toolCalls, latencyMillis + other.latencyMillis);
  }

  /** Returns the usage in one line, for example {@code input tokens 22, output tokens 23, ...}. */
  @Override
  public String toString() {
    return describe(inputTokens, outputTokens, llmCalls, toolCalls, latencyMillis);
  }

  private static String describe(long in, long out, long llm, long tools, long latency) {
    return String.format(Locale.ROOT, "input tokens %d, output tokens %d, total tokens %d, LLM calls %d, "
        + "tool calls %d, latency %d ms", in, out, in + out, llm, tools, latency);
  }
}
