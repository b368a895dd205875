package dev.spanproof.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.spanproof.mockllm.MockLlm;
import java.time.Duration;
import java.util.List;

/**
 * LangChain4j's OpenAI models pointed at a test's mock LLM: no retries, so a refused request fails
 * the test at once, and a timeout, so a missing reply cannot hang it.
 */
final class MockModels {

  private MockModels() {}

  /** A blocking {@code gpt-4o} model with the given listeners (none: the model is not traced). */
  static ChatModel chat(MockLlm llm, ChatModelListener... listeners) {
    return OpenAiChatModel.builder()
        .baseUrl(llm.openAiBaseUrl())
        .apiKey("not-a-key")
        .modelName("gpt-4o")
        .maxRetries(0)
        .timeout(Duration.ofSeconds(10))
        .listeners(List.of(listeners))
        .build();
  }

  /** A streaming {@code gpt-4o-mini} model with the given listeners (none: the model is not traced). */
  static StreamingChatModel streaming(MockLlm llm, ChatModelListener... listeners) {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(llm.openAiBaseUrl())
        .apiKey("not-a-key")
        .modelName("gpt-4o-mini")
        .timeout(Duration.ofSeconds(10))
        .listeners(List.of(listeners))
        .build();
  }
}
