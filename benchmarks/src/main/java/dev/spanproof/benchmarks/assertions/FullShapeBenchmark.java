package dev.spanproof.benchmarks.assertions;

import dev.spanproof.assertions.AgentAssertions;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.assertions.AgentTraceAssert;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 3: {@code hasShape} with the whole tree as the expectation, one annotated line per span (the
 * trace's own {@code render()}): the most demanding shape a test can write, comparable to
 * {@code AssertionBenchmark.otelSpansExactly}. Single-shot, since one operation on 100k spans takes
 * seconds (see docs/benchmarks.md); the trace is built once, so this is the assertion alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class FullShapeBenchmark {

  @Param({"10000", "100000"})
  public int spans;

  private AgentTraceFixture fixture;
  private AgentTrace trace;
  private String fullShape;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = AgentTraceFixture.create(spans);
    trace = AgentTrace.of(fixture.spans());
    fullShape = trace.render();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public AgentTraceAssert onlyShapeFull() {
    return AgentAssertions.assertThat(trace).hasShape(fullShape);
  }
}
