package dev.spanproof.parallel;

import static dev.spanproof.assertions.AgentAssertions.assertThat;

import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import io.opentelemetry.api.OpenTelemetry;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;

/** "Out-of-process" agents exporting over OTLP into their own test's endpoint, concurrently. */
@AgentTest
class OtlpAgentsTest {

  @Nested class Batch0 extends TenAgents { Batch0() { super(0, OtlpAgentsTest.this::agent); } }
  @Nested class Batch1 extends TenAgents { Batch1() { super(1, OtlpAgentsTest.this::agent); } }
  @Nested class Batch2 extends TenAgents { Batch2() { super(2, OtlpAgentsTest.this::agent); } }
  @Nested class Batch3 extends TenAgents { Batch3() { super(3, OtlpAgentsTest.this::agent); } }
  @Nested class Batch4 extends TenAgents { Batch4() { super(4, OtlpAgentsTest.this::agent); } }
  @Nested class Batch5 extends TenAgents { Batch5() { super(5, OtlpAgentsTest.this::agent); } }
  @Nested class Batch6 extends TenAgents { Batch6() { super(6, OtlpAgentsTest.this::agent); } }
  @Nested class Batch7 extends TenAgents { Batch7() { super(7, OtlpAgentsTest.this::agent); } }
  @Nested class Batch8 extends TenAgents { Batch8() { super(8, OtlpAgentsTest.this::agent); } }
  @Nested class Batch9 extends TenAgents { Batch9() { super(9, OtlpAgentsTest.this::agent); } }

  void agent(int n, MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    String marker = "remote-" + n;
    try (SdkTracerProvider remote = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
            .setEndpoint(traces.otlpTracesEndpoint()).build()).build())
        .build()) {
      Tracer tracer = remote.get("remote");
      Span agent = tracer.spanBuilder("invoke_agent " + marker).startSpan();
      try (Scope ignored = agent.makeCurrent()) {
        tracer.spanBuilder("execute_tool lookup_" + marker).startSpan().end();
      } finally {
        agent.end();
      }
      remote.forceFlush().join(10, TimeUnit.SECONDS);
    }

    assertThat(traces.awaitTraces(1, Duration.ofSeconds(30))).hasSize(1);
    assertThat(traces.single()).hasShape("invoke_agent " + marker + "\n└── execute_tool lookup_" + marker);
    Isolation.onlyOwnSpans(traces, marker, 2);
  }
}
