package dev.spanproof.mockllm;

/**
 * Token usage of one LLM call, as rendered into the protocol's usage fields.
 *
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 */
public record Usage(int inputTokens, int outputTokens) {

  /** Rejects negative counts. */
  public Usage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException(
          "token counts cannot be negative, got input " + inputTokens + " and output " + outputTokens);
    }
  }

  /** Input plus output tokens. */
  public int totalTokens() {
    return inputTokens + outputTokens;
  }
}
