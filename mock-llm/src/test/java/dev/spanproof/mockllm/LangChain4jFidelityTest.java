package dev.spanproof.mockllm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's tool-calling AI services against the mock, over three protocols. The build compiles with
 * {@code -parameters}; without it LangChain4j names tool parameters arg0, arg1 and calls tools with nulls.
 */
class LangChain4jFidelityTest {
  private MockLlm llm;

  interface Assistant {
    String chat(String message);
  }

  interface StreamingAssistant {
    TokenStream chat(String message);
  }

  static final class Calculator {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Tool("Adds two numbers")
    int calculate(@P("first") int a, @P("second") int b) {
      calls.add(a + "+" + b);
      return a + b;
    }
  }

  @BeforeEach
  void start() {
    llm = MockLlm.start();
    llm.script()
        .replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").usage(10, 15)
        .thenReply("2+2 equals 4").usage(12, 8);
  }

  @AfterEach
  void stop() {
    llm.close();
  }

  private void runToolLoop(ChatModel model, Protocol protocol) {
    Calculator calculator = new Calculator();
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(calculator).build();

    assertThat(assistant.chat("What is 2+2?")).isEqualTo("2+2 equals 4");
    assertThat(calculator.calls).containsExactly("2+2");
    assertThat(llm.request(2).protocol()).isEqualTo(protocol);
    assertThat(llm.request(2).latestToolResults()).extracting(LlmMessage::toolName, LlmMessage::content)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("calculate", "4"));
    llm.verify();
  }

  @Test
  void openAi() {
    runToolLoop(OpenAiChatModel.builder().baseUrl(llm.openAiBaseUrl()).apiKey("k").modelName("gpt-4o-mini").build(),
        Protocol.OPENAI_CHAT);
  }

  @Test
  void openAiStreaming() throws Exception {
    Calculator calculator = new Calculator();
    StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
        .streamingChatModel(OpenAiStreamingChatModel.builder().baseUrl(llm.openAiBaseUrl()).apiKey("k").modelName("gpt-4o-mini").build())
        .tools(calculator).build();
    CompletableFuture<String> done = new CompletableFuture<>();
    assistant.chat("What is 2+2?").onPartialResponse(p -> { }).onCompleteResponse(r -> done.complete(r.aiMessage().text()))
        .onError(done::completeExceptionally).start();

    assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo("2+2 equals 4");
    assertThat(calculator.calls).containsExactly("2+2");
    assertThat(llm.request(1).stream()).isTrue();
    llm.verify();
  }

  @Test
  void anthropic() {
    runToolLoop(AnthropicChatModel.builder().baseUrl(llm.anthropicBaseUrl() + "/v1/").apiKey("k")
        .modelName("claude-sonnet-4-5").build(), Protocol.ANTHROPIC_MESSAGES);
  }

  @Test
  void ollama() {
    runToolLoop(dev.langchain4j.model.ollama.OllamaChatModel.builder().baseUrl(llm.ollamaBaseUrl())
        .modelName("llama3.2").build(), Protocol.OLLAMA_CHAT);
  }

  @Test
  void ollamaStreaming() throws Exception {
    Calculator calculator = new Calculator();
    StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
        .streamingChatModel(dev.langchain4j.model.ollama.OllamaStreamingChatModel.builder().baseUrl(llm.ollamaBaseUrl())
            .modelName("llama3.2").build())
        .tools(calculator).build();
    CompletableFuture<String> done = new CompletableFuture<>();
    assistant.chat("What is 2+2?").onPartialResponse(p -> { }).onCompleteResponse(r -> done.complete(r.aiMessage().text()))
        .onError(done::completeExceptionally).start();

    assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo("2+2 equals 4");
    assertThat(calculator.calls).containsExactly("2+2");
    assertThat(llm.request(1).stream()).isTrue();
    llm.verify();
  }

  @Test
  void gemini() {
    runToolLoop(GoogleAiGeminiChatModel.builder().baseUrl(llm.geminiBaseUrl() + "/v1beta").apiKey("k")
        .modelName("gemini-2.0-flash").build(), Protocol.GEMINI);
  }
}
