package dev.spanproof.mockllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real openai-java client against the mock's Responses API, plain and streamed. */
class OpenAiResponsesFidelityTest {
  private MockLlm llm;
  private OpenAIClient client;

  @BeforeEach
  void start() {
    llm = MockLlm.start();
    client = OpenAIOkHttpClient.builder().baseUrl(llm.openAiBaseUrl()).apiKey("test-key").maxRetries(0).build();
  }

  @AfterEach
  void stop() {
    client.close();
    llm.close();
  }

  static FunctionTool calculateTool() {
    return FunctionTool.builder().name("calculate").strict(false)
        .parameters(FunctionTool.Parameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("a", Map.of("type", "integer"), "b", Map.of("type", "integer"))))
            .build())
        .build();
  }

  static ResponseInputItem user(String text) {
    return ResponseInputItem.ofMessage(ResponseInputItem.Message.builder()
        .role(ResponseInputItem.Message.Role.USER).addInputTextContent(text).build());
  }

  @Test
  void functionCallRoundTrip() {
    llm.script()
        .replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").usage(36, 12)
        .thenReply("2+2 equals 4").usage(50, 5);

    ResponseCreateParams first = ResponseCreateParams.builder().model("gpt-4.1").instructions("Use tools.")
        .input("What is 2+2?").addTool(calculateTool()).build();
    Response r1 = client.responses().create(first);

    ResponseFunctionToolCall call = r1.output().get(0).asFunctionCall();
    assertThat(call.callId()).isEqualTo("call_1");
    assertThat(call.name()).isEqualTo("calculate");
    assertThat(call.arguments()).isEqualTo("{\"a\":2,\"b\":2}");
    assertThat(r1.usage().orElseThrow().totalTokens()).isEqualTo(48);
    assertThat(r1.id()).isEqualTo("resp_1");

    List<ResponseInputItem> input = new ArrayList<>();
    input.add(user("What is 2+2?"));
    input.add(ResponseInputItem.ofFunctionCall(call));
    input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder().callId(call.callId()).output("4").build()));
    Response r2 = client.responses().create(ResponseCreateParams.builder().model("gpt-4.1").inputOfResponse(input)
        .addTool(calculateTool()).build());

    assertThat(r2.output().get(0).asMessage().content().get(0).asOutputText().text()).isEqualTo("2+2 equals 4");
    LlmRequest second = llm.request(2);
    assertThat(second.protocol()).isEqualTo(Protocol.OPENAI_RESPONSES);
    assertThat(second.messages()).containsExactly(
        LlmMessage.of("user", "What is 2+2?"),
        new LlmMessage("assistant", null, List.of(new ToolCall("call_1", "calculate", "{\"a\":2,\"b\":2}")), null, null),
        new LlmMessage("tool", "4", List.of(), "call_1", "calculate"));
    assertThat(llm.request(1).system()).isEqualTo("Use tools.");
    assertThat(llm.request(1).tools()).containsExactly("calculate");
    llm.verify();
  }

  @Test
  void previousResponseIdContinuesTheConversation() {
    llm.script()
        .replyWithToolCall("calculate", "{\"a\":2,\"b\":2}")
        .thenReply("2+2 equals 4");
    Response r1 = client.responses().create(ResponseCreateParams.builder().model("gpt-4.1")
        .input("What is 2+2?").addTool(calculateTool()).build());
    String callId = r1.output().get(0).asFunctionCall().callId();

    Response r2 = client.responses().create(ResponseCreateParams.builder().model("gpt-4.1").previousResponseId(r1.id())
        .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(
            ResponseInputItem.FunctionCallOutput.builder().callId(callId).output("4").build())))
        .addTool(calculateTool()).build());

    assertThat(r2.output().get(0).asMessage().content().get(0).asOutputText().text()).isEqualTo("2+2 equals 4");
    assertThat(llm.request(2).messages()).containsExactly(
        LlmMessage.of("user", "What is 2+2?"),
        new LlmMessage("assistant", null, List.of(new ToolCall("call_1", "calculate", "{\"a\":2,\"b\":2}")), null, null),
        new LlmMessage("tool", "4", List.of(), "call_1", "calculate"));
    assertThat(llm.transcript()).endsWith("#2 tool calculate \"4\"  →  scripted reply \"2+2 equals 4\"\n");

    assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("gpt-4.1")
        .previousResponseId("resp_404").input("again").build()))
        .hasMessageContaining("spanproof mock LLM: previous_response_id resp_404 is not a response of this session");
  }

  @Test
  void streamedEventsCarrySequenceNumbersAndAccumulate() {
    llm.script()
        .replyWithTextAndToolCalls("Calculating.", ToolCall.of("calculate", "{\"a\":20,\"b\":22}")).usage(36, 12);

    ResponseAccumulator acc = ResponseAccumulator.create();
    List<Long> sequence = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
        .model("gpt-4.1").input("What is 20+22?").addTool(calculateTool()).build())) {
      stream.stream().forEach(e -> {
        acc.accumulate(e);
        sequence.add(sequenceNumber(e));
      });
    }
    Response response = acc.response();

    assertThat(sequence).isEqualTo(java.util.stream.LongStream.range(0, sequence.size()).boxed().toList());
    assertThat(response.output()).hasSize(2);
    assertThat(response.output().get(0).asMessage().content().get(0).asOutputText().text()).isEqualTo("Calculating.");
    assertThat(response.output().get(1).asFunctionCall().arguments()).isEqualTo("{\"a\":20,\"b\":22}");
    assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(36);
    assertThat(llm.request(1).stream()).isTrue();
  }

  private static long sequenceNumber(ResponseStreamEvent e) {
    // Every typed stream event carries sequence_number; read it through the typed visitor, so an unrecognised event fails.
    return e.accept(new ResponseStreamEvent.Visitor<Long>() {
      @Override
      public Long unknown(JsonValue json) {
        throw new AssertionError("the SDK did not recognise an event: " + json);
      }

      @Override
      public Long visitCreated(com.openai.models.responses.ResponseCreatedEvent ev) {
        return ev.sequenceNumber();
      }

      @Override
      public Long visitInProgress(com.openai.models.responses.ResponseInProgressEvent ev) {
        return ev.sequenceNumber();
      }

      @Override
      public Long visitOutputItemAdded(com.openai.models.responses.ResponseOutputItemAddedEvent ev) {
        return ev.sequenceNumber();
      }

      @Override
      public Long visitContentPartAdded(com.openai.models.responses.ResponseContentPartAddedEvent ev) {
        return ev.sequenceNumber();
      }

      @Override
      public Long visitOutputTextDelta(com.openai.models.responses.ResponseTextDeltaEvent ev) {
        return ev.sequenceNumber();
      }

      @Override
      public Long visitOutputTextDone(com.openai.models.responses.ResponseTextDoneEvent ev) {
        return ev.sequenceNumber();
      }

      @Override
      public Long visitContentPartDone(com.openai.models.responses.ResponseContentPartDoneEvent ev) {
        return ev.sequenceNumber();
      }

      @Override
      public Long visitOutputItemDone(com.openai.models.responses.ResponseOutputItemDoneEvent ev) {
        return ev.sequenceNumber();
      }

      @Override
      public Long visitFunctionCallArgumentsDelta(com.openai.models.responses.ResponseFunctionCallArgumentsDeltaEvent ev) {
        return ev.sequenceNumber();
      }

      @Override
      public Long visitFunctionCallArgumentsDone(com.openai.models.responses.ResponseFunctionCallArgumentsDoneEvent ev) {
        return ev.sequenceNumber();
      }

      @Override
      public Long visitCompleted(com.openai.models.responses.ResponseCompletedEvent ev) {
        return ev.sequenceNumber();
      }
    });
  }
}
