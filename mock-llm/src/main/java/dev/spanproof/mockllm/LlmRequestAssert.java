package dev.spanproof.mockllm;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on one journaled {@link LlmRequest}. */
public class LlmRequestAssert extends AbstractAssert<LlmRequestAssert, LlmRequest> {

  /** An assertion on the request; use {@link MockLlmAssertions#assertThat(LlmRequest)}. */
  public LlmRequestAssert(LlmRequest actual) {
    super(actual, LlmRequestAssert.class);
  }

  private String subject() {
    return "request #" + actual.number();
  }

  /**
   * Verifies that the conversation carries a result of the named tool with exactly this content.
   *
   * @return this assertion object
   */
  public LlmRequestAssert hasToolResult(String toolName, String content) {
    isNotNull();
    boolean found = actual.toolResults().stream()
        .anyMatch(m -> toolName.equals(m.toolName()) && content.equals(m.content()));
    if (!found) {
      failWithMessage("Expecting %s to carry a result of tool %s with content \"%s\" but its tool results were: %s",
          subject(), toolName, content, describeResults());
    }
    return myself;
  }

  /**
   * Verifies that the conversation carries no tool result at all.
   *
   * @return this assertion object
   */
  public LlmRequestAssert hasNoToolResult() {
    isNotNull();
    if (!actual.toolResults().isEmpty()) {
      failWithMessage("Expecting %s to carry no tool result but it carried: %s", subject(), describeResults());
    }
    return myself;
  }

  /**
   * Verifies the requested model.
   *
   * @return this assertion object
   */
  public LlmRequestAssert hasModel(String model) {
    isNotNull();
    if (!model.equals(actual.model())) {
      failWithMessage("Expecting %s to ask for model %s but it asked for %s", subject(), model, actual.model());
    }
    return myself;
  }

  /**
   * Verifies the text of the last user message.
   *
   * @return this assertion object
   */
  public LlmRequestAssert hasLastUserMessage(String text) {
    isNotNull();
    String last = actual.lastUserMessage().orElse(null);
    if (!text.equals(last)) {
      failWithMessage("Expecting %s to have the last user message \"%s\" but it was %s", subject(), text,
          last == null ? "absent" : "\"" + last + "\"");
    }
    return myself;
  }

  /**
   * Verifies that the system prompt contains the text.
   *
   * @return this assertion object
   */
  public LlmRequestAssert hasSystemPromptContaining(String text) {
    isNotNull();
    if (actual.system() == null || !actual.system().contains(text)) {
      failWithMessage("Expecting %s to have a system prompt containing \"%s\" but it was %s", subject(), text,
          actual.system() == null ? "absent" : "\"" + actual.system() + "\"");
    }
    return myself;
  }

  /**
   * Verifies that exactly these tools were offered, in any order.
   *
   * @return this assertion object
   */
  public LlmRequestAssert offersExactlyTools(String... toolNames) {
    isNotNull();
    List<String> expected = Arrays.stream(toolNames).sorted().toList();
    List<String> offered = actual.tools().stream().sorted().toList();
    if (!expected.equals(offered)) {
      failWithMessage("Expecting %s to offer exactly the tools %s but it offered %s", subject(), expected, actual.tools());
    }
    return myself;
  }

  /**
   * Verifies that the request asked for a streamed reply.
   *
   * @return this assertion object
   */
  public LlmRequestAssert isStreamed() {
    isNotNull();
    if (!actual.stream()) {
      failWithMessage("Expecting %s to ask for a streamed reply but it did not", subject());
    }
    return myself;
  }

  /**
   * Verifies that the request was the SDK's {@code n}-th retry ({@code x-stainless-retry-count}).
   *
   * @return this assertion object
   */
  public LlmRequestAssert hasRetryCount(int n) {
    isNotNull();
    if (actual.retryCount() != n) {
      failWithMessage("Expecting %s to be retry %d but it was retry %d", subject(), n, actual.retryCount());
    }
    return myself;
  }

  /**
   * Verifies the protocol the request came in.
   *
   * @return this assertion object
   */
  public LlmRequestAssert hasProtocol(Protocol protocol) {
    isNotNull();
    if (actual.protocol() != protocol) {
      failWithMessage("Expecting %s to use protocol %s but it used %s", subject(), protocol.id(), actual.protocol().id());
    }
    return myself;
  }

  private String describeResults() {
    if (actual.toolResults().isEmpty()) {
      return "none";
    }
    return actual.toolResults().stream()
        .map(m -> (m.toolName() == null ? "?" : m.toolName()) + " \"" + m.content() + "\"")
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
