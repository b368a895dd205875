package dev.spanproof.mockllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Google's Gen AI Java client against the mock's Gemini endpoints. */
class GeminiFidelityTest {
  private MockLlm llm;
  private Client client;

  @BeforeEach
  void start() {
    llm = MockLlm.start();
    client = Client.builder().apiKey("test-key").httpOptions(HttpOptions.builder().baseUrl(llm.geminiBaseUrl()).build()).build();
  }

  @AfterEach
  void stop() {
    llm.close();
  }

  static GenerateContentConfig config() {
    return GenerateContentConfig.builder()
        .systemInstruction(Content.fromParts(Part.fromText("You add numbers.")))
        .tools(List.of(Tool.builder().functionDeclarations(List.of(FunctionDeclaration.builder().name("calculate")
            .description("Adds two numbers")
            .parametersJsonSchema(Map.of("type", "object", "properties", Map.of("a", Map.of("type", "integer"), "b", Map.of("type", "integer"))))
            .build())).build()))
        .build();
  }

  @Test
  void functionCallRoundTrip() {
    llm.script()
        .replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").usage(12, 15)
        .thenReply("2+2 equals 4").usage(30, 5);

    GenerateContentResponse first = client.models.generateContent("gemini-2.0-flash", "What is 2+2?", config());

    FunctionCall call = first.functionCalls().get(0);
    assertThat(call.name()).contains("calculate");
    assertThat(call.args()).contains(Map.of("a", 2, "b", 2));
    assertThat(first.usageMetadata().orElseThrow().totalTokenCount()).contains(27);

    List<Content> history = new ArrayList<>();
    history.add(Content.builder().role("user").parts(List.of(Part.fromText("What is 2+2?"))).build());
    history.add(first.candidates().orElseThrow().get(0).content().orElseThrow());
    history.add(Content.builder().role("user").parts(List.of(Part.fromFunctionResponse("calculate", Map.of("result", "4")))).build());
    GenerateContentResponse second = client.models.generateContent("gemini-2.0-flash", history, config());

    assertThat(second.text()).isEqualTo("2+2 equals 4");
    LlmRequest request = llm.request(2);
    assertThat(request.protocol()).isEqualTo(Protocol.GEMINI);
    assertThat(request.model()).isEqualTo("gemini-2.0-flash");
    assertThat(request.system()).isEqualTo("You add numbers.");
    assertThat(request.tools()).containsExactly("calculate");
    assertThat(request.path()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
    assertThat(request.headers()).doesNotContainKey("x-goog-api-key");
    assertThat(request.messages()).containsExactly(
        LlmMessage.of("user", "What is 2+2?"),
        new LlmMessage("assistant", null, List.of(new ToolCall(null, "calculate", "{\"a\":2,\"b\":2}")), null, null),
        new LlmMessage("tool", "4", List.of(), null, "calculate"));
    llm.verify();
  }

  @Test
  void streamedTextArrivesInChunksWithUsageLast() {
    llm.script().reply("Paris is the capital of France.").usage(8, 7);
    StringBuilder text = new StringBuilder();
    List<GenerateContentResponse> chunks = new ArrayList<>();
    try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream("gemini-2.0-flash", "Capital of France?", null)) {
      for (GenerateContentResponse r : stream) {
        chunks.add(r);
        text.append(r.text());
      }
    }
    assertThat(text.toString()).isEqualTo("Paris is the capital of France.");
    assertThat(chunks).hasSize(6);
    assertThat(chunks.get(chunks.size() - 1).usageMetadata().orElseThrow().candidatesTokenCount()).contains(7);
    assertThat(llm.request(1).stream()).isTrue();
    assertThat(llm.request(1).path()).isEqualTo("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
  }

  @Test
  void pacedStreamStillParses() {
    llm.script().reply("Paris is the capital.").streamEventsEvery(java.time.Duration.ofMillis(1));
    StringBuilder text = new StringBuilder();
    try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream("gemini-2.0-flash", "Capital?", null)) {
      for (GenerateContentResponse r : stream) {
        text.append(r.text());
      }
    }
    assertThat(text.toString()).isEqualTo("Paris is the capital.");
  }

  @Test
  void midStreamErrorReachesTheClient() {
    llm.script().reply("Paris is the capital of France.").failStreamAfter(2, "stream broke");
    List<String> texts = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream("gemini-2.0-flash", "Capital?", null)) {
        for (GenerateContentResponse r : stream) {
          texts.add(r.text());
        }
      }
    }).hasMessageContaining("stream broke");
    assertThat(texts).containsExactly("Paris ", "is ");
  }

  @Test
  void theClientRetriesAScriptedRateLimit() {
    llm.script().failWithRateLimit(java.time.Duration.ofMillis(10)).thenReply("after the retry");
    assertThat(client.models.generateContent("gemini-2.0-flash", "hi", null).text()).isEqualTo("after the retry");
    assertThat(llm.requests()).hasSize(2);
    assertThat(llm.transcript()).startsWith("#1 user \"hi\"  →  scripted failure 429 rate limited (Retry-After 10 ms)\n");
  }

  @Test
  void unmatchedRequestFailsInTheClientWithOurMessage() {
    assertThatThrownBy(() -> client.models.generateContent("gemini-2.0-flash", "hi", null))
        .hasMessage("400 Bad Request. spanproof mock LLM: no scripted reply for request #1 (user \"hi\"): no step is scripted. "
            + "MockLlm.problems() shows the request and the nearest step.");
  }
}
