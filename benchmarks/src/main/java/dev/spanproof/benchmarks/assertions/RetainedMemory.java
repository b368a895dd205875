package dev.spanproof.benchmarks.assertions;

import dev.spanproof.assertions.AgentSpan;
import dev.spanproof.assertions.AgentTrace;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Issue 3: retained heap per span of an {@link AgentTrace} against {@code InMemorySpanExporter} alone.
 *
 * <p>Two independent methods:
 * <ol>
 *   <li><b>Heap delta</b>: full GC (repeated until the used heap stops moving), read the used heap from
 *       {@link MemoryMXBean}; make the trace into an exporter, GC, read; build the {@code AgentTrace} from
 *       the exporter's spans (the temporary span list is dropped, as in a test), GC, read. The exporter's
 *       retained size is the first delta, the {@code AgentTrace}'s own the second. Repeated several
 *       times; the median is reported with min and max. Then every span's facts are read (as any
 *       assertion over the whole trace does: {@code AgentTrace.of} reads them lazily), GC, read again.</li>
 *   <li><b>Object graph</b> (JOL {@link GraphLayout}): the exact size of everything reachable from the
 *       exporter, and from the exporter and the trace together (shared objects counted once), before
 *       and after the facts are read.</li>
 * </ol>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.spanproof.benchmarks.assertions.RetainedMemory
 * [sizes...]} (default 10000 100000; {@code -Druns=N}, default 5; {@code -Djol=false} skips the JOL walk).
 */
public final class RetainedMemory {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private RetainedMemory() {}

  public static void main(String[] args) throws InterruptedException {
    // JOL reads these when it first starts: lambdas (hidden classes) in the SDK's object graph need the
    // magic field offsets (run with -Djdk.attach.allowAttachSelf=true to silence its attach warning).
    System.setProperty("jol.magicFieldOffset", System.getProperty("jol.magicFieldOffset", "true"));
    List<Integer> sizes = new ArrayList<>();
    for (String arg : args) {
      sizes.add(Integer.parseInt(arg.replace("_", "")));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(10_000, 100_000);
    }
    int runs = Integer.getInteger("runs", 5);
    boolean jol = Boolean.parseBoolean(System.getProperty("jol", "true"));
    System.out.printf(Locale.ROOT, "JVM %s %s, max heap %d MiB, %d runs (+1 discarded warm-up)%n",
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20, runs);
    for (int size : sizes) {
      measure(size, runs, jol);
    }
  }

  private static void measure(int size, int runs, boolean jol) throws InterruptedException {
    List<Double> exporterPerSpan = new ArrayList<>();
    List<Double> tracePerSpan = new ArrayList<>();
    List<Double> readPerSpan = new ArrayList<>();
    int spanCount = 0;
    for (int run = 0; run <= runs; run++) {
      long before = usedAfterGc();
      AgentTraceFixture fixture = AgentTraceFixture.create(size);
      long withExporter = usedAfterGc();
      AgentTrace trace = AgentTrace.of(fixture.spans());
      long withTrace = usedAfterGc();
      readAllFacts(trace);
      long withFacts = usedAfterGc();
      spanCount = fixture.spanCount();
      if (trace.nodes().size() != spanCount) {
        throw new IllegalStateException("trace has " + trace.nodes().size() + " spans, expected " + spanCount);
      }
      if (run > 0) { // the first run warms up class loading and the JIT's metadata
        exporterPerSpan.add((withExporter - before) / (double) spanCount);
        tracePerSpan.add((withTrace - withExporter) / (double) spanCount);
        readPerSpan.add((withFacts - withExporter) / (double) spanCount);
      }
      Reference.reachabilityFence(trace);
      fixture.close();
      Reference.reachabilityFence(fixture);
    }
    double exporter = median(exporterPerSpan);
    double own = median(tracePerSpan);
    double read = median(readPerSpan);
    System.out.printf(Locale.ROOT, "%n%,d spans — heap delta after full GC (MemoryMXBean), median of %d [min..max]%n",
        spanCount, runs);
    System.out.printf(Locale.ROOT, "  InMemorySpanExporter alone     %7.0f B/span  [%.0f..%.0f]%n",
        exporter, min(exporterPerSpan), max(exporterPerSpan));
    System.out.printf(Locale.ROOT, "  AgentTrace on top (own)        %7.0f B/span  [%.0f..%.0f]%n",
        own, min(tracePerSpan), max(tracePerSpan));
    System.out.printf(Locale.ROOT, "  exporter + AgentTrace          %7.0f B/span  → %.2f× the exporter alone"
        + " (AgentTrace's own: %.2f×)%n", exporter + own, (exporter + own) / exporter, own / exporter);
    System.out.printf(Locale.ROOT, "  AgentTrace, facts read (own)   %7.0f B/span  [%.0f..%.0f]%n",
        read, min(readPerSpan), max(readPerSpan));
    System.out.printf(Locale.ROOT, "  exporter + AgentTrace read     %7.0f B/span  → %.2f× the exporter alone%n",
        exporter + read, (exporter + read) / exporter);

    if (jol) {
      AgentTraceFixture fixture = AgentTraceFixture.create(size);
      AgentTrace trace = AgentTrace.of(fixture.spans());
      long exporterBytes = GraphLayout.parseInstance(fixture.exporter()).totalSize();
      long bothBytes = GraphLayout.parseInstance(fixture.exporter(), trace).totalSize();
      double e = exporterBytes / (double) spanCount;
      double b = bothBytes / (double) spanCount;
      System.out.printf(Locale.ROOT, "%,d spans — object graph (JOL GraphLayout, exact)%n", spanCount);
      System.out.printf(Locale.ROOT, "  InMemorySpanExporter alone     %7.0f B/span%n", e);
      System.out.printf(Locale.ROOT, "  AgentTrace on top (own)        %7.0f B/span%n", b - e);
      System.out.printf(Locale.ROOT, "  exporter + AgentTrace          %7.0f B/span  → %.2f× the exporter alone"
          + " (AgentTrace's own: %.2f×)%n", b, b / e, (b - e) / e);
      readAllFacts(trace);
      double r = GraphLayout.parseInstance(fixture.exporter(), trace).totalSize() / (double) spanCount;
      System.out.printf(Locale.ROOT, "  exporter + AgentTrace read     %7.0f B/span  → %.2f× the exporter alone"
          + " (AgentTrace's own: %.2f×)%n", r, r / e, (r - e) / e);
      if (Boolean.getBoolean("histogram")) {
        System.out.println(GraphLayout.parseInstance(trace).subtract(GraphLayout.parseInstance(fixture.exporter()))
            .toFootprint());
      }
      fixture.close();
    }
  }

  /** Reads what the conventions say about every span, as an assertion over the whole trace does. */
  private static void readAllFacts(AgentTrace trace) {
    for (AgentSpan span : trace.nodes()) {
      span.facts();
    }
  }

  /** Used heap after full collections, repeated until it stops shrinking. */
  private static long usedAfterGc() throws InterruptedException {
    long previous = Long.MAX_VALUE;
    long used = 0;
    for (int i = 0; i < 10; i++) {
      System.gc();
      Thread.sleep(50);
      used = MEMORY.getHeapMemoryUsage().getUsed();
      if (i >= 2 && Math.abs(previous - used) < 64 * 1024) {
        break;
      }
      previous = used;
    }
    return used;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
