package dev.spanproof.mockllm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bytes on the wire: Ollama NDJSON details, every protocol's error shape, bad bodies, model lists, redaction. */
class GeminiAndOllamaWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private MockLlm llm;

  @BeforeEach
  void start() {
    llm = MockLlm.start();
  }

  @AfterEach
  void stop() {
    llm.close();
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }

  @Test
  void ollamaStreamsNdjsonByDefaultWithToolCallsAndCounts() {
    llm.script().replyWithToolCall("get_weather", "{\"city\":\"Paris\"}").usage(20, 10).thenReply("It is sunny in Paris").usage(30, 5);
    HttpResponse<String> r1 = Http.post(llm.ollamaBaseUrl() + "/api/chat",
        "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]}");
    assertThat(r1.headers().firstValue("content-type")).contains("application/x-ndjson");
    List<JsonNode> lines = r1.body().lines().map(GeminiAndOllamaWireTest::json).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).at("/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(lines.get(0).at("/message/tool_calls/0/function/arguments/city").asText()).isEqualTo("Paris");
    assertThat(lines.get(1).get("done").asBoolean()).isTrue();
    assertThat(lines.get(1).get("prompt_eval_count").asInt()).isEqualTo(20);
    assertThat(lines.get(1).get("eval_count").asInt()).isEqualTo(10);

    HttpResponse<String> r2 = Http.post(llm.ollamaBaseUrl() + "/api/chat",
        "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
            + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},"
            + "{\"role\":\"tool\",\"content\":\"sunny\"}]}");
    JsonNode body = json(r2.body());
    assertThat(body.at("/message/content").asText()).isEqualTo("It is sunny in Paris");
    assertThat(body.get("done_reason").asText()).isEqualTo("stop");
    assertThat(llm.request(2).latestToolResults()).containsExactly(new LlmMessage("tool", "sunny", List.of(), null, "get_weather"));
    assertThat(llm.request(1).stream()).isTrue();
    assertThat(llm.request(2).stream()).isFalse();
    llm.verify();
  }

  @Test
  void ollamaStreamPacingPadsLinesWithTrailingSpaces() {
    llm.script().reply("a b").streamEventsEvery(Duration.ofMillis(1));
    String body = Http.post(llm.ollamaBaseUrl() + "/api/chat",
        "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").body();
    List<String> lines = body.lines().toList();
    assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l.length()).isEqualTo(lines.get(2).length()));
    assertThat(lines).extracting(l -> json(l).at("/message/content").asText()).containsExactly("a ", "b", "");
  }

  @Test
  void errorShapesPerProtocol() {
    llm.script().failWithStatus(500, "boom").times(4);
    String user = "[{\"role\":\"user\",\"content\":\"x\"}]";
    HttpResponse<String> openAi = Http.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":\"m\",\"messages\":" + user + "}");
    HttpResponse<String> anthropic = Http.post(llm.baseUrl() + "/v1/messages", "{\"model\":\"m\",\"max_tokens\":5,\"messages\":" + user + "}");
    HttpResponse<String> gemini = Http.post(llm.baseUrl() + "/v1beta/models/gemini-2.0-flash:generateContent",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"x\"}]}]}");
    HttpResponse<String> ollama = Http.post(llm.baseUrl() + "/api/chat", "{\"model\":\"m\",\"messages\":" + user + "}");
    assertThat(List.of(openAi.statusCode(), anthropic.statusCode(), gemini.statusCode(), ollama.statusCode()))
        .containsOnly(500);
    assertThat(openAi.body()).isEqualTo("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
    assertThat(anthropic.body()).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}");
    assertThat(gemini.body()).isEqualTo("{\"error\":{\"code\":500,\"message\":\"boom\",\"status\":\"INTERNAL\"}}");
    assertThat(ollama.body()).isEqualTo("{\"error\":\"boom\"}");
  }

  @Test
  void badBodiesGetProviderShaped400sAndAreReported() {
    HttpResponse<String> notJson = Http.post(llm.openAiBaseUrl() + "/chat/completions", "not json");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(json(notJson.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(json(notJson.body()).at("/error/message").asText()).startsWith("spanproof mock LLM: the request body is not valid JSON: ");

    HttpResponse<String> noMaxTokens = Http.post(llm.baseUrl() + "/v1/messages", "{\"model\":\"m\",\"messages\":[]}");
    assertThat(noMaxTokens.body()).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
        + "\"message\":\"spanproof mock LLM: 'max_tokens' is required and must be an integer\"}}");

    HttpResponse<String> wrongType = Http.post(llm.openAiBaseUrl() + "/chat/completions", "{\"model\":7,\"messages\":[]}");
    assertThat(json(wrongType.body()).at("/error/message").asText()).isEqualTo("spanproof mock LLM: 'model' must be a string, got number");

    HttpResponse<String> unknown = Http.post(llm.baseUrl() + "/v1/audio/speech", "{}");
    assertThat(unknown.statusCode()).isEqualTo(404);

    assertThat(llm.problems()).hasSize(4);
    assertThat(llm.problems().get(1)).isEqualTo(
        "Rejected request in session \"mock LLM\": POST /v1/messages: 'max_tokens' is required and must be an integer");
    assertThat(llm.requests()).isEmpty();
  }

  @Test
  void bodiesWithTextAfterTheJsonAreRejectedLikeMalformedOnes() {
    String chat = Http.chat("gpt-4", "hi");
    for (String body : List.of(chat + " junk", chat + " {\"model\":\"other\"}")) {
      HttpResponse<String> r = Http.post(llm.openAiBaseUrl() + "/chat/completions", body);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(json(r.body()).at("/error/message").asText())
          .isEqualTo("spanproof mock LLM: the request body is not valid JSON: text follows the JSON value; send one JSON object");
    }
    HttpResponse<String> gemini = Http.post(llm.baseUrl() + "/v1beta/models/gemini-2.0-flash:generateContent",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}]");
    assertThat(gemini.statusCode()).isEqualTo(400);
    assertThat(llm.problems()).containsExactly(
        "Rejected request in session \"mock LLM\": POST /v1/chat/completions: the request body is not valid JSON: "
            + "text follows the JSON value; send one JSON object",
        "Rejected request in session \"mock LLM\": POST /v1/chat/completions: the request body is not valid JSON: "
            + "text follows the JSON value; send one JSON object",
        "Rejected request in session \"mock LLM\": POST /v1beta/models/gemini-2.0-flash:generateContent: the request "
            + "body is not valid JSON: text follows the JSON value; send one JSON object");
    assertThat(llm.requests()).isEmpty();
  }

  @Test
  void modelListings() {
    assertThat(Http.get(llm.baseUrl() + "/health").body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(json(Http.get(llm.openAiBaseUrl() + "/models").body()).get("object").asText()).isEqualTo("list");
    assertThat(json(Http.get(llm.baseUrl() + "/api/tags").body()).at("/models/0/name").asText()).isEqualTo("gpt-4o");
    assertThat(json(Http.get(llm.baseUrl() + "/v1beta/models").body()).at("/models/0/name").asText()).isEqualTo("models/gpt-4o");
  }

  @Test
  void geminiApiKeyInTheQueryIsNeverRecorded() {
    llm.script().reply("ok");
    Http.post(llm.baseUrl() + "/v1beta/models/gemini-2.0-flash:generateContent?key=SECRET",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"x\"}]}]}");
    assertThat(llm.request(1).path()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
    assertThat(llm.transcript()).doesNotContain("SECRET");
  }
}
