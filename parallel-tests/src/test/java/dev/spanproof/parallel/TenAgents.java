package dev.spanproof.parallel;

import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Ten agent tests as ten plain {@code @Test} methods. Each scenario class nests ten of these: JUnit
 * runs nested classes and their methods concurrently, whereas the invocations of one
 * {@code @RepeatedTest} turned out to run one after another on a single worker thread.
 */
abstract class TenAgents {

  /** One agent test: {@code n} is unique within its scenario class. */
  @FunctionalInterface
  interface Scenario {
    void run(int n, MockLlm llm, AgentTraces traces, OpenTelemetry otel) throws Exception;
  }

  /** Names of the JUnit worker threads that ran agent tests, across all scenarios. */
  static final Set<String> WORKERS = ConcurrentHashMap.newKeySet();

  private final int batch;
  private final Scenario scenario;

  TenAgents(int batch, Scenario scenario) {
    this.batch = batch;
    this.scenario = scenario;
  }

  private void run(int i, MockLlm llm, AgentTraces traces, OpenTelemetry otel) throws Exception {
    WORKERS.add(Thread.currentThread().getName());
    scenario.run(batch * 10 + i, llm, traces, otel);
  }

  @Test void agent0(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { run(0, l, t, o); }
  @Test void agent1(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { run(1, l, t, o); }
  @Test void agent2(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { run(2, l, t, o); }
  @Test void agent3(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { run(3, l, t, o); }
  @Test void agent4(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { run(4, l, t, o); }
  @Test void agent5(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { run(5, l, t, o); }
  @Test void agent6(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { run(6, l, t, o); }
  @Test void agent7(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { run(7, l, t, o); }
  @Test void agent8(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { run(8, l, t, o); }
  @Test void agent9(MockLlm l, AgentTraces t, OpenTelemetry o) throws Exception { run(9, l, t, o); }
}
