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
   * Returns input plus output tokens; a sum past {@link Long#MAX_VALUE} (a sentinel such as
   * u64::MAX written as a count) stays at {@link Long#MAX_VALUE}, so that it fails every budget
   * rather than wrap negative and pass them.
   *
   * @return the total
   */
  public long total() {
    return add(input, output);
  }

  /**
   * Adds another usage to this one, each count saturating at {@link Long#MAX_VALUE} as
   * {@link #total()} does.
   *
   * @param other the usage to add
   * @return the sum
   */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        add(input, other.input),
        add(output, other.output),
        add(cachedInput, other.cachedInput),
        add(reasoningOutput, other.reasoningOutput));
  }

  /** Adds two counts, neither negative, saturating at {@link Long#MAX_VALUE}. */
  static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** Returns the canonical text form, {@code IN→OUT}. */
  @Override
  public String toString() {
    return input + "→" + output;
  }
}
