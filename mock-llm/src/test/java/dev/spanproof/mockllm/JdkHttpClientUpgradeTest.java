package dev.spanproof.mockllm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The JDK's HttpClient (used by Spring's RestClient and LangChain4j) asks plain-http servers to
 * upgrade to HTTP/2 (h2c). With a chunked body — a body publisher of unknown length — Jetty's h2c
 * upgrade lost the body; the mock must read it like any other request.
 */
class JdkHttpClientUpgradeTest {

  private final MockLlm llm = MockLlm.start();

  @AfterEach
  void stop() {
    llm.close();
  }

  @Test
  void aChunkedPostWithAnH2cUpgradeOfferIsReadInFull() throws Exception {
    llm.script().reply("Paris");
    String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}";
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
        .connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(llm.openAiBaseUrl() + "/chat/completions"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("Paris");
    assertThat(llm.requests()).singleElement()
        .satisfies(request -> assertThat(request.lastUserMessage()).hasValue("Capital of France?"));
  }
}
