package dev.spanproof.benchmarks.assertions;

import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.assertions.AgentTraceAssert;
import dev.spanproof.assertions.CountAssert;
import dev.spanproof.assertions.ToolCallsAssert;
import io.opentelemetry.sdk.testing.assertj.TracesAssert;
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
 * Issue 3, with the caches out of the comparison: {@link AssertionBenchmark}'s end-to-end benchmarks, each call
 * on the next of several copies of the trace, so that no call finds its trace in the processor's caches.
 *
 * <p>{@link AssertionBenchmark} reads one trace over and over: a 10k-span trace (~9 MB) then runs largely from
 * the caches, a 100k-span trace (~90 MB) from memory, and the 100k/10k ratio measures the cache as much as the
 * code (OpenTelemetry's own grouping scales 64–80× there). Here each size has as many copies as make
 * {@value #COLD_SPANS} spans or more (16 of 10k, 2 of 100k), read in turn, so every size
 * runs from memory and the ratio between sizes is the code's. {@code InterleavedAssertions -Dcold=true} runs
 * the same rotation with the benchmarks interleaved, which a shared machine needs for steady ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class ColdAssertionBenchmark {

  /** Each size has copies of its trace adding up to at least this many spans (~140 MB). */
  static final int COLD_SPANS = 160_000;

  @Param({"10000", "100000"})
  public int spans;

  private AssertionBenchmark[] copies;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    copies = setUpCopies(spans);
  }

  /**
   * Returns benchmarks set up on copies of a trace of this many spans, as many as make {@link #COLD_SPANS}
   * spans (two at least); each copy's set-up checks that every assertion passes on it.
   *
   * @param spans about how many spans each copy has
   * @return the set-up copies
   */
  static AssertionBenchmark[] setUpCopies(int spans) {
    AssertionBenchmark[] copies = new AssertionBenchmark[Math.max(2, (COLD_SPANS + spans - 1) / spans)];
    for (int i = 0; i < copies.length; i++) {
      copies[i] = AssertionBenchmark.setUpFor(spans);
    }
    return copies;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (AssertionBenchmark copy : copies) {
      copy.tearDown();
    }
  }

  /** The copy after the one the previous call read. */
  private AssertionBenchmark next() {
    AssertionBenchmark copy = copies[next];
    next = next + 1 == copies.length ? 0 : next + 1;
    return copy;
  }

  @Benchmark
  public TracesAssert otelGrouping() {
    return next().otelGrouping();
  }

  @Benchmark
  public TracesAssert otelToolCalls() {
    return next().otelToolCalls();
  }

  @Benchmark
  public TracesAssert otelTokens() {
    return next().otelTokens();
  }

  @Benchmark
  public AgentTrace buildTreeOnly() {
    return next().buildTreeOnly();
  }

  @Benchmark
  public AgentTrace build() {
    return next().build();
  }

  @Benchmark
  public AgentTraceAssert e2eShape() {
    return next().e2eShape();
  }

  @Benchmark
  public ToolCallsAssert e2eToolCalls() {
    return next().e2eToolCalls();
  }

  @Benchmark
  public CountAssert e2eTokens() {
    return next().e2eTokens();
  }
}
