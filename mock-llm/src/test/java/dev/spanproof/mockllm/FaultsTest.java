package dev.spanproof.mockllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scripted faults in the provider's shape, observed through openai-java's error handling and retries. */
class FaultsTest {
  private static MockLlmServer server;
  private MockLlm llm;

  @BeforeAll
  static void startServer() {
    server = MockLlmServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void newSession() {
    llm = server.newSession("faults");
  }

  @AfterEach
  void endSession() {
    llm.close();
  }

  private OpenAIClient client(int maxRetries) {
    return OpenAIOkHttpClient.builder().baseUrl(llm.openAiBaseUrl()).apiKey("k").maxRetries(maxRetries).build();
  }

  private static ChatCompletionCreateParams params() {
    return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hi").build();
  }

  @Test
  void rateLimitThenSuccessYieldsTwoRequestsInTheJournal() {
    llm.script().failWithRateLimit(Duration.ofMillis(20)).thenReply("after the retry");
    OpenAIClient client = client(2);
    try {
      assertThat(client.chat().completions().create(params()).choices().get(0).message().content()).contains("after the retry");
    } finally {
      client.close();
    }
    assertThat(llm.requests()).extracting(LlmRequest::retryCount).containsExactly(0, 1);
    llm.verify();
  }

  @Test
  void rateLimitCarriesRetryAfterAndRateLimitHeaders() {
    llm.script().failWithRateLimit(Duration.ofMillis(1500));
    OpenAIClient client = client(0);
    try {
      assertThatThrownBy(() -> client.chat().completions().create(params()))
          .isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.code()).contains("rate_limit_exceeded");
            assertThat(e.headers().values("retry-after")).containsExactly("2");
            assertThat(e.headers().values("retry-after-ms")).containsExactly("1500");
            assertThat(e.headers().values("x-ratelimit-remaining-requests")).containsExactly("0");
          });
    } finally {
      client.close();
    }
  }

  @Test
  void serverErrorInOpenAiShape() {
    llm.script().failWithStatus(503, "The engine is currently overloaded");
    OpenAIClient client = client(0);
    try {
      assertThatThrownBy(() -> client.chat().completions().create(params()))
          .isInstanceOfSatisfying(InternalServerException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.type()).contains("server_error");
          })
          .hasMessageContaining("The engine is currently overloaded");
    } finally {
      client.close();
    }
  }

  @Test
  void connectionResetIsRetriedByTheSdk() {
    llm.script().fail(Fault.connectionReset()).thenReply("recovered");
    OpenAIClient client = client(1);
    try {
      assertThat(client.chat().completions().create(params()).choices().get(0).message().content()).contains("recovered");
    } finally {
      client.close();
    }
    assertThat(llm.requests()).hasSize(2);
  }

  @Test
  void malformedJsonMakesTheSdkFail() {
    llm.script().fail(Fault.malformedJson());
    OpenAIClient client = client(0);
    try {
      assertThatThrownBy(() -> client.chat().completions().create(params()).choices())
          .isInstanceOf(OpenAIException.class);
    } finally {
      client.close();
    }
  }

  @Test
  void latencyDelaysTheResponse() {
    llm.script().reply("slow").delay(Duration.ofMillis(300));
    long start = System.nanoTime();
    HttpResponse<String> r = Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4", "hi"));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
  }

  @Test
  void randomLatencyStaysWithinItsBounds() {
    llm.script().reply("sometimes slow").randomDelay(Duration.ofMillis(100), Duration.ofMillis(150)).times(3);
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      assertThat(Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4", "hi")).statusCode()).isEqualTo(200);
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(100);
    }
    assertThatThrownBy(() -> llm.script().reply("x").randomDelay(Duration.ofMillis(5), Duration.ofMillis(1)))
        .hasMessage("a random delay needs 0 <= min <= max, got PT0.005S and PT0.001S");
  }

  @Test
  void midStreamErrorMakesTheSdkRaise() {
    llm.script().reply("one two three four").failStreamAfter(2, "stream broke");
    OpenAIClient client = client(0);
    List<String> seen = new ArrayList<>();
    try {
      assertThatThrownBy(() -> {
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params())) {
          s.stream().forEach(c -> seen.add(c.choices().get(0).delta().content().orElse("")));
        }
      }).isInstanceOf(SseException.class).hasMessageContaining("stream broke");
    } finally {
      client.close();
    }
    assertThat(seen).containsExactly("", "one ");
  }

  @Test
  void cutStreamEndsWithoutTheTerminalEvents() {
    llm.script().reply("one two three four").cutStreamAfter(3);
    OpenAIClient client = client(0);
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params())) {
      s.stream().forEach(acc::accumulate);
    } finally {
      client.close();
    }
    // The SDK sees "one two " and no finish_reason: the truncation an agent must cope with.
    assertThatThrownBy(acc::chatCompletion).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void pacedStreamDeliversEachEventWholeAndApart() {
    llm.script().reply("one two three").streamEventsEvery(Duration.ofMillis(120));
    String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}";
    List<Long> arrivals = new ArrayList<>();
    List<String> data = new ArrayList<>();
    long start = System.nanoTime();
    HttpResponse<Stream<String>> r = Http.postForLines(llm.openAiBaseUrl() + "/chat/completions", body);
    try (Stream<String> lines = r.body()) {
      lines.forEach(line -> {
        if (line.startsWith("data: ")) {
          arrivals.add((System.nanoTime() - start) / 1_000_000);
          data.add(line.substring(6));
        }
      });
    }
    // first chunk, 3 words, the finish chunk, [DONE]
    assertThat(data).hasSize(6);
    assertThat(data.get(5)).isEqualTo("[DONE]");
    assertThat(data.get(2)).contains("\"content\":\"two \"");
    // The server sleeps 120 ms before each of the 6 chunks. A loaded machine can only delay reads (and bunch
    // two chunks into one read), so check lower bounds: the total, and the typical gap.
    assertThat(arrivals.get(5)).as("arrivals %s", arrivals).isGreaterThanOrEqualTo(700);
    assertThat(arrivals.get(5) - arrivals.get(0)).as("arrivals %s", arrivals).isGreaterThanOrEqualTo(450);
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < arrivals.size(); i++) {
      gaps.add(arrivals.get(i) - arrivals.get(i - 1));
    }
    gaps.sort(null);
    assertThat(gaps.get(gaps.size() / 2)).as("median gap of %s", arrivals).isGreaterThanOrEqualTo(90);
  }
}
