package dev.spanproof.mockllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real openai-java client against the mock: Chat Completions, plain and streamed. */
class OpenAiChatFidelityTest {
  private static MockLlmServer server;
  private MockLlm llm;
  private OpenAIClient client;

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
    llm = server.newSession("openai chat test");
    client = OpenAIOkHttpClient.builder().baseUrl(llm.openAiBaseUrl()).apiKey("test-key").maxRetries(0).build();
  }

  @AfterEach
  void endSession() {
    client.close();
    llm.close();
  }

  static ChatCompletionFunctionTool calculateTool() {
    return ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder()
            .name("calculate")
            .description("Adds two numbers")
            .parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of(
                    "a", Map.of("type", "integer"), "b", Map.of("type", "integer"))))
                .build())
            .build())
        .build();
  }

  @Test
  void textReply() {
    llm.script().reply("Hello there").usage(7, 3);

    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini").addSystemMessage("Be brief.").addUserMessage("Hi").build());

    assertThat(completion.choices()).hasSize(1);
    assertThat(completion.choices().get(0).message().content()).contains("Hello there");
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(completion.model()).isEqualTo("gpt-4o-mini");
    assertThat(completion.id()).isEqualTo("chatcmpl-1");
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(7);
    assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(3);
    assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(10);

    LlmRequest request = llm.request(1);
    assertThat(request.protocol()).isEqualTo(Protocol.OPENAI_CHAT);
    assertThat(request.model()).isEqualTo("gpt-4o-mini");
    assertThat(request.system()).isEqualTo("Be brief.");
    assertThat(request.messages()).containsExactly(LlmMessage.of("user", "Hi"));
    assertThat(request.stream()).isFalse();
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.retryCount()).isZero();
    assertThat(request.headers()).doesNotContainKey("authorization");
    assertThat(llm.problems()).isEmpty();
    llm.verify();
  }

  @Test
  void toolCallRoundTrip() {
    llm.script()
        .replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").usage(10, 15)
        .thenReply("2+2 equals 4").usage(12, 8);

    ChatCompletionCreateParams first = ChatCompletionCreateParams.builder()
        .model("gpt-4").addUserMessage("What is 2+2?").addTool(calculateTool()).build();
    ChatCompletion c1 = client.chat().completions().create(first);

    assertThat(c1.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    ChatCompletionMessageFunctionToolCall call = c1.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.id()).isEqualTo("call_1");
    assertThat(call.function().name()).isEqualTo("calculate");
    assertThat(call.function().arguments()).isEqualTo("{\"a\":2,\"b\":2}");

    ChatCompletion c2 = client.chat().completions().create(first.toBuilder()
        .addMessage(c1.choices().get(0).message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("4").build())
        .build());
    assertThat(c2.choices().get(0).message().content()).contains("2+2 equals 4");
    assertThat(c2.usage().orElseThrow().totalTokens()).isEqualTo(20);

    LlmRequest second = llm.request(2);
    assertThat(second.tools()).containsExactly("calculate");
    assertThat(second.messages()).containsExactly(
        LlmMessage.of("user", "What is 2+2?"),
        new LlmMessage("assistant", null, List.of(new ToolCall("call_1", "calculate", "{\"a\":2,\"b\":2}")), null, null),
        new LlmMessage("tool", "4", List.of(), "call_1", "calculate"));
    assertThat(llm.transcript()).isEqualTo("""
        #1 user "What is 2+2?"  →  scripted tool call calculate {"a":2,"b":2}
        #2 tool calculate "4"  →  scripted reply "2+2 equals 4"
        """);
    llm.verify();
  }

  @Test
  void streamedToolCallDeltasAccumulateInTheSdk() {
    llm.script()
        .replyWithToolCalls(ToolCall.of("calculate", "{\"a\":2,\"b\":2}"), ToolCall.of("calculate", "{\"a\":40,\"b\":2}"))
        .usage(10, 15)
        .thenReply("2+2 equals 4, and 40+2 equals 42").usage(12, 8);
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model("gpt-4o").addUserMessage("What is 2+2 and 40+2?").addTool(calculateTool())
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    int chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      chunks = (int) stream.stream().peek(acc::accumulate).count();
    }
    ChatCompletion c1 = acc.chatCompletion();

    assertThat(chunks).isGreaterThan(4);
    List<ChatCompletionMessageFunctionToolCall> calls = c1.choices().get(0).message().toolCalls().orElseThrow()
        .stream().map(t -> t.asFunction()).toList();
    assertThat(calls).extracting(ChatCompletionMessageFunctionToolCall::id).containsExactly("call_1", "call_2");
    assertThat(calls).extracting(c -> c.function().name()).containsExactly("calculate", "calculate");
    assertThat(calls).extracting(c -> c.function().arguments()).containsExactly("{\"a\":2,\"b\":2}", "{\"a\":40,\"b\":2}");
    assertThat(c1.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertThat(c1.usage().orElseThrow().totalTokens()).isEqualTo(25);
    assertThat(llm.request(1).stream()).isTrue();

    ChatCompletionAccumulator acc2 = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params.toBuilder()
        .addMessage(c1.choices().get(0).message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_1").content("4").build())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_2").content("42").build())
        .build())) {
      stream.stream().forEach(acc2::accumulate);
    }
    assertThat(acc2.chatCompletion().choices().get(0).message().content()).contains("2+2 equals 4, and 40+2 equals 42");
    assertThat(acc2.chatCompletion().usage().orElseThrow().promptTokens()).isEqualTo(12);
    assertThat(llm.request(2).latestToolResults()).extracting(LlmMessage::content).containsExactly("4", "42");
    llm.verify();
  }

  @Test
  void streamWithoutIncludeUsageHasNoUsageChunk() {
    llm.script().reply("one two three");
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("count").build())) {
      stream.stream().forEach(acc::accumulate);
    }
    assertThat(acc.chatCompletion().choices().get(0).message().content()).contains("one two three");
    assertThat(acc.chatCompletion().usage()).isEmpty();
  }

  @Test
  void unmatchedRequestFailsInTheSdkAndIsReported() {
    llm.script().reply("only one answer");
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model("gpt-4").addUserMessage("What is 2+2?").addTool(calculateTool()).build();
    client.chat().completions().create(params);

    assertThatThrownBy(() -> client.chat().completions().create(params))
        .isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.code()).contains("spanproof_unmatched_request");
          assertThat(e.type()).contains("invalid_request_error");
        })
        .hasMessage("400: spanproof mock LLM: no scripted reply for request #2 (user \"What is 2+2?\"): "
            + "all 1 scripted step is used. MockLlm.problems() shows the request and the nearest step.");

    assertThat(llm.problems()).containsExactly("""
        Unmatched request #2 in session "openai chat test" (POST /v1/chat/completions, openai-chat): all 1 scripted step is used
          model: gpt-4
          tools offered: calculate
          last messages:
            user "What is 2+2?"
          nearest step: #1 reply "only one answer" (used 1 of 1)
          fix: script another step (….thenReply("…")), or let a step repeat with .times(n) or .always()""");
    assertThatThrownBy(llm::verify)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Mock LLM session \"openai chat test\" has 1 problem:\n\nUnmatched request #2")
        .hasMessageEndingWith("""
            LLM exchange:
              #1 user "What is 2+2?"  →  scripted reply "only one answer"
              #2 user "What is 2+2?"  →  unmatched: all 1 scripted step is used""");
  }

  @Test
  void twoSessionsOnOneServerAreIsolated() {
    try (MockLlm other = server.newSession("other test")) {
      OpenAIClient otherClient = OpenAIOkHttpClient.builder().baseUrl(other.openAiBaseUrl()).apiKey("k").maxRetries(0).build();
      llm.script().reply("from the first session");
      other.script().reply("from the second session");

      String second = otherClient.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4").addUserMessage("to second").build()).choices().get(0).message().content().orElseThrow();
      String first = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4").addUserMessage("to first").build()).choices().get(0).message().content().orElseThrow();

      assertThat(first).isEqualTo("from the first session");
      assertThat(second).isEqualTo("from the second session");
      assertThat(llm.requests()).extracting(r -> r.lastUserMessage().orElseThrow()).containsExactly("to first");
      assertThat(other.requests()).extracting(r -> r.lastUserMessage().orElseThrow()).containsExactly("to second");
      assertThat(other.baseUrl()).isNotEqualTo(llm.baseUrl()).startsWith(server.baseUrl() + "/s/");
      otherClient.close();
    }
  }

  @Test
  void embeddingsAreDeterministicUnitVectors() {
    var params = com.openai.models.embeddings.EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").input("the same text").dimensions(64).build();
    List<Float> first = client.embeddings().create(params).data().get(0).embedding();
    List<Float> again = client.embeddings().create(params).data().get(0).embedding();
    List<Float> other = client.embeddings().create(params.toBuilder().input("other text").build()).data().get(0).embedding();

    assertThat(first).hasSize(64).isEqualTo(again).isNotEqualTo(other);
    double norm = first.stream().mapToDouble(f -> f * f).sum();
    assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(llm.requests()).as("embeddings are not LLM calls").isEmpty();
  }

  @Test
  void closedSessionAnswersNotFoundInOpenAiShape() {
    MockLlm gone = server.newSession("gone");
    String url = gone.openAiBaseUrl();
    gone.close();
    OpenAIClient c = OpenAIOkHttpClient.builder().baseUrl(url).apiKey("k").maxRetries(0).build();
    try {
      assertThatThrownBy(() -> c.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4").addUserMessage("hello?").build()))
          .isInstanceOf(com.openai.errors.NotFoundException.class)
          .hasMessage("404: spanproof mock LLM: no session \"" + url.replaceAll(".*/s/(\\d+)/v1", "$1")
              + "\" on this server (it was closed, or the base URL is wrong); use MockLlm.baseUrl() of a live session");
    } finally {
      c.close();
    }
  }
}
