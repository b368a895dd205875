package dev.spanproof.mockllm;

import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link MockLlm}'s journal: {@code assertThat(llm).receivedRequests(3).request(2)
 * .hasToolResult("calculate", "4")}. Needs AssertJ on the test classpath (this module declares it optional).
 */
public class MockLlmAssert extends AbstractAssert<MockLlmAssert, MockLlm> {

  /** An assertion on the mock; use {@link MockLlmAssertions#assertThat(MockLlm)}. */
  public MockLlmAssert(MockLlm actual) {
    super(actual, MockLlmAssert.class);
  }

  /**
   * Verifies that the session received exactly {@code count} requests (journal bound permitting).
   *
   * @return this assertion object
   */
  public MockLlmAssert receivedRequests(int count) {
    isNotNull();
    int actualCount = actual.requests().size();
    if (actualCount != count) {
      failWithMessage("Expecting mock LLM session \"%s\" to have received %d request%s but it received %d:%n%s",
          actual.label(), count, count == 1 ? "" : "s", actualCount, exchange());
    }
    return myself;
  }

  /**
   * Verifies that the session has no problems: no unmatched or rejected request and (unless lenient) no
   * unused step.
   *
   * @return this assertion object
   */
  public MockLlmAssert hasNoProblems() {
    isNotNull();
    List<String> problems = actual.problems();
    if (!problems.isEmpty()) {
      failWithMessage("Expecting mock LLM session \"%s\" to have no problems but it has %d:%n%n%s%n%nLLM exchange:%n%s",
          actual.label(), problems.size(), String.join(String.format("%n%n"), problems), exchange());
    }
    return myself;
  }

  /**
   * Navigates to the request with the given 1-based number.
   *
   * @return an assertion on that request
   */
  @org.assertj.core.util.CheckReturnValue
  public LlmRequestAssert request(int number) {
    isNotNull();
    LlmRequest found = actual.requests().stream().filter(r -> r.number() == number).findFirst().orElse(null);
    if (found == null) {
      failWithMessage("Expecting mock LLM session \"%s\" to have received a request #%d but it received %d:%n%s",
          actual.label(), number, actual.requests().size(), exchange());
    }
    return new LlmRequestAssert(found).describedAs("request #%d of mock LLM session \"%s\"", number, actual.label());
  }

  /**
   * Navigates to the most recent request.
   *
   * @return an assertion on that request
   */
  @org.assertj.core.util.CheckReturnValue
  public LlmRequestAssert lastRequest() {
    isNotNull();
    List<LlmRequest> all = actual.requests();
    if (all.isEmpty()) {
      failWithMessage("Expecting mock LLM session \"%s\" to have received a request but it received none", actual.label());
    }
    LlmRequest last = all.get(all.size() - 1);
    return new LlmRequestAssert(last).describedAs("request #%d of mock LLM session \"%s\"", last.number(), actual.label());
  }

  private String exchange() {
    String t = actual.transcript();
    return t.isEmpty() ? "  (no requests)" : t.indent(2).stripTrailing();
  }
}
