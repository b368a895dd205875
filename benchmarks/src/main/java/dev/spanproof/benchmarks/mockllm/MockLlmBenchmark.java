package dev.spanproof.benchmarks.mockllm;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 4: non-streaming OpenAI chat through spanproof's {@code MockLlm}, a bare WireMock static stub
 * returning the same bytes, and the ai-mocks OpenAI mock — one JDK {@link HttpClient} (HTTP/1.1,
 * keep-alive) per benchmark thread, sequential requests. Throughput (ops/ms) and latency (sampled,
 * ms/op with percentiles) in one run. The {@code *Stream} benchmarks read a whole SSE stream
 * (spanproof's rendering vs the same bytes from a static WireMock stub); time to first chunk is
 * measured by {@link FirstChunkLatency}.
 *
 * <p>Each server lives in its own {@link State}, so a benchmark starts only the server it drives.
 *
 * <p>The {@code paired} group drives spanproof and the bare WireMock stub at the same time, one client thread
 * each, so both see the same machine load (on a shared machine the load changes between two benchmarks run
 * one after the other); JMH reports each side's throughput, and their ratio is the comparison. They share the
 * CPU, so the absolute figures are lower than the sequential ones.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MockLlmBenchmark {

  @State(Scope.Thread)
  public static class Client {
    HttpClient http;

    @Setup(Level.Trial)
    public void setUp() {
      http = ChatServers.client();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      http = null;
    }
  }

  @State(Scope.Benchmark)
  public static class SpanproofServer {
    ChatServers.Spanproof server;
    HttpRequest chat;
    HttpRequest stream;

    @Setup(Level.Trial)
    public void setUp() {
      server = new ChatServers.Spanproof();
      chat = ChatServers.chatRequest(server.uri, ChatServers.REQUEST);
      stream = ChatServers.chatRequest(server.uri, ChatServers.STREAM_REQUEST);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      server.close();
    }
  }

  @State(Scope.Benchmark)
  public static class WireMockServer {
    ChatServers.BareWireMock server;
    HttpRequest chat;

    @Setup(Level.Trial)
    public void setUp() {
      server = new ChatServers.BareWireMock(ChatServers.spanproofAnswer(ChatServers.REQUEST), "application/json");
      chat = ChatServers.chatRequest(server.uri, ChatServers.REQUEST);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      server.close();
    }
  }

  @State(Scope.Benchmark)
  public static class WireMockStreamServer {
    ChatServers.BareWireMock server;
    HttpRequest stream;

    @Setup(Level.Trial)
    public void setUp() {
      server = new ChatServers.BareWireMock(ChatServers.spanproofAnswer(ChatServers.STREAM_REQUEST), "text/event-stream");
      stream = ChatServers.chatRequest(server.uri, ChatServers.STREAM_REQUEST);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      server.close();
    }
  }

  @State(Scope.Benchmark)
  public static class AiMocksServer {
    ChatServers.AiMocks server;
    HttpRequest chat;

    @Setup(Level.Trial)
    public void setUp() {
      server = new ChatServers.AiMocks();
      chat = ChatServers.chatRequest(server.uri, ChatServers.REQUEST);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      server.close();
    }
  }

  @Benchmark
  public String spanproof(SpanproofServer server, Client client) {
    return ChatServers.call(client.http, server.chat);
  }

  @Benchmark
  public String wiremock(WireMockServer server, Client client) {
    return ChatServers.call(client.http, server.chat);
  }

  @Benchmark
  public String aiMocks(AiMocksServer server, Client client) {
    return ChatServers.call(client.http, server.chat);
  }

  @Benchmark
  @Group("paired")
  @GroupThreads(1)
  public String pairedSpanproof(SpanproofServer server, Client client) {
    return ChatServers.call(client.http, server.chat);
  }

  @Benchmark
  @Group("paired")
  @GroupThreads(1)
  public String pairedWiremock(WireMockServer server, Client client) {
    return ChatServers.call(client.http, server.chat);
  }

  @Benchmark
  public long spanproofStream(SpanproofServer server, Client client) {
    return ChatServers.stream(client.http, server.stream, new long[1]);
  }

  @Benchmark
  public long wiremockStream(WireMockStreamServer server, Client client) {
    return ChatServers.stream(client.http, server.stream, new long[1]);
  }
}
