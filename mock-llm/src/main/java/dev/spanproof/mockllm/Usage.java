package dev.spanproof.mockllm;

/**
 * Token usage of one LLM call, as rendered into the protocol's usage fields.
 *
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 * @throws IllegalArgumentException when a count is negative or the total does not fit in an int
 */
public record Usage(int inputTokens, int outputTokens) {

  /** Rejects negative counts. */
  public Usage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException(
          "token counts cannot be negative, got input " + inputTokens + " and output " + outputTokens);
    }
    // The total is rendered too (total_tokens, totalTokenCount), and Gemini's is a 32-bit field: reject what
    // would wrap around to a negative total rather than send it.
    if ((long) inputTokens + outputTokens > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("input and output tokens must add up to at most " + Integer.MAX_VALUE
          + " (the total is reported as an int), got input " + inputTokens + " and output " + outputTokens);
    }
  }

  /** Input plus output tokens (never more than {@link Integer#MAX_VALUE}: the constructor checks). */
  public int totalTokens() {
    return inputTokens + outputTokens;
  }
}
