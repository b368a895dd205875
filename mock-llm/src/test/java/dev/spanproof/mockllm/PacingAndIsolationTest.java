package dev.spanproof.mockllm;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Paced streams stay valid for real SDKs; parallel sessions on one server never cross-talk. */
class PacingAndIsolationTest {

  @Test
  void pacedSseEventsArePaddedToEqualSizeWithCommentLines() {
    try (MockLlm llm = MockLlm.start()) {
      llm.script().replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").streamEventsEvery(Duration.ofMillis(1));
      String body = Http.post(llm.openAiBaseUrl() + "/chat/completions",
          "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").body();
      List<String> events = Arrays.stream(body.split("(?<=\n\n)")).toList();
      assertThat(events).hasSizeGreaterThan(4)
          .allSatisfy(e -> assertThat(e).startsWith(":").endsWith("\n\n"))
          .extracting(e -> e.getBytes(StandardCharsets.UTF_8).length).containsOnly(events.get(0).getBytes(StandardCharsets.UTF_8).length);
      assertThat(events.get(events.size() - 1)).endsWith("\ndata: [DONE]\n\n");
    }
  }

  @Test
  void pacedStreamsStillParseInOpenAiAndAnthropicSdks() {
    try (MockLlm llm = MockLlm.start()) {
      llm.script().replyWithTextAndToolCalls("Checking.", ToolCall.of("get_weather", "{\"city\":\"Paris\"}"))
          .streamEventsEvery(Duration.ofMillis(2)).always();

      OpenAIClient openAi = OpenAIOkHttpClient.builder().baseUrl(llm.openAiBaseUrl()).apiKey("k").maxRetries(0).build();
      ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
      try (var s = openAi.chat().completions().createStreaming(ChatCompletionCreateParams.builder().model("gpt-4o")
          .addUserMessage("Weather?").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
        s.stream().forEach((ChatCompletionChunk c) -> acc.accumulate(c));
      } finally {
        openAi.close();
      }
      assertThat(acc.chatCompletion().choices().get(0).message().content()).contains("Checking.");
      assertThat(acc.chatCompletion().choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction().function().arguments())
          .isEqualTo("{\"city\":\"Paris\"}");

      AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(llm.anthropicBaseUrl()).apiKey("k").maxRetries(0).build();
      MessageAccumulator macc = MessageAccumulator.create();
      try (StreamResponse<RawMessageStreamEvent> s = anthropic.messages().createStreaming(MessageCreateParams.builder()
          .model("claude-sonnet-4-5").maxTokens(100).addUserMessage("Weather?").build())) {
        s.stream().forEach(macc::accumulate);
      } finally {
        anthropic.close();
      }
      assertThat(macc.message().content().get(0).asText().text()).isEqualTo("Checking.");
      assertThat(macc.message().content().get(1).asToolUse().name()).isEqualTo("get_weather");
    }
  }

  @Test
  void parallelSessionsOnOneServerNeverShareScriptsOrJournals() throws Exception {
    int sessions = 8;
    int requestsEach = 25;
    try (MockLlmServer server = MockLlmServer.start()) {
      ExecutorService pool = Executors.newFixedThreadPool(sessions);
      try {
        List<Future<MockLlm>> futures = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
          int id = s;
          futures.add(pool.submit(() -> {
            MockLlm llm = server.newSession("session " + id);
            llm.script().reply("answer from " + id).times(requestsEach);
            for (int i = 0; i < requestsEach; i++) {
              String body = Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4", "q" + id + "-" + i)).body();
              assertThat(body).contains("\"content\":\"answer from " + id + "\"");
            }
            return llm;
          }));
        }
        for (int s = 0; s < sessions; s++) {
          MockLlm llm = futures.get(s).get(60, TimeUnit.SECONDS);
          int id = s;
          assertThat(llm.requests()).hasSize(requestsEach)
              .allSatisfy(r -> assertThat(r.lastUserMessage().orElseThrow()).startsWith("q" + id + "-"));
          assertThat(llm.problems()).isEmpty();
          llm.close();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
