package dev.spanproof.mockllm;

import static dev.spanproof.mockllm.MockLlmAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MockLlmAssertTest {
  private MockLlm llm;

  @BeforeEach
  void start() {
    llm = MockLlm.start();
    llm.script().replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").thenReply("2+2 equals 4");
    Http.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"system\",\"content\":\"Be exact.\"},"
        + "{\"role\":\"user\",\"content\":\"What is 2+2?\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"calculate\"}}]}");
    Http.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"gpt-4\",\"stream\":true,\"messages\":["
        + "{\"role\":\"user\",\"content\":\"What is 2+2?\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"calculate\",\"arguments\":\"{}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"4\"}]}");
  }

  @AfterEach
  void stop() {
    llm.close();
  }

  @Test
  void passingChain() {
    assertThat(llm).hasNoProblems().receivedRequests(2)
        .request(2).hasToolResult("calculate", "4").hasModel("gpt-4").isStreamed().hasRetryCount(0)
        .hasProtocol(Protocol.OPENAI_CHAT).hasLastUserMessage("What is 2+2?");
    assertThat(llm).request(1).hasNoToolResult().offersExactlyTools("calculate").hasSystemPromptContaining("exact");
    assertThat(llm).lastRequest().hasToolResult("calculate", "4");
  }

  @Test
  void should_fail_if_request_count_differs() {
    assertThatThrownBy(() -> assertThat(llm).receivedRequests(3)).isInstanceOf(AssertionError.class).hasMessage("""
        Expecting mock LLM session "mock LLM" to have received 3 requests but it received 2:
          #1 user "What is 2+2?"  →  scripted tool call calculate {"a":2,"b":2}
          #2 tool calculate "4"  →  scripted reply "2+2 equals 4\"""");
  }

  @Test
  void should_fail_if_tool_result_differs() {
    assertThatThrownBy(() -> assertThat(llm).request(2).hasToolResult("calculate", "5")).hasMessage(
        "[request #2 of mock LLM session \"mock LLM\"] Expecting request #2 to carry a result of tool calculate "
            + "with content \"5\" but its tool results were: [calculate \"4\"]");
  }

  @Test
  void should_fail_if_request_is_missing() {
    assertThatThrownBy(() -> assertThat(llm).request(7)).hasMessageStartingWith(
        "Expecting mock LLM session \"mock LLM\" to have received a request #7 but it received 2:");
  }

  @Test
  void should_fail_on_problems() {
    Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4", "one more"));
    assertThatThrownBy(() -> assertThat(llm).hasNoProblems()).hasMessageStartingWith(
        "Expecting mock LLM session \"mock LLM\" to have no problems but it has 1:\n\nUnmatched request #3");
  }

  @Test
  void should_fail_on_model_and_stream() {
    assertThatThrownBy(() -> assertThat(llm).request(1).hasModel("gpt-4o"))
        .hasMessageEndingWith("Expecting request #1 to ask for model gpt-4o but it asked for gpt-4");
    assertThatThrownBy(() -> assertThat(llm).request(1).isStreamed())
        .hasMessageEndingWith("Expecting request #1 to ask for a streamed reply but it did not");
    assertThatThrownBy(() -> assertThat(llm).request(1).offersExactlyTools("calculate", "search"))
        .hasMessageEndingWith("Expecting request #1 to offer exactly the tools [calculate, search] but it offered [calculate]");
  }
}
