package dev.spanproof.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** After a thousand agent tests, spanproof leaves no thread running and no port open. */
class ResourceLeakTest {

  static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();

  static void agentWork(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
      PORTS.add(llm.port());
      PORTS.add(URI.create(traces.otlpEndpoint()).getPort());
      llm.script().reply("ok");
      otel.getTracer("leak").spanBuilder("invoke_agent leak").startSpan().end();
      assertThat(ChatRequests.ask(llm.openAiBaseUrl(), "hi").statusCode()).isEqualTo(200);
      assertThat(traces.single().render()).isEqualTo("invoke_agent leak");
  }

  @AgentTest
  static class ThousandTestsCase {
    @RepeatedTest(1_000)
    void agentTest(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
      agentWork(llm, traces, otel);
    }
  }

  @AgentTest
  static class WarmUpCase {
    @RepeatedTest(3)
    void agentTest(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
      agentWork(llm, traces, otel);
    }
  }

  @Test
  void leavesNoThreadsOrPortsBehindAfterAThousandTests() throws Exception {
    EngineRunner.run(WarmUpCase.class); // warm-up: JVM-wide pools of the test's own HTTP client
    Set<Long> before = liveThreadIds();
    PORTS.clear();

    EngineExecutionResults results = EngineRunner.run(ThousandTestsCase.class);

    assertThat(EngineRunner.failures(results)).isEmpty();
    results.testEvents().assertStatistics(stats -> stats.succeeded(1_000));
    assertThat(PORTS).as("one mock LLM server and one OTLP receiver per engine run").hasSize(2);
    for (int port : PORTS) {
      assertThatThrownBy(() -> {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
          // connected: the port is still open
        }
      }).as("port %d is closed", port).isInstanceOf(ConnectException.class);
    }
    assertThat(threadsStartedSince(before)).as("threads left behind").isEmpty();
  }

  /** Threads that started after {@code before} and are still alive once they had time to stop. */
  private static Set<String> threadsStartedSince(Set<Long> before) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    Set<String> left;
    do {
      left = Thread.getAllStackTraces().keySet().stream()
          .filter(Thread::isAlive)
          .filter(t -> !before.contains(t.getId()))
          // The JDK's shared pools, used by the fixture's own HttpClient, not by spanproof.
          .filter(t -> !t.getName().startsWith("ForkJoinPool.commonPool") && !t.getName().startsWith("HttpClient-"))
          .map(Thread::getName)
          .collect(Collectors.toSet());
      if (left.isEmpty()) {
        return left;
      }
      Thread.onSpinWait();
      synchronized (ResourceLeakTest.class) {
        ResourceLeakTest.class.wait(50); // bounded wait for threads that are shutting down
      }
    } while (System.nanoTime() < deadline);
    return left;
  }

  private static Set<Long> liveThreadIds() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
  }

}
