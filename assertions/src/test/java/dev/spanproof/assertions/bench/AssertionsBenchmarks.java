package dev.spanproof.assertions.bench;

import dev.spanproof.assertions.AgentTrace;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks on demand (profile {@code benchmarks}, see the pom): JMH timings, then the
 * memory an {@link AgentTrace} retains per span beyond the exported spans themselves.
 */
class AssertionsBenchmarks {

  @Test
  void jmh() throws Exception {
    new Runner(new OptionsBuilder().include(AssertionsBenchmark.class.getSimpleName()).build()).run();
  }

  @Test
  void retainedMemory() {
    for (int n : new int[] {10_000, 100_000}) {
      long before = usedHeap();
      List<SpanData> spans = Traces.agentTrace(n);
      long withSpans = usedHeap();
      AgentTrace trace = AgentTrace.of(spans);
      long withTrace = usedHeap();
      double spanBytes = (withSpans - before) / (double) n;
      double traceBytes = (withTrace - withSpans) / (double) n;
      System.out.printf("MEMORY %,d spans: exported spans %.0f B/span, AgentTrace adds %.0f B/span: %.2fx%n",
          n, spanBytes, traceBytes, (spanBytes + traceBytes) / spanBytes);
      if (trace.nodes().size() != spans.size()) {
        throw new AssertionError("lost spans");
      }
    }
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
