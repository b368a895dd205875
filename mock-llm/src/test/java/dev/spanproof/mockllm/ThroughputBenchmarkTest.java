package dev.spanproof.mockllm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * On demand ({@code -Dspanproof.benchmark=true -Dtest=ThroughputBenchmarkTest}): non-streaming chat throughput and
 * latency of the mock against a bare WireMock static stub serving the same bytes, and time to first streamed
 * chunk. Prints figures; asserts nothing about speed (machines differ).
 */
@EnabledIfSystemProperty(named = "spanproof.benchmark", matches = "true")
class ThroughputBenchmarkTest {
  private static final String BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"}]}";
  private static final int WARMUP = 500;
  private static final int MEASURED = 3000;

  @Test
  void mockVersusBareWireMock() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (MockLlm llm = MockLlm.start()) {
      llm.script().reply("2+2 equals 4").usage(10, 5).always();
      String reply = Http.post(llm.openAiBaseUrl() + "/chat/completions", BODY).body();
      WireMockServer bare = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().disableRequestJournal());
      bare.start();
      try {
        bare.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(reply)));
        String bareUrl = "http://127.0.0.1:" + bare.port() + "/v1/chat/completions";
        String mockUrl = llm.openAiBaseUrl() + "/chat/completions";
        run(client, bareUrl, WARMUP);
        run(client, mockUrl, WARMUP);
        long[] bareNs = run(client, bareUrl, MEASURED);
        long[] mockNs = run(client, mockUrl, MEASURED);
        System.out.printf("bare WireMock: %s%nspanproof mock: %s%nratio (mock/bare throughput): %.2f%n",
            describe(bareNs), describe(mockNs), (double) sum(bareNs) / sum(mockNs));
        String streamBody = BODY.replace("{\"model\"", "{\"stream\":true,\"model\"");
        long[] firstChunk = new long[200];
        for (int i = 0; i < firstChunk.length; i++) {
          long t = System.nanoTime();
          HttpResponse<java.io.InputStream> r = client.send(HttpRequest.newBuilder(URI.create(mockUrl))
              .POST(HttpRequest.BodyPublishers.ofString(streamBody)).build(), HttpResponse.BodyHandlers.ofInputStream());
          try (var in = r.body()) {
            in.read();
            firstChunk[i] = System.nanoTime() - t;
            in.readAllBytes();
          }
        }
        System.out.printf("streaming time to first chunk: %s%n", describe(firstChunk));
      } finally {
        bare.stop();
      }
    }
  }

  private static long[] run(HttpClient client, String url, int n) throws Exception {
    long[] ns = new long[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
      ns[i] = System.nanoTime() - t;
    }
    return ns;
  }

  private static long sum(long[] ns) {
    return Arrays.stream(ns).sum();
  }

  private static String describe(long[] ns) {
    long[] sorted = ns.clone();
    Arrays.sort(sorted);
    return String.format("%d requests, %.0f req/s, p50 %.2f ms, p99 %.2f ms", ns.length,
        ns.length / (sum(ns) / 1e9), sorted[ns.length / 2] / 1e6, sorted[ns.length * 99 / 100] / 1e6);
  }
}
