package dev.spanproof.benchmarks.mockllm;

import dev.mokksy.aimocks.openai.MockOpenai;
import dev.spanproof.mockllm.MockLlm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 4: time to first chunk of a streamed OpenAI chat reply (from sending the request to reading the
 * first {@code data:} line), and time to the end of the stream, with one JDK HttpClient (HTTP/1.1,
 * keep-alive). JMH measures whole operations, so this is a plain harness: warm-up streams, then several
 * rounds; each round's median and 99th percentile, and the spread of the round medians, are printed.
 *
 * <ul>
 *   <li>{@code spanproof}: the default stream (no pacing: the whole SSE body is written at once);</li>
 *   <li>{@code spanproof paced 10ms}: {@code streamEventsEvery(10 ms)}: the first event should arrive after
 *       about 10 ms (WireMock's chunked dribble, one event per chunk);</li>
 *   <li>{@code wiremock static SSE}: the same bytes as spanproof's stream from a bare static stub;</li>
 *   <li>{@code ai-mocks}: ai-mocks' streamed chat completion with the same three text chunks.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.spanproof.benchmarks.mockllm.FirstChunkLatency}
 * ({@code -Dwarmup=2000 -Drounds=5 -Dstreams=1000 -DpacedStreams=40}).
 */
public final class FirstChunkLatency {

  private FirstChunkLatency() {}

  public static void main(String[] args) {
    int warmup = Integer.getInteger("warmup", 2000);
    int rounds = Integer.getInteger("rounds", 5);
    int streams = Integer.getInteger("streams", 1000);
    int pacedStreams = Integer.getInteger("pacedStreams", 40);
    HttpClient client = ChatServers.client();
    System.out.printf(Locale.ROOT, "JVM %s %s; %d warm-up streams, %d rounds of %d streams (paced: %d)%n",
        System.getProperty("java.vm.name"), System.getProperty("java.version"), warmup, rounds, streams, pacedStreams);
    System.out.printf(Locale.ROOT, "%-24s %28s %28s%n", "", "first chunk, µs", "whole stream, µs");
    System.out.printf(Locale.ROOT, "%-24s %28s %28s%n", "server", "median [rounds min..max] p99", "median [rounds min..max] p99");

    try (ChatServers.Spanproof spanproof = new ChatServers.Spanproof()) {
      HttpRequest request = ChatServers.chatRequest(spanproof.uri, ChatServers.STREAM_REQUEST);
      run("spanproof", client, request, warmup, rounds, streams);
      try (MockLlm paced = spanproof.server.newSession("paced")) {
        paced.script().reply(ChatServers.ANSWER).usage(12, 8).streamEventsEvery(Duration.ofMillis(10)).always();
        HttpRequest pacedRequest = ChatServers.chatRequest(URI.create(paced.openAiBaseUrl() + "/chat/completions"),
            ChatServers.STREAM_REQUEST);
        run("spanproof paced 10ms", client, pacedRequest, Math.min(warmup, 50), rounds, pacedStreams);
      }
    }
    String sse = ChatServers.spanproofAnswer(ChatServers.STREAM_REQUEST);
    try (ChatServers.BareWireMock wireMock = new ChatServers.BareWireMock(sse, "text/event-stream")) {
      run("wiremock static SSE", client, ChatServers.chatRequest(wireMock.uri, ChatServers.STREAM_REQUEST),
          warmup, rounds, streams);
    }
    MockOpenai aiMocks = new MockOpenai(0, false);
    try {
      aiMocks.completion(r -> { }).respondsStream(spec -> {
        spec.chunks("2+2 ", "equals ", "4");
        spec.setFinishReason("stop");
        return kotlin.Unit.INSTANCE;
      });
      URI uri = URI.create("http://127.0.0.1:" + aiMocks.port() + "/v1/chat/completions");
      run("ai-mocks", client, ChatServers.chatRequest(uri, ChatServers.STREAM_REQUEST), warmup, rounds, streams);
    } catch (RuntimeException e) {
      System.out.println("ai-mocks stream failed: " + e);
    } finally {
      aiMocks.shutdown();
    }
  }

  private static void run(String name, HttpClient client, HttpRequest request, int warmup, int rounds, int streams) {
    long[] total = new long[1];
    for (int i = 0; i < warmup; i++) {
      ChatServers.stream(client, request, total);
    }
    List<Double> firstMedians = new ArrayList<>();
    List<Double> totalMedians = new ArrayList<>();
    List<Long> allFirst = new ArrayList<>();
    List<Long> allTotal = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      long[] first = new long[streams];
      long[] whole = new long[streams];
      for (int i = 0; i < streams; i++) {
        first[i] = ChatServers.stream(client, request, total);
        whole[i] = total[0];
        allFirst.add(first[i]);
        allTotal.add(whole[i]);
      }
      Arrays.sort(first);
      Arrays.sort(whole);
      firstMedians.add(first[streams / 2] / 1000.0);
      totalMedians.add(whole[streams / 2] / 1000.0);
    }
    System.out.printf(Locale.ROOT, "%-24s %28s %28s%n", name, describe(firstMedians, allFirst), describe(totalMedians, allTotal));
  }

  private static String describe(List<Double> roundMedians, List<Long> all) {
    long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
    double median = sorted[sorted.length / 2] / 1000.0;
    double p99 = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1000.0;
    double min = roundMedians.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = roundMedians.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return String.format(Locale.ROOT, "%7.0f [%6.0f..%6.0f] %7.0f", median, min, max, p99);
  }
}
