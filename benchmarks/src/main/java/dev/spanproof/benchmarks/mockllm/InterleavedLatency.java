package dev.spanproof.benchmarks.mockllm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Issue 4, checked request by request: non-streaming chat latency of spanproof, the bare WireMock static stub
 * and a WireMock server whose catch-all stub has a transformer returning the same bytes (spanproof's layout
 * without spanproof's work), with requests rotating over the three on one thread (A B C, B C A, …), so each
 * sees the same machine load. On a shared machine, {@link MockLlmBenchmark} measures its benchmarks one after
 * the other while the load changes, which moves their ratio by more than spanproof's own cost; here the
 * ratio of means (and of medians) is what spanproof adds, nothing else. Each server has its own JDK
 * HttpClient (HTTP/1.1, keep-alive).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.spanproof.benchmarks.mockllm.InterleavedLatency}
 * ({@code -Dwarmup=20000 -Drequests=60000}, per server).
 */
public final class InterleavedLatency {

  private InterleavedLatency() {}

  /** Answers every request with fixed bytes, as a transformer: WireMock's cost of spanproof's layout. */
  static final class FixedReply implements ResponseDefinitionTransformerV2 {
    private final byte[] body;

    FixedReply(String body) {
      this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String getName() {
      return "fixed-reply";
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
          .withBody(body).build();
    }
  }

  public static void main(String[] args) {
    int warmup = Integer.getInteger("warmup", 20_000);
    int requests = Integer.getInteger("requests", 60_000);
    String answer = ChatServers.spanproofAnswer(ChatServers.REQUEST);
    WireMockServer transformer = new WireMockServer(ChatServers.mockLlmServerSettings().extensions(new FixedReply(answer)));
    transformer.start();
    transformer.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers("fixed-reply")));
    try (ChatServers.Spanproof spanproof = new ChatServers.Spanproof();
        ChatServers.BareWireMock bare = new ChatServers.BareWireMock(answer, "application/json")) {
      String[] names = {"spanproof", "wiremock static stub", "wiremock catch-all + transformer"};
      URI[] uris = {spanproof.uri, bare.uri,
          URI.create("http://127.0.0.1:" + transformer.port() + "/s/1/v1/chat/completions")};
      HttpClient[] clients = new HttpClient[uris.length];
      HttpRequest[] chats = new HttpRequest[uris.length];
      for (int j = 0; j < uris.length; j++) {
        clients[j] = ChatServers.client();
        chats[j] = ChatServers.chatRequest(uris[j], ChatServers.REQUEST);
      }
      for (int i = 0; i < warmup; i++) {
        for (int j = 0; j < uris.length; j++) {
          ChatServers.call(clients[j], chats[j]);
        }
      }
      long[][] nanos = new long[uris.length][requests];
      for (int i = 0; i < requests; i++) {
        for (int s = 0; s < uris.length; s++) {
          int j = (i + s) % uris.length;
          long start = System.nanoTime();
          ChatServers.call(clients[j], chats[j]);
          nanos[j][i] = System.nanoTime() - start;
        }
      }
      System.out.printf(Locale.ROOT, "%d requests per server after %d warm-up, rotating%n", requests, warmup);
      for (int j = 0; j < uris.length; j++) {
        System.out.printf(Locale.ROOT, "%-34s mean %7.1f us  p10 %7.1f  p50 %7.1f  p90 %7.1f  p99 %8.1f%n", names[j],
            mean(nanos[j]) / 1e3, percentile(nanos[j], 0.10) / 1e3, percentile(nanos[j], 0.50) / 1e3,
            percentile(nanos[j], 0.90) / 1e3, percentile(nanos[j], 0.99) / 1e3);
      }
      for (int j = 1; j < uris.length; j++) {
        System.out.printf(Locale.ROOT, "spanproof vs %-34s %.3fx (means), %.3fx (medians)%n", names[j] + ":",
            mean(nanos[j]) / mean(nanos[0]), percentile(nanos[j], 0.5) / percentile(nanos[0], 0.5));
      }
    } finally {
      transformer.stop();
    }
  }

  private static double mean(long[] values) {
    return Arrays.stream(values).average().orElse(0);
  }

  private static double percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
  }
}
