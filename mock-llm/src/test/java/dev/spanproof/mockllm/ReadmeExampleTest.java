package dev.spanproof.mockllm;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The README's opening example, kept compiling and passing. */
class ReadmeExampleTest {

  /** A minimal hand-rolled agent over openai-java: calls the model, runs the tool, calls again. */
  static final class CalculatorAgent {
    private final String baseUrl;

    CalculatorAgent(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    String run(String question) {
      OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("test-key").maxRetries(0).build();
      try {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model("gpt-4")
            .addUserMessage(question).addTool(OpenAiChatFidelityTest.calculateTool());
        while (true) {
          ChatCompletion c = client.chat().completions().create(params.build());
          var message = c.choices().get(0).message();
          if (message.toolCalls().isEmpty() || message.toolCalls().get().isEmpty()) {
            return message.content().orElse("");
          }
          params.addMessage(message);
          for (var call : message.toolCalls().get()) {
            ChatCompletionMessageFunctionToolCall fn = call.asFunction();
            params.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(fn.id())
                .content(calculate(fn.function().arguments())).build());
          }
        }
      } finally {
        client.close();
      }
    }

    private static String calculate(String arguments) {
      try {
        JsonNode args = new ObjectMapper().readTree(arguments);
        return Integer.toString(args.get("a").asInt() + args.get("b").asInt());
      } catch (Exception e) {
        throw new IllegalArgumentException(e);
      }
    }
  }

  @Test
  void addsWithTheCalculatorTool() {
    try (MockLlm llm = MockLlm.start()) {
      llm.script()
         .replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").usage(10, 15)
         .thenReply("2+2 equals 4").usage(12, 8);

      String answer = new CalculatorAgent(llm.openAiBaseUrl()).run("What is 2+2?");

      assertThat(answer).isEqualTo("2+2 equals 4");
      MockLlmAssertions.assertThat(llm).hasNoProblems().receivedRequests(2)
          .request(2).hasToolResult("calculate", "4");
    }
  }
}
