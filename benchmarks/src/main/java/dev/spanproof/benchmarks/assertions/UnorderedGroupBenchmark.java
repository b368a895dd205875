package dev.spanproof.benchmarks.assertions;

import dev.spanproof.assertions.AgentAssertions;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.assertions.AgentTraceAssert;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An {@code (any order)} group with a {@code ...} inside it, after a {@code ...} line, over one
 * agent's many tool calls: the shape that made the matcher cubic in the siblings (each position
 * times each window size times a matching over the window). Passing and failing, since a failure
 * is diagnosed by walking every attempt.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UnorderedGroupBenchmark {

  @Param({"500", "1000", "2000"})
  public int siblings;

  private AgentTrace trace;
  private static final String PASSES = "invoke_agent a\n  ...\n  (any order)\n    execute_tool calc\n    ...\n";
  private static final String FAILS = PASSES.replace("calc", "absent");

  @Setup(Level.Trial)
  public void setUp() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      Tracer tracer = provider.get("benchmark");
      Span agent = tracer.spanBuilder("invoke_agent a")
          .setAttribute("gen_ai.operation.name", "invoke_agent").setAttribute("gen_ai.agent.name", "a").startSpan();
      try (Scope ignored = agent.makeCurrent()) {
        for (int i = 0; i <= siblings; i++) {
          String tool = i == siblings ? "calc" : "t" + (i % 7);
          tracer.spanBuilder("execute_tool " + tool).setAttribute("gen_ai.operation.name", "execute_tool")
              .setAttribute("gen_ai.tool.name", tool).setAttribute("gen_ai.tool.call.arguments", "{}")
              .startSpan().end();
        }
      } finally {
        agent.end();
      }
      trace = AgentTrace.of(exporter.getFinishedSpanItems());
    }
  }

  @Benchmark
  public AgentTraceAssert groupAfterWildcardPasses() {
    return AgentAssertions.assertThat(trace).hasShape(PASSES);
  }

  @Benchmark
  public Object groupAfterWildcardFails() {
    try {
      return AgentAssertions.assertThat(trace).hasShape(FAILS);
    } catch (AssertionError expected) {
      return expected;
    }
  }
}
