package dev.spanproof.evals;

/** What a budget or a baseline limits: token counts, calls and latency of one test's agent runs. */
public enum UsageMetric {
  /** Input (prompt) tokens over every LLM call. */
  INPUT_TOKENS("input tokens", "inputTokens"),
  /** Output (completion) tokens over every LLM call. */
  OUTPUT_TOKENS("output tokens", "outputTokens"),
  /** Input plus output tokens. */
  TOTAL_TOKENS("total tokens", "totalTokens"),
  /** LLM calls (LLM spans). */
  LLM_CALLS("LLM calls", "llmCalls"),
  /** Tools executed ({@code execute_tool} spans). */
  TOOL_CALLS("tool calls", "toolCalls"),
  /** Wall-clock time of the agent's traces, in milliseconds (summed over the test's traces). */
  LATENCY_MILLIS("latency (ms)", "latencyMillis");

  private final String label;
  private final String key;

  UsageMetric(String label, String key) {
    this.label = label;
    this.key = key;
  }

  /**
   * Returns the metric's name in messages, such as {@code input tokens}.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Returns the metric's key in baseline and summary files, such as {@code inputTokens}.
   *
   * @return the key
   */
  public String key() {
    return key;
  }
}
