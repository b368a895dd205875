package dev.spanproof.mockllm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ToolUseBlock;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record/replay proven with the real openai-java and anthropic-java clients: the mock records through to a
 * second local WireMock that plays the provider (real response bodies, the provider's headers, a key check),
 * then replays with that provider gone. Canary secrets (the key from the environment, the key the client sent,
 * cookies, organization and project ids, a {@code key} query parameter) must appear in no written file.
 */
class CassetteRecordReplayTest {
  /** Set by surefire (mock-llm/pom.xml): the "real" key the recorder takes from the environment. */
  static final String KEY_VARIABLE = "SPANPROOF_TEST_PROVIDER_KEY";

  @TempDir
  Path dir;

  private final String environmentKey = System.getenv(KEY_VARIABLE);
  private final String clientKey = "sk-client-canary-" + UUID.randomUUID();
  private final String cookieCanary = "cookie-canary-" + UUID.randomUUID();
  private final String organizationCanary = "org-canary-" + UUID.randomUUID();
  private final String projectCanary = "proj_canary" + UUID.randomUUID().toString().replace("-", "");
  private final String queryKeyCanary = "AIzaCanary" + UUID.randomUUID().toString().replace("-", "");

  private WireMockServer provider;
  private String providerUrl;
  private MockLlmServer server;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void start() {
    assertThat(environmentKey).as(KEY_VARIABLE + " is set by mock-llm/pom.xml's surefire configuration; run the "
        + "test through Maven or set it").isNotBlank();
    provider = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    provider.start();
    providerUrl = provider.baseUrl();
    server = MockLlmServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    server.close();
    if (provider.isRunning()) {
      provider.stop();
    }
  }

  private static String resource(String name) {
    try (InputStream in = CassetteRecordReplayTest.class.getResourceAsStream("/provider/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How the real API answers: its body, its content type, and the headers that must never be recorded. */
  private ResponseDefinitionBuilder providerAnswer(String body, String contentType) {
    return aResponse().withStatus(200).withHeader("Content-Type", contentType)
        .withHeader("openai-organization", organizationCanary)
        .withHeader("openai-project", projectCanary)
        .withHeader("openai-processing-ms", "412")
        .withHeader("x-request-id", "req_8f2c1d")
        .withHeader("Set-Cookie", "__cf_bm=" + cookieCanary + "; path=/; HttpOnly; Secure")
        .withBody(body);
  }

  private void openAiProvider() {
    provider.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(10)
        .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(
            "{\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":\"invalid_request_error\","
                + "\"param\":null,\"code\":\"invalid_api_key\"}}")));
    provider.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(5)
        .withHeader("Authorization", equalTo("Bearer " + environmentKey))
        .willReturn(providerAnswer(resource("openai-tool-call.json"), "application/json")));
    provider.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1)
        .withHeader("Authorization", equalTo("Bearer " + environmentKey))
        .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
        .willReturn(providerAnswer(resource("openai-final.json"), "application/json")));
    provider.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1)
        .withHeader("Authorization", equalTo("Bearer " + environmentKey))
        .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
        .willReturn(providerAnswer(resource("openai-stream.sse"), "text/event-stream; charset=utf-8")));
  }

  private OpenAIClient openAi(MockLlm llm) {
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(llm.openAiBaseUrl()).apiKey(clientKey)
        .maxRetries(0).build();
    toClose.add(client::close);
    return client;
  }

  private static ChatCompletionCreateParams question() {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addSystemMessage("You add numbers.")
        .addUserMessage("What is 2+2?").addTool(OpenAiChatFidelityTest.calculateTool()).build();
  }

  /** The calculator exchange: a tool call, then the answer to the tool's result. */
  private static List<ChatCompletion> calculatorRun(OpenAIClient client) {
    ChatCompletion first = client.chat().completions().create(question());
    String callId = first.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction().id();
    ChatCompletion second = client.chat().completions().create(question().toBuilder()
        .addMessage(first.choices().get(0).message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(callId).content("4").build())
        .build());
    return List.of(first, second);
  }

  private Cassette cassette(String name, CassetteMode mode) {
    return Cassette.at(dir.resolve(name)).mode(mode).upstream(providerUrl).apiKeyFromEnvironment(KEY_VARIABLE);
  }

  private MockLlm session(String label) {
    MockLlm llm = server.newSession(label);
    toClose.add(llm);
    return llm;
  }

  @Test
  void recordsThroughTheProviderThenReplaysTheSameResponsesWithoutIt() {
    openAiProvider();
    MockLlm recording = session("record").useCassette(cassette("calculator.json", CassetteMode.RECORD));
    List<ChatCompletion> recorded = calculatorRun(openAi(recording));
    recording.verify();
    recording.close();

    // The provider saw the environment's key in place of the client's dummy one.
    provider.verify(2, postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
        .withHeader("Authorization", equalTo("Bearer " + environmentKey)));
    provider.stop();

    MockLlm replaying = session("replay").useCassette(cassette("calculator.json", CassetteMode.REPLAY));
    List<ChatCompletion> replayed = calculatorRun(openAi(replaying));
    replaying.verify();

    assertThat(replayed).isEqualTo(recorded);
    ChatCompletion answer = replayed.get(1);
    assertThat(answer.choices().get(0).message().content()).contains("2 + 2 equals 4.");
    assertThat(answer.usage().orElseThrow().promptTokens()).isEqualTo(92);
    assertThat(answer.usage().orElseThrow().completionTokens()).isEqualTo(9);
    assertThat(answer.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).contains(64L);
    assertThat(replayed.get(0).id()).isEqualTo("chatcmpl-CanaryToolCall01");
    // Replayed requests are journaled like scripted ones.
    assertThat(replaying.requests()).hasSize(2);
    assertThat(replaying.request(2).toolResults()).extracting(LlmMessage::content).containsExactly("4");
    assertThat(replaying.transcript()).contains("#1 ").contains("replayed recording #1 of calculator.json (200)")
        .contains("replayed recording #2 of calculator.json (200)");
  }

  @Test
  void aStreamIsRecordedEventByEventAndReplayedAsAStream() throws IOException {
    openAiProvider();
    ChatCompletionCreateParams params = question().toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    MockLlm recording = session("record stream").useCassette(cassette("stream.json", CassetteMode.RECORD));
    ChatCompletion recorded = accumulate(openAi(recording), params);
    recording.close();
    provider.stop();

    String file = Files.readString(dir.resolve("stream.json"));
    assertThat(file).contains("\"events\" : [").contains("data: [DONE]\\n\\n");

    MockLlm replaying = session("replay stream").useCassette(cassette("stream.json", CassetteMode.REPLAY));
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream =
        openAi(replaying).chat().completions().createStreaming(params)) {
      stream.stream().peek(chunks::add).forEach(acc::accumulate);
    }
    replaying.verify();

    assertThat(chunks).hasSize(6);
    assertThat(acc.chatCompletion()).isEqualTo(recorded);
    assertThat(recorded.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction().function().arguments())
        .isEqualTo("{\"a\":2,\"b\":2}");
    assertThat(recorded.usage().orElseThrow().totalTokens()).isEqualTo(79);
  }

  private static ChatCompletion accumulate(OpenAIClient client, ChatCompletionCreateParams params) {
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(acc::accumulate);
    }
    return acc.chatCompletion();
  }

  @Test
  void anthropicStreamWithToolUseReplaysThroughTheAnthropicClient() {
    provider.stubFor(post(urlPathEqualTo("/v1/messages"))
        .withHeader("x-api-key", equalTo(environmentKey))
        .willReturn(providerAnswer(resource("anthropic-stream.sse"), "text/event-stream; charset=utf-8")
            .withHeader("anthropic-organization-id", organizationCanary)));
    MessageCreateParams params = AnthropicFidelityTest.params().build();

    MockLlm recording = session("record anthropic").useCassette(cassette("claude.json", CassetteMode.RECORD));
    Message recorded = anthropicStream(recording, params);
    recording.verify();
    recording.close();
    provider.stop();

    MockLlm replaying = session("replay anthropic").useCassette(cassette("claude.json", CassetteMode.REPLAY));
    Message replayed = anthropicStream(replaying, params);
    replaying.verify();

    assertThat(replayed).isEqualTo(recorded);
    ToolUseBlock toolUse = replayed.content().get(1).asToolUse();
    assertThat(toolUse.name()).isEqualTo("calculate");
    assertThat(toolUse._input().convert(Map.class)).isEqualTo(Map.of("a", 20, "b", 22));
    assertThat(replayed.stopReason()).contains(StopReason.TOOL_USE);
    assertThat(replayed.usage().inputTokens()).isEqualTo(412);
    assertThat(replayed.usage().outputTokens()).isEqualTo(71);
    assertThat(replaying.request(1).protocol()).isEqualTo(Protocol.ANTHROPIC_MESSAGES);
  }

  private Message anthropicStream(MockLlm llm, MessageCreateParams params) {
    AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(llm.anthropicBaseUrl()).apiKey(clientKey)
        .maxRetries(0).build();
    toClose.add(client::close);
    MessageAccumulator acc = MessageAccumulator.create();
    try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(params)) {
      stream.stream().forEach(acc::accumulate);
    }
    return acc.message();
  }

  @Test
  void geminiThroughTheGoogleGenAiClientWithTheKeyFromTheEnvironment() {
    provider.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-2.0-flash:generateContent"))
        .withHeader("x-goog-api-key", equalTo(environmentKey))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=UTF-8")
            .withBody("{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"calculate\","
                + "\"args\":{\"a\":2,\"b\":2}}}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"avgLogprobs\":"
                + "-0.0021543986350297928}],\"usageMetadata\":{\"promptTokenCount\":31,\"candidatesTokenCount\":5,"
                + "\"totalTokenCount\":36},\"modelVersion\":\"gemini-2.0-flash\",\"responseId\":\"x2QjaYfQ\"}")));

    MockLlm recording = session("record gemini").useCassette(cassette("gemini.json", CassetteMode.RECORD));
    com.google.genai.types.GenerateContentResponse recorded = gemini(recording).models.generateContent(
        "gemini-2.0-flash", "What is 2+2?", GeminiFidelityTest.config());
    recording.verify();
    recording.close();
    provider.stop();

    MockLlm replaying = session("replay gemini").useCassette(cassette("gemini.json", CassetteMode.REPLAY));
    com.google.genai.types.GenerateContentResponse replayed = gemini(replaying).models.generateContent(
        "gemini-2.0-flash", "What is 2+2?", GeminiFidelityTest.config());
    replaying.verify();

    assertThat(replayed.functionCalls()).isEqualTo(recorded.functionCalls());
    assertThat(replayed.functionCalls().get(0).args()).contains(Map.of("a", 2, "b", 2));
    assertThat(replayed.usageMetadata().orElseThrow().promptTokenCount()).contains(31);
    assertThat(replaying.request(1).protocol()).isEqualTo(Protocol.GEMINI);
    assertThat(replaying.request(1).tools()).containsExactly("calculate");
  }

  private com.google.genai.Client gemini(MockLlm llm) {
    return com.google.genai.Client.builder().apiKey(clientKey)
        .httpOptions(com.google.genai.types.HttpOptions.builder().baseUrl(llm.geminiBaseUrl()).build()).build();
  }

  @Test
  void anOllamaNdjsonStreamIsRecordedLineByLine() throws IOException {
    String lines = "{\"model\":\"llama3.2\",\"created_at\":\"2026-11-23T10:00:00.1Z\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"2+2\"},\"done\":false}\n"
        + "{\"model\":\"llama3.2\",\"created_at\":\"2026-11-23T10:00:00.2Z\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\" is 4.\"},\"done\":false}\n"
        + "{\"model\":\"llama3.2\",\"created_at\":\"2026-11-23T10:00:00.3Z\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":26,\"eval_count\":6}\n";
    provider.stubFor(post(urlPathEqualTo("/api/chat"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-ndjson").withBody(lines)));
    String request = "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"}],"
        + "\"stream\":true}";

    MockLlm recording = session("record ollama").useCassette(cassette("ollama.json", CassetteMode.RECORD));
    HttpResponse<String> recorded = Http.post(recording.ollamaBaseUrl() + "/api/chat", request);
    recording.close();
    provider.stop();
    MockLlm replaying = session("replay ollama").useCassette(cassette("ollama.json", CassetteMode.REPLAY));
    HttpResponse<String> replayed = Http.post(replaying.ollamaBaseUrl() + "/api/chat", request);
    replaying.verify();

    assertThat(recorded.body()).isEqualTo(lines);
    assertThat(replayed.body()).isEqualTo(lines);
    assertThat(replayed.headers().firstValue("content-type")).contains("application/x-ndjson");
    assertThat(Files.readString(dir.resolve("ollama.json"))).contains("\"events\" : [ \"{\\\"model\\\"");
    assertThat(replaying.request(1).stream()).isTrue();
  }

  @Test
  void noWrittenFileHoldsAnyTraceOfASecret() throws IOException {
    openAiProvider();
    // A provider (or a proxy in front of it) that echoes what it was sent: the scrubber must catch that too.
    provider.stubFor(post(urlPathEqualTo("/v1/embeddings"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withHeader("x-echo-authorization", "Bearer " + environmentKey)
            .withBody("{\"object\":\"list\",\"data\":[],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":1,"
                + "\"total_tokens\":1},\"echo\":\"" + environmentKey + " " + clientKey + "\"}")));
    provider.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-2.0-flash:generateContent"))
        .withQueryParam("key", equalTo(queryKeyCanary))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=UTF-8")
            .withBody("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":2,\"candidatesTokenCount\":1,"
                + "\"totalTokenCount\":3},\"modelVersion\":\"gemini-2.0-flash\"}")));

    MockLlm llm = session("secrets").useCassette(cassette("secrets.json", CassetteMode.RECORD));
    calculatorRun(openAi(llm));
    HttpResponse<String> embeddings = Http.send(HttpRequest.newBuilder(URI.create(llm.openAiBaseUrl() + "/embeddings"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + clientKey)
        .header("Cookie", "session=" + cookieCanary)
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}")).build());
    assertThat(embeddings.statusCode()).isEqualTo(200);
    // No key in the environment for Gemini here: the client's own ?key= is forwarded, and never written.
    MockLlm gemini = session("gemini secrets").useCassette(Cassette.at(dir.resolve("gemini.json"))
        .mode(CassetteMode.RECORD).upstream(providerUrl).apiKeyFromEnvironment("SPANPROOF_TEST_UNSET_VARIABLE"));
    HttpResponse<String> generated = Http.post(gemini.geminiBaseUrl()
        + "/v1beta/models/gemini-2.0-flash:generateContent?key=" + queryKeyCanary,
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"}]}]}");
    assertThat(generated.statusCode()).isEqualTo(200);
    llm.verify();
    gemini.verify();
    llm.close();
    gemini.close();

    List<Path> written;
    try (Stream<Path> files = Files.walk(dir)) {
      written = files.filter(Files::isRegularFile).toList();
    }
    assertThat(written).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("secrets.json", "gemini.json");
    for (Path file : written) {
      String text = Files.readString(file);
      for (String secret : List.of(environmentKey, clientKey, cookieCanary, organizationCanary, projectCanary,
          queryKeyCanary)) {
        assertThat(text).as("%s must hold no trace of %s", file.getFileName(), secret).doesNotContain(secret);
      }
      assertThat(text).doesNotContainIgnoringCase("\"authorization\"").doesNotContainIgnoringCase("\"cookie\"");
    }
    String secrets = Files.readString(dir.resolve("secrets.json"));
    assertThat(secrets).contains("\"openai-organization\" : \"<redacted>\"", "\"openai-project\" : \"<redacted>\"",
        "\"set-cookie\" : \"<redacted>\"", "\"x-echo-authorization\" : \"<redacted>\"",
        "\"echo\" : \"<redacted> <redacted>\"", "\"x-request-id\" : \"req_8f2c1d\"");
    assertThat(Files.readString(dir.resolve("gemini.json")))
        .contains("\"path\" : \"/v1beta/models/gemini-2.0-flash:generateContent\"");
    provider.verify(postRequestedFor(urlPathEqualTo("/v1beta/models/gemini-2.0-flash:generateContent"))
        .withQueryParam("key", equalTo(queryKeyCanary)));
  }

  @Test
  void aRequestWithNoRecordingFailsWithTheNearestRecordingAndWhereItDiffers() {
    openAiProvider();
    MockLlm recording = session("record").useCassette(cassette("calculator.json", CassetteMode.RECORD));
    calculatorRun(openAi(recording));
    recording.close();

    MockLlm replaying = session("changed prompt").useCassette(cassette("calculator.json", CassetteMode.REPLAY));
    OpenAIClient client = openAi(replaying);
    ChatCompletionCreateParams changed = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
        .addSystemMessage("You add numbers carefully.").addUserMessage("What is 2+2?")
        .addTool(OpenAiChatFidelityTest.calculateTool()).build();

    assertThatThrownBy(() -> client.chat().completions().create(changed))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("request #1 (POST /v1/chat/completions) has no recording in the cassette calculator.json");
    assertThat(replaying.problems()).hasSize(2);
    assertThat(replaying.problems().get(0)).isEqualTo("Unmatched request #1 in session \"changed prompt\" "
        + "(POST /v1/chat/completions): the cassette " + dir.resolve("calculator.json") + " has no unused recording of it.\n"
        + "  nearest recording: #1 POST /v1/chat/completions, whose body differs at:\n"
        + "    $.messages[0].content: recorded \"You add numbers.\", sent \"You add numbers carefully.\"\n"
        + "  fix: re-record the cassette (SPANPROOF_CASSETTES=record with the provider's API key in the environment) "
        + "if the agent changed on purpose, or leave volatile fields out of matching with Cassette.ignoringFields(\"…\")");
    assertThat(replaying.problems().get(1)).isEqualTo("Unused recordings in session \"changed prompt\": 2 of 2 "
        + "recorded requests in the cassette " + dir.resolve("calculator.json") + " were never replayed "
        + "(#1 POST /v1/chat/completions, #2 POST /v1/chat/completions): no request matched them (see the unmatched "
        + "request above). Re-record the cassette if that is intended, or use Cassette.allowingUnusedRecordings().");
    assertThatThrownBy(replaying::verify).isInstanceOf(AssertionError.class)
        .hasMessageContaining("has 2 problems").hasMessageContaining("unmatched: no recording in calculator.json");
  }

  @Test
  void moreCallsThanRecordedFailAndSaySo() {
    openAiProvider();
    MockLlm recording = session("record").useCassette(cassette("one.json", CassetteMode.RECORD));
    openAi(recording).chat().completions().create(question());
    recording.close();

    MockLlm replaying = session("replay twice").useCassette(cassette("one.json", CassetteMode.REPLAY));
    OpenAIClient client = openAi(replaying);
    client.chat().completions().create(question());
    assertThatThrownBy(() -> client.chat().completions().create(question())).isInstanceOf(BadRequestException.class);

    assertThat(replaying.problems()).singleElement().asString()
        .contains("Unmatched request #2")
        .contains("all 1 recordings were replayed already: the agent made more LLM calls than when it was recorded");
  }

  @Test
  void fewerCallsThanRecordedFailAndSaySo() {
    openAiProvider();
    MockLlm recording = session("record").useCassette(cassette("two.json", CassetteMode.RECORD));
    calculatorRun(openAi(recording));
    recording.close();

    MockLlm replaying = session("replay once").useCassette(cassette("two.json", CassetteMode.REPLAY));
    openAi(replaying).chat().completions().create(question());

    assertThat(replaying.problems()).singleElement().asString().isEqualTo("Unused recordings in session \"replay once\": "
        + "1 of 2 recorded requests in the cassette " + dir.resolve("two.json") + " were never replayed (#2 POST "
        + "/v1/chat/completions): the agent made fewer LLM calls than when it was recorded. Re-record the cassette if "
        + "that is intended, or use Cassette.allowingUnusedRecordings().");
    MockLlm tolerant = session("tolerant").useCassette(cassette("two.json", CassetteMode.REPLAY).allowingUnusedRecordings());
    openAi(tolerant).chat().completions().create(question());
    assertThat(tolerant.problems()).isEmpty();
  }

  @Test
  void ignoredFieldsAreLeftOutOfMatching() {
    openAiProvider();
    MockLlm recording = session("record").useCassette(cassette("volatile.json", CassetteMode.RECORD));
    openAi(recording).chat().completions().create(question().toBuilder().user("run-1").build());
    recording.close();

    MockLlm strict = session("strict").useCassette(cassette("volatile.json", CassetteMode.REPLAY));
    assertThatThrownBy(() -> openAi(strict).chat().completions().create(question().toBuilder().user("run-2").build()))
        .isInstanceOf(BadRequestException.class);
    assertThat(strict.problems().get(0)).contains("$.user: recorded \"run-1\", sent \"run-2\"");

    MockLlm lenient = session("ignoring user").useCassette(cassette("volatile.json", CassetteMode.REPLAY)
        .ignoringFields("user"));
    ChatCompletion replayed = openAi(lenient).chat().completions().create(question().toBuilder().user("run-2").build());
    assertThat(replayed.id()).isEqualTo("chatcmpl-CanaryToolCall01");
    lenient.verify();

    MockLlm byPointer = session("ignoring /user").useCassette(cassette("volatile.json", CassetteMode.REPLAY)
        .ignoringFields("/user"));
    openAi(byPointer).chat().completions().create(question().toBuilder().user("run-3").build());
    byPointer.verify();
  }

  @Test
  void unmatchedRequestsPassThroughWhenAskedAndAreNotWritten() throws IOException {
    openAiProvider();
    MockLlm recording = session("record").useCassette(cassette("partial.json", CassetteMode.RECORD));
    openAi(recording).chat().completions().create(question());
    recording.close();
    String before = Files.readString(dir.resolve("partial.json"));

    MockLlm replaying = session("pass through").useCassette(cassette("partial.json", CassetteMode.REPLAY)
        .passingThroughUnmatched());
    List<ChatCompletion> run = calculatorRun(openAi(replaying));
    replaying.verify();

    assertThat(run.get(1).choices().get(0).message().content()).contains("2 + 2 equals 4.");
    assertThat(replaying.transcript()).contains("replayed recording #1 of partial.json (200)")
        .contains("no recording; passed through to " + providerUrl + " (200)");
    provider.verify(2, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    assertThat(Files.readString(dir.resolve("partial.json"))).isEqualTo(before);
  }

  @Test
  void rejectedCredentialsAreReportedAndNotRecorded() throws IOException {
    openAiProvider();
    MockLlm llm = session("bad key").useCassette(Cassette.at(dir.resolve("denied.json")).mode(CassetteMode.RECORD)
        .upstream(providerUrl).apiKeyFromEnvironment("SPANPROOF_TEST_UNSET_VARIABLE"));

    assertThatThrownBy(() -> openAi(llm).chat().completions().create(question()))
        .isInstanceOf(com.openai.errors.UnauthorizedException.class);
    llm.close();

    assertThat(llm.problems()).singleElement().asString().isEqualTo("Request #1 in session \"bad key\": the provider at "
        + providerUrl + " answered 401 (credentials rejected), so it was not recorded. Put a valid key in the "
        + "environment variable SPANPROOF_TEST_UNSET_VARIABLE.");
    assertThat(Files.readString(dir.resolve("denied.json"))).contains("\"interactions\" : [ ]")
        .doesNotContain(clientKey);
  }

  @Test
  void anUnreachableUpstreamIsAProblemNamingIt() {
    provider.stop();
    MockLlm llm = session("no provider").useCassette(cassette("down.json", CassetteMode.RECORD)
        .upstreamTimeout(Duration.ofSeconds(5)));

    assertThatThrownBy(() -> openAi(llm).chat().completions().create(question()))
        .isInstanceOf(com.openai.errors.InternalServerException.class);

    assertThat(llm.problems()).singleElement().asString()
        .startsWith("Request #1 in session \"no provider\" could not be recorded: could not reach the upstream "
            + providerUrl + " (java.net.ConnectException")
        .endsWith("check Cassette.upstream(…) and the network");
  }

  @Test
  void replayingWithoutACassetteFileSaysHowToRecordIt() {
    MockLlm llm = session("missing");
    Path missing = dir.resolve("missing.json");

    assertThatThrownBy(() -> llm.useCassette(Cassette.at(missing).mode(CassetteMode.REPLAY)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No cassette to replay at " + missing.toAbsolutePath() + ". Record it once: run this test with "
            + "SPANPROOF_CASSETTES=record (or -Dspanproof.cassettes=record) and the provider's API key in the "
            + "environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY…), review the file and commit it.");
  }

  @Test
  void anInvalidCassetteFileIsNamedWithWhatIsWrong() throws IOException {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"spanproof_cassette\":1,\"interactions\":[{\"request\":{\"method\":\"POST\"},"
        + "\"response\":{\"status\":200}}]}");

    assertThatThrownBy(() -> session("broken").useCassette(Cassette.at(file).mode(CassetteMode.REPLAY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The cassette " + file + " cannot be replayed: interaction #1 request has no \"path\" string. "
            + "Re-record it with SPANPROOF_CASSETTES=record, or fix the file.");
    Files.writeString(file, "[1, 2");
    assertThatThrownBy(() -> session("not json").useCassette(Cassette.at(file).mode(CassetteMode.REPLAY)))
        .hasMessageStartingWith("The cassette " + file + " cannot be replayed: it is not valid JSON");
  }

  @Test
  void aSessionEitherFollowsAScriptOrReplaysACassette() {
    openAiProvider();
    MockLlm scripted = session("scripted");
    scripted.script().reply("Hi");
    assertThatThrownBy(() -> scripted.useCassette(cassette("x.json", CassetteMode.RECORD)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Session \"scripted\" has 1 scripted step; a session either follows a script or replays a "
            + "cassette, not both. Use a second MockLlm session for the scripted part.");

    MockLlm recording = session("recording").useCassette(cassette("x.json", CassetteMode.RECORD));
    assertThatThrownBy(() -> recording.script().reply("Hi")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("replays or records the cassette " + dir.resolve("x.json"));
  }

  @Test
  void theModeComesFromThePropertyThenTheEnvironment() {
    Map<String, String> none = Map.of();
    assertThat(CassetteMode.fromSettings(none::get, none::get)).isEqualTo(CassetteMode.REPLAY);
    assertThat(CassetteMode.fromSettings(none::get, Map.of("SPANPROOF_CASSETTES", "record")::get))
        .isEqualTo(CassetteMode.RECORD);
    assertThat(CassetteMode.fromSettings(Map.of("spanproof.cassettes", "Replay")::get,
        Map.of("SPANPROOF_CASSETTES", "record")::get)).isEqualTo(CassetteMode.REPLAY);
    assertThatThrownBy(() -> CassetteMode.fromSettings(none::get, Map.of("SPANPROOF_CASSETTES", "rewind")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid cassette mode SPANPROOF_CASSETTES=\"rewind\"; expected replay (answer from the cassette "
            + "files, the default) or record (call the real provider and rewrite the files).");
    assertThatThrownBy(() -> Cassette.at(dir.resolve("a.json")).upstream("api.openai.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the cassette's upstream must be an absolute http(s) URL such as a provider's base URL, but was "
            + "\"api.openai.example\"");
  }
}
