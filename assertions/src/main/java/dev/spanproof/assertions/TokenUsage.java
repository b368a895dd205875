package dev.spanproof.assertions;

/**
 * Token counts of one LLM call, or summed over several.
 *
 * @param input input (prompt) tokens, cached ones included
 * @param output output (completion) tokens, reasoning ones included
 * @param cachedInput input tokens read from the provider's cache (0 when not reported)
 * @param reasoningOutput output tokens spent on reasoning (0 when not reported)
 */
public record TokenUsage(long input, long output, long cachedInput, long reasoningOutput) {

  /** No tokens at all: the sum over no LLM call. */
  public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0);

  /** Checks the counts are not negative. */
  public TokenUsage {
    if (input < 0 || output < 0 || cachedInput < 0 || reasoningOutput < 0) {
      throw new IllegalArgumentException(
          "token counts cannot be negative, got input=" + input + ", output=" + output
              + ", cachedInput=" + cachedInput + ", reasoningOutput=" + reasoningOutput);
    }
  }

  /**
   * Creates a usage with input and output tokens only.
   *
   * @param input input tokens
   * @param output output tokens
   * @return the usage
   */
  public static TokenUsage of(long input, long output) {
    return new TokenUsage(input, output, 0, 0);
  }

  /**
   * Returns input plus output tokens.
   *
   * @return the total
   */
  public long total() {
    return input + output;
  }

  /**
   * Adds another usage to this one.
   *
   * @param other the usage to add
   * @return the sum
   */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        input + other.input,
        output + other.output,
        cachedInput + other.cachedInput,
        reasoningOutput + other.reasoningOutput);
  }

  /** Returns the canonical text form, {@code IN→OUT}. */
  @Override
  public String toString() {
    return input + "→" + output;
  }
}
