package dev.spanproof.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Spans exported over OTLP by "another process" join the test's traces like local ones. */
class OtlpIntoTracesTest {

  @AgentTest
  static class RemoteAgentCase {
    @Test
    void remoteAgentExportsIntoThisTest(AgentTraces traces) {
      // Stands in for an agent in another process: its own SDK, exporting with the official exporter.
      OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
          .setEndpoint(traces.otlpTracesEndpoint())
          .build();
      try (SdkTracerProvider remote = SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
        Tracer tracer = remote.get("remote-agent");
        Span agent = tracer.spanBuilder("invoke_agent remote_planner").startSpan();
        try (Scope ignored = agent.makeCurrent()) {
          tracer.spanBuilder("execute_tool lookup").startSpan().end();
        } finally {
          agent.end();
        }
        remote.forceFlush().join(10, TimeUnit.SECONDS);
      }

      assertThat(traces.awaitTraces(1, java.time.Duration.ofSeconds(10))).singleElement()
          .satisfies(trace -> assertThat(trace.render())
              .isEqualTo("invoke_agent remote_planner\n└── execute_tool lookup"));
    }
  }

  @Test
  void spansExportedWithTheOfficialOtlpExporterJoinTheTestsTraces() {
    EngineExecutionResults results = EngineRunner.run(RemoteAgentCase.class);

    assertThat(EngineRunner.failures(results)).isEmpty();
    results.testEvents().assertStatistics(stats -> stats.succeeded(1));
  }
}
