package dev.spanproof.mockllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicException;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Fault#malformedJson()} in every protocol, streamed or not: each real SDK must raise a parse error,
 * never see an empty stream.
 */
class MalformedJsonFaultTest {
  private MockLlm llm;

  @BeforeEach
  void start() {
    llm = MockLlm.start();
    llm.script().fail(Fault.malformedJson());
  }

  @AfterEach
  void stop() {
    llm.close();
  }

  private OpenAIClient openAi() {
    return OpenAIOkHttpClient.builder().baseUrl(llm.openAiBaseUrl()).apiKey("k").maxRetries(0).build();
  }

  private AnthropicClient anthropic() {
    return AnthropicOkHttpClient.builder().baseUrl(llm.anthropicBaseUrl()).apiKey("k").maxRetries(0).build();
  }

  private Client gemini() {
    return Client.builder().apiKey("k").httpOptions(HttpOptions.builder().baseUrl(llm.geminiBaseUrl()).build()).build();
  }

  private static ChatCompletionCreateParams chat() {
    return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hi").build();
  }

  private static MessageCreateParams message() {
    return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(10).addUserMessage("Hi").build();
  }

  private static ResponseCreateParams response() {
    return ResponseCreateParams.builder().model("gpt-4.1").input("Hi").build();
  }

  /** Every SDK surfaces Jackson's parse error of the cut-off JSON (wrapped in its own exception type or not). */
  private static void isJsonParseError(Throwable t) {
    assertThat(t).rootCause().isInstanceOf(JsonProcessingException.class).hasMessageStartingWith("Unexpected end-of-input");
  }

  @Test
  void openAiChatStreamRaises() {
    OpenAIClient client = openAi();
    List<ChatCompletionChunk> seen = new ArrayList<>();
    try {
      assertThatThrownBy(() -> {
        try (var s = client.chat().completions().createStreaming(chat())) {
          s.stream().forEach(seen::add);
        }
      }).isInstanceOf(OpenAIException.class).satisfies(MalformedJsonFaultTest::isJsonParseError);
    } finally {
      client.close();
    }
    assertThat(seen).isEmpty();
  }

  @Test
  void openAiChatRaises() {
    OpenAIClient client = openAi();
    try {
      assertThatThrownBy(() -> client.chat().completions().create(chat()))
          .isInstanceOf(OpenAIException.class).satisfies(MalformedJsonFaultTest::isJsonParseError);
    } finally {
      client.close();
    }
  }

  @Test
  void openAiResponsesStreamRaises() {
    OpenAIClient client = openAi();
    List<ResponseStreamEvent> seen = new ArrayList<>();
    try {
      assertThatThrownBy(() -> {
        try (var s = client.responses().createStreaming(response())) {
          s.stream().forEach(seen::add);
        }
      }).isInstanceOf(OpenAIException.class).satisfies(MalformedJsonFaultTest::isJsonParseError);
    } finally {
      client.close();
    }
    assertThat(seen).isEmpty();
  }

  @Test
  void openAiResponsesRaises() {
    OpenAIClient client = openAi();
    try {
      assertThatThrownBy(() -> client.responses().create(response()))
          .isInstanceOf(OpenAIException.class).satisfies(MalformedJsonFaultTest::isJsonParseError);
    } finally {
      client.close();
    }
  }

  @Test
  void anthropicStreamRaises() {
    AnthropicClient client = anthropic();
    List<RawMessageStreamEvent> seen = new ArrayList<>();
    try {
      assertThatThrownBy(() -> {
        try (var s = client.messages().createStreaming(message())) {
          s.stream().forEach(seen::add);
        }
      }).isInstanceOf(AnthropicException.class).satisfies(MalformedJsonFaultTest::isJsonParseError);
    } finally {
      client.close();
    }
    assertThat(seen).isEmpty();
  }

  @Test
  void anthropicRaises() {
    AnthropicClient client = anthropic();
    try {
      assertThatThrownBy(() -> client.messages().create(message()))
          .isInstanceOf(AnthropicException.class).satisfies(MalformedJsonFaultTest::isJsonParseError);
    } finally {
      client.close();
    }
  }

  @Test
  void geminiStreamRaises() {
    List<GenerateContentResponse> seen = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (ResponseStream<GenerateContentResponse> s = gemini().models.generateContentStream("gemini-2.0-flash", "Hi", null)) {
        for (GenerateContentResponse r : s) {
          seen.add(r);
        }
      }
    }).satisfies(MalformedJsonFaultTest::isJsonParseError);
    assertThat(seen).isEmpty();
  }

  @Test
  void geminiRaises() {
    assertThatThrownBy(() -> gemini().models.generateContent("gemini-2.0-flash", "Hi", null))
        .satisfies(MalformedJsonFaultTest::isJsonParseError);
  }

  @Test
  void ollamaStreamIsOneTruncatedNdjsonLine() {
    HttpResponse<String> r = Http.post(llm.ollamaBaseUrl() + "/api/chat",
        "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains("application/x-ndjson");
    assertThat(r.body()).endsWith("\n").startsWith("{\"model\":\"broken\"").contains("\"message\"");
    assertThatThrownBy(() -> new ObjectMapper().readTree(r.body().strip())).isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void ollamaNonStreamedIsATruncatedOllamaBody() {
    HttpResponse<String> r = Http.post(llm.ollamaBaseUrl() + "/api/chat",
        "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    assertThat(r.body()).startsWith("{\"model\":\"broken\"").doesNotContain("choices");
    assertThatThrownBy(() -> new ObjectMapper().readTree(r.body())).isInstanceOf(JsonProcessingException.class);
  }
}
