package dev.spanproof.mockllm;

/**
 * Entry point of the AssertJ assertions on the mock LLM's journal. Import statically next to AssertJ's
 * {@code Assertions}: the overloads take only this module's types, so calls are never ambiguous.
 *
 * <pre>{@code
 * assertThat(llm).receivedRequests(2).request(2).hasToolResult("calculate", "4");
 * }</pre>
 */
public final class MockLlmAssertions {
  private MockLlmAssertions() {}

  /** Assertions on a mock's journal. */
  public static MockLlmAssert assertThat(MockLlm actual) {
    return new MockLlmAssert(actual);
  }

  /** Assertions on one request. */
  public static LlmRequestAssert assertThat(LlmRequest actual) {
    return new LlmRequestAssert(actual);
  }
}
