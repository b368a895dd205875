package dev.spanproof.benchmarks.assertions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Issue 3, checked round by round: {@link AssertionBenchmark}'s benchmarks on one trace, rotating in one JVM
 * (A B C …, B C … A, …), so OpenTelemetry's grouping and spanproof's assertions see the same machine load
 * and the same heap state. On a shared 2-core machine the sequential JMH runs move by more than the
 * difference being measured; here each round gives a ratio to {@code otelGrouping} of the same round, and
 * the medians of those ratios are reported with the medians of the times.
 *
 * <p>By default every call reads the same trace, so a 10k-span trace (~9 MB) runs largely from the
 * processor's caches while a 100k-span one (~90 MB) runs from memory, and the 100k/10k ratio measures the
 * caches as much as the code. With {@code -Dcold=true} each size gets as many copies of its trace as make
 * {@value ColdAssertionBenchmark#COLD_SPANS} spans or more (16 of 10k, 2 of 100k), as in
 * {@link ColdAssertionBenchmark}, and each call reads the copy after the one the previous call read: every
 * call then finds its trace evicted by the others, at every size, as a test that asserts once on the spans
 * it just collected may.
 *
 * <p>Run: {@code java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar
 * dev.spanproof.benchmarks.assertions.InterleavedAssertions [sizes...]} ({@code -Drounds=}, {@code
 * -Dwarmup=} rounds; defaults scale with the size; {@code -Dcold=true}).
 */
public final class InterleavedAssertions {

  private InterleavedAssertions() {}

  /** One benchmark, by name. */
  private record Variant(String name, Supplier<Object> run) {}

  /**
   * Runs the rotation for each trace size given (10k and 100k spans by default).
   *
   * @param args the sizes, in spans
   */
  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {10_000, 100_000}
        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    for (int size : sizes) {
      run(size);
    }
  }

  private static void run(int size) {
    boolean cold = Boolean.getBoolean("cold");
    AssertionBenchmark[] benchmarks = cold
        ? ColdAssertionBenchmark.setUpCopies(size) : new AssertionBenchmark[] {AssertionBenchmark.setUpFor(size)};
    int copies = benchmarks.length;
    try {
      // variants.get(c).get(j): benchmark j on copy c
      List<List<Variant>> variants = new ArrayList<>();
      for (AssertionBenchmark benchmark : benchmarks) {
        variants.add(variants(benchmark));
      }
      int scale = Math.max(1, 100_000 / size);
      int warmup = Integer.getInteger("warmup", 20 * scale);
      int rounds = Integer.getInteger("rounds", 40 * scale);
      int n = variants.get(0).size();
      long sink = 0;
      int call = 0; // the copy a call reads is the one after the previous call's
      for (int r = 0; r < warmup; r++) {
        for (int j = 0; j < n; j++) {
          sink += System.identityHashCode(variants.get(call++ % copies).get(j).run().get());
        }
      }
      long[][] nanos = new long[n][rounds];
      for (int r = 0; r < rounds; r++) {
        for (int s = 0; s < n; s++) {
          int j = (r + s) % n;
          Supplier<Object> run = variants.get(call++ % copies).get(j).run();
          long start = System.nanoTime();
          Object result = run.get();
          nanos[j][r] = System.nanoTime() - start;
          sink += System.identityHashCode(result);
        }
      }
      System.out.printf(Locale.ROOT, "%,d spans%s: %d rounds after %d warm-up rounds, rotating (sink %d)%n",
          benchmarks[0].spans, cold ? ", cold (" + copies + " copies, each call reads the next)" : "", rounds,
          warmup, sink & 1);
      System.out.printf(Locale.ROOT, "  %-18s %10s %10s %10s %14s%n", "benchmark", "p10 ms", "p50 ms", "p90 ms",
          "x grouping");
      for (int j = 0; j < n; j++) {
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          ratios[r] = (double) nanos[j][r] / nanos[0][r];
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "  %-18s %10.2f %10.2f %10.2f %13.2fx%n", variants.get(0).get(j).name(),
            percentile(nanos[j], 0.10) / 1e6, percentile(nanos[j], 0.50) / 1e6, percentile(nanos[j], 0.90) / 1e6,
            ratios[rounds / 2]);
      }
    } finally {
      for (AssertionBenchmark benchmark : benchmarks) {
        benchmark.tearDown();
      }
    }
  }

  /** The benchmarks compared, {@code otelGrouping} first (the ratios' denominator). */
  private static List<Variant> variants(AssertionBenchmark benchmark) {
    return List.of(
        new Variant("otelGrouping", benchmark::otelGrouping),
        new Variant("otelToolCalls", benchmark::otelToolCalls),
        new Variant("otelTokens", benchmark::otelTokens),
        new Variant("buildTreeOnly", benchmark::buildTreeOnly),
        new Variant("build", benchmark::build),
        new Variant("buildAndReadFacts", benchmark::buildAndReadFacts),
        new Variant("e2eShape", benchmark::e2eShape),
        new Variant("e2eToolCalls", benchmark::e2eToolCalls),
        new Variant("e2eTokens", benchmark::e2eTokens));
  }

  private static double percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
  }
}
