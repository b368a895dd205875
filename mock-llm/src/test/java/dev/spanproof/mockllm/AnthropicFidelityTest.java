package dev.spanproof.mockllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official anthropic-java client against the mock: Messages, plain and streamed, and errors. */
class AnthropicFidelityTest {
  private static MockLlmServer server;
  private MockLlm llm;
  private AnthropicClient client;

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
    llm = server.newSession("anthropic test");
    client = AnthropicOkHttpClient.builder().baseUrl(llm.anthropicBaseUrl()).apiKey("test-key").maxRetries(0).build();
  }

  @AfterEach
  void endSession() {
    client.close();
    llm.close();
  }

  static Tool weatherTool() {
    return Tool.builder().name("get_weather").description("Weather in a city")
        .inputSchema(Tool.InputSchema.builder()
            .properties(JsonValue.from(Map.of("city", Map.of("type", "string"), "unit", Map.of("type", "string"))))
            .required(List.of("city")).build())
        .build();
  }

  static MessageCreateParams.Builder params() {
    return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(1024)
        .system("You are a weather bot.").addUserMessage("Weather in Paris?").addTool(weatherTool());
  }

  static MessageParam toolResult(String toolUseId, String content) {
    return MessageParam.ofUserOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
        ToolResultBlockParam.builder().toolUseId(toolUseId).content(content).build())));
  }

  @Test
  void toolUseRoundTrip() {
    llm.script()
        .replyWithToolCall("get_weather", "{\"city\":\"Paris\"}").usage(377, 65)
        .thenReply("It is 15C in Paris.").usage(420, 9);

    Message first = client.messages().create(params().build());

    assertThat(first.stopReason()).contains(StopReason.TOOL_USE);
    ToolUseBlock toolUse = first.content().get(0).asToolUse();
    assertThat(toolUse.id()).isEqualTo("toolu_1");
    assertThat(toolUse.name()).isEqualTo("get_weather");
    assertThat(toolUse._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));
    assertThat(first.usage().inputTokens()).isEqualTo(377);
    assertThat(first.usage().outputTokens()).isEqualTo(65);
    assertThat(first.id()).isEqualTo("msg_1");

    Message second = client.messages().create(params().addMessage(first).addMessage(toolResult("toolu_1", "15C")).build());

    assertThat(second.stopReason()).contains(StopReason.END_TURN);
    assertThat(second.content()).extracting(b -> b.asText().text()).containsExactly("It is 15C in Paris.");
    LlmRequest request = llm.request(2);
    assertThat(request.protocol()).isEqualTo(Protocol.ANTHROPIC_MESSAGES);
    assertThat(request.system()).isEqualTo("You are a weather bot.");
    assertThat(request.tools()).containsExactly("get_weather");
    assertThat(request.header("anthropic-version")).isPresent(); // the SDK sends its own API version
    assertThat(request.headers()).doesNotContainKey("x-api-key");
    assertThat(request.messages()).containsExactly(
        LlmMessage.of("user", "Weather in Paris?"),
        new LlmMessage("assistant", null, List.of(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}")), null, null),
        new LlmMessage("tool", "15C", List.of(), "toolu_1", "get_weather"));
    llm.verify();
  }

  @Test
  void streamedToolUseWithInputJsonDeltasAccumulates() {
    llm.script()
        .replyWithTextAndToolCalls("Let me check.", ToolCall.of("get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"))
        .usage(377, 65)
        .thenReply("It is 15C in Paris, a mild day.").usage(420, 9);

    MessageAccumulator acc = MessageAccumulator.create();
    List<String> types;
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params().build())) {
      types = stream.stream().peek(acc::accumulate).map(e -> e.isMessageStart() ? "message_start"
          : e.isContentBlockStart() ? "content_block_start" : e.isContentBlockDelta() ? "content_block_delta"
          : e.isContentBlockStop() ? "content_block_stop" : e.isMessageDelta() ? "message_delta" : "message_stop").toList();
    }
    Message message = acc.message();

    assertThat(types.get(0)).isEqualTo("message_start");
    assertThat(types.get(types.size() - 1)).isEqualTo("message_stop");
    assertThat(message.content()).hasSize(2);
    assertThat(message.content().get(0).asText().text()).isEqualTo("Let me check.");
    ToolUseBlock toolUse = message.content().get(1).asToolUse();
    assertThat(toolUse.name()).isEqualTo("get_weather");
    assertThat(toolUse._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris", "unit", "celsius"));
    assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
    assertThat(message.usage().inputTokens()).isEqualTo(377);
    assertThat(message.usage().outputTokens()).isEqualTo(65);

    MessageAccumulator acc2 = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
        params().addMessage(message).addMessage(toolResult(toolUse.id(), "15C")).build())) {
      stream.stream().forEach(acc2::accumulate);
    }
    assertThat(acc2.message().content()).extracting(ContentBlock::asText).extracting(t -> t.text())
        .containsExactly("It is 15C in Paris, a mild day.");
    assertThat(llm.request(2).latestToolResults()).containsExactly(new LlmMessage("tool", "15C", List.of(), "toolu_1", "get_weather"));
    assertThat(llm.request(2).messages().get(1).content()).isEqualTo("Let me check.");
    llm.verify();
  }

  @Test
  void overloadedIs529OverloadedErrorAndTheSdkRetriesIt() {
    llm.script().failOverloaded().thenReply("finally");
    AnthropicClient retrying = AnthropicOkHttpClient.builder().baseUrl(llm.anthropicBaseUrl()).apiKey("k").maxRetries(2).build();
    try {
      Message m = retrying.messages().create(params().build());
      assertThat(m.content().get(0).asText().text()).isEqualTo("finally");
    } finally {
      retrying.close();
    }
    assertThat(llm.requests()).extracting(LlmRequest::retryCount).containsExactly(0, 1);
    assertThat(llm.transcript()).isEqualTo("""
        #1 user "Weather in Paris?"  →  scripted failure overloaded
        #2 user "Weather in Paris?"  →  scripted reply "finally"
        """);
  }

  @Test
  void overloadedWithoutRetriesSurfacesTheProviderError() {
    llm.script().failOverloaded();
    assertThatThrownBy(() -> client.messages().create(params().build()))
        .isInstanceOfSatisfying(AnthropicServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(529))
        .hasMessageContaining("overloaded_error");
  }

  @Test
  void midStreamErrorEventMakesTheSdkRaise() {
    llm.script().reply("This answer breaks off midway").failStreamAfter(3, "Internal server error");
    assertThatThrownBy(() -> {
      try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params().build())) {
        stream.stream().forEach(e -> { });
      }
    }).hasMessageContaining("Internal server error");
  }

  @Test
  void countTokensUsesTheMocksTokenizer() {
    long tokens = client.messages().countTokens(com.anthropic.models.messages.MessageCountTokensParams.builder()
        .model("claude-sonnet-4-5").addUserMessage("Weather in Paris?").build()).inputTokens();
    // cl100k_base: "Weather in Paris?" is 4 tokens, + 3 for the message + 3 priming.
    assertThat(tokens).isEqualTo(10);
    assertThat(llm.requests()).isEmpty();
  }

  @Test
  void unmatchedRequestAnswersInAnthropicErrorShape() {
    assertThatThrownBy(() -> client.messages().create(params().build()))
        .isInstanceOfSatisfying(AnthropicServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(400))
        .hasMessageContaining("invalid_request_error")
        .hasMessageContaining("spanproof mock LLM: no scripted reply for request #1 (user \\\"Weather in Paris?\\\"): no step is scripted");
    assertThat(llm.problems()).singleElement().asString().startsWith(
        "Unmatched request #1 in session \"anthropic test\" (POST /v1/messages, anthropic-messages): no step is scripted");
  }
}
