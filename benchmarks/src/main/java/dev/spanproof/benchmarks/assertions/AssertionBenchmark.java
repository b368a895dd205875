package dev.spanproof.benchmarks.assertions;

import static dev.spanproof.assertions.AgentAssertions.call;

import dev.spanproof.assertions.AgentAssertions;
import dev.spanproof.assertions.AgentSpan;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.assertions.AgentTraceAssert;
import dev.spanproof.assertions.CountAssert;
import dev.spanproof.assertions.ExpectedToolCall;
import dev.spanproof.assertions.ToolCallsAssert;
import dev.spanproof.assertions.conventions.GenAiConvention;
import dev.spanproof.assertions.conventions.TraceConvention;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.testing.assertj.SpanDataAssert;
import io.opentelemetry.sdk.testing.assertj.TracesAssert;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * Issue 3: spanproof's shape, tool-call and token assertions on one trace of 10k and 100k spans, against
 * OpenTelemetry sdk-testing's {@code TracesAssert} on the same spans. Every call reads the same trace, so a
 * 10k-span trace runs largely from the processor's caches; {@link ColdAssertionBenchmark} runs the same
 * benchmarks with no trace in the caches.
 *
 * <p>The {@code e2e*} benchmarks start from the exporter's {@code List<SpanData>}, as a test does
 * ({@code traces.single()} builds the {@link AgentTrace}, then the assertion runs); the {@code only*}
 * benchmarks run the assertion on a trace built once, to show where the time goes. {@code otelGrouping}
 * is {@code TracesAssert.assertThat(spans)} (group by trace id, sort each trace) plus a size check;
 * {@code otelSpansExactly} adds OpenTelemetry's nearest thing to a shape check: every span's name and
 * parent id, in order, with {@code hasSpansSatisfyingExactly}. {@code otelToolCalls} and {@code otelTokens}
 * are the tool-call and token assertions written by hand on OpenTelemetry's grouping: one loop over the
 * trace's spans reading the GenAI attributes with {@code Attributes.get}, the least any check of those
 * facts reads; they show what reading the attributes costs on its own, next to what spanproof adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// AlwaysPreTouch: without it the first writes to each page of the fresh 4 GB heap fault, and the
// benchmarks that allocate most (build, e2e*) pay for the page faults, 2-5x at 10k spans
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class AssertionBenchmark {

  @Param({"10000", "100000"})
  public int spans;

  private AgentTraceFixture fixture;
  private List<SpanData> spanList;
  private AgentTrace prebuilt;
  private String shape;
  private ExpectedToolCall[] allToolCalls;
  private final List<TraceConvention> genAiOnly = List.of(new GenAiConvention());
  private List<Consumer<SpanDataAssert>> otelSpanChecks;
  // the trace's tool calls in start order (TracesAssert's order within a trace), for otelToolCalls
  private String[] toolNames;
  private String[] toolArguments;
  private String[] toolResults;

  /**
   * Returns a benchmark set up on a trace of about this many spans, for the harnesses that run the
   * benchmarks outside JMH or on several traces.
   *
   * @param spans about how many spans the trace has
   * @return the set-up benchmark; {@link #tearDown()} closes its trace's provider
   */
  static AssertionBenchmark setUpFor(int spans) {
    AssertionBenchmark benchmark = new AssertionBenchmark();
    benchmark.spans = spans;
    benchmark.setUp();
    return benchmark;
  }

  @Setup(Level.Trial)
  public void setUp() {
    fixture = AgentTraceFixture.create(spans);
    spanList = fixture.spans();
    prebuilt = AgentTrace.of(spanList);
    if (prebuilt.nodes().size() != fixture.spanCount()) {
      throw new IllegalStateException("expected " + fixture.spanCount() + " spans, got " + prebuilt.nodes().size());
    }
    shape = headAndTailShape(fixture);
    List<ExpectedToolCall> calls = new ArrayList<>();
    prebuilt.toolCalls().forEach(c -> calls.add(call(c.name()).withArguments(c.arguments()).withResult(c.result())));
    allToolCalls = calls.toArray(new ExpectedToolCall[0]);
    List<SpanData> sorted = new ArrayList<>(spanList);
    sorted.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
    otelSpanChecks = new ArrayList<>(sorted.size());
    for (SpanData span : sorted) {
      String name = span.getName();
      String parent = span.getParentSpanId();
      otelSpanChecks.add(a -> a.hasName(name).hasParentSpanId(parent));
    }
    List<SpanData> tools = sorted.stream()
        .filter(span -> "execute_tool".equals(span.getAttributes().get(AgentTraceFixture.OPERATION)))
        .toList();
    toolNames = tools.stream().map(span -> span.getAttributes().get(AgentTraceFixture.TOOL_NAME))
        .toArray(String[]::new);
    toolArguments = tools.stream().map(span -> span.getAttributes().get(AgentTraceFixture.TOOL_ARGUMENTS))
        .toArray(String[]::new);
    toolResults = tools.stream().map(span -> span.getAttributes().get(AgentTraceFixture.TOOL_RESULT))
        .toArray(String[]::new);
    // Fail fast if a benchmark would measure a failing assertion (each is linear, so this is cheap).
    onlyShape();
    onlyToolCalls();
    onlyTokens();
    otelSpansExactly();
    otelToolCalls();
    otelTokens();
    if (!Boolean.getBoolean("spanproof.bench.noSettle")) {
      settleHeap();
    }
  }

  /**
   * Ends the set-up with full collections, so that every fork measures the spans where the same
   * collector put them. Without it the spans are still where the fixture allocated them, side by side
   * in allocation order, until the first young collection evacuates them: a benchmark that allocates
   * ({@code build}, {@code e2e*}) triggers one in its first warm-up iteration and then reads 100k spans
   * scattered by the parallel copying, while {@code otelGrouping}, which allocates little, may never
   * trigger one and reads them in order. A full collection moves the live spans into the old
   * generation once (compacting, in address order), where young collections leave them alone.
   */
  static void settleHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
  }

  /**
   * The shape a test of a long run would write: the first block in full, a {@code ...} line, and the
   * last two spans, each line annotated (tokens, arguments → result), so every span of the root's
   * level is looked at. The whole tree, one line per span, is {@link FullShapeBenchmark}'s.
   */
  static String headAndTailShape(AgentTraceFixture fixture) {
    int last = fixture.blocks() - 1;
    return """
        invoke_agent planner
          chat gpt-4  tokens 10→5
          execute_tool calculate  {"i":0} → 0
          chat gpt-4  tokens 10→5
          execute_tool calculate  {"i":1} → 1
          invoke_agent analyst
            chat gpt-4o-mini  tokens 7→3
            execute_tool lookup  {"q":0} → found
            chat gpt-4o-mini  tokens 7→3
          ...
          chat gpt-4  tokens 10→5
          execute_tool calculate  {"i":%d} → %d
        """.formatted(last + 2, last + 2);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  // ---- OpenTelemetry sdk-testing, the baseline ----

  @Benchmark
  public TracesAssert otelGrouping() {
    int n = spanList.size();
    return TracesAssert.assertThat(spanList).hasTracesSatisfyingExactly(trace -> trace.hasSize(n));
  }

  @Benchmark
  public TracesAssert otelSpansExactly() {
    return TracesAssert.assertThat(spanList)
        .hasTracesSatisfyingExactly(trace -> trace.hasSpansSatisfyingExactly(otelSpanChecks));
  }

  /** The tool-call assertion by hand: every {@code execute_tool} span's tool, arguments and result, in order. */
  @Benchmark
  public TracesAssert otelToolCalls() {
    return TracesAssert.assertThat(spanList).hasTracesSatisfyingExactly(trace -> trace.satisfies(this::checkToolCalls));
  }

  private void checkToolCalls(List<SpanData> spans) {
    int i = 0;
    long calculate = 0;
    long lookup = 0;
    for (SpanData span : spans) {
      Attributes attributes = span.getAttributes();
      if (!"execute_tool".equals(attributes.get(AgentTraceFixture.OPERATION))) {
        continue;
      }
      String name = attributes.get(AgentTraceFixture.TOOL_NAME);
      if (i >= toolNames.length || !toolNames[i].equals(name)
          || !toolArguments[i].equals(attributes.get(AgentTraceFixture.TOOL_ARGUMENTS))
          || !toolResults[i].equals(attributes.get(AgentTraceFixture.TOOL_RESULT))) {
        throw new AssertionError("tool call #" + i + " is not the expected one: " + span);
      }
      if ("calculate".equals(name)) {
        calculate++;
      } else if ("lookup".equals(name)) {
        lookup++;
      }
      i++;
    }
    if (i != toolNames.length || calculate != fixture.calculateCalls() || lookup != fixture.lookupCalls()) {
      throw new AssertionError(i + " tool calls (" + calculate + " calculate, " + lookup + " lookup), expected "
          + toolNames.length + " (" + fixture.calculateCalls() + ", " + fixture.lookupCalls() + ")");
    }
  }

  /** The token assertion by hand: input and output tokens summed over the spans, and the total's budget. */
  @Benchmark
  public TracesAssert otelTokens() {
    return TracesAssert.assertThat(spanList).hasTracesSatisfyingExactly(trace -> trace.satisfies(this::checkTokens));
  }

  private void checkTokens(List<SpanData> spans) {
    long input = 0;
    long output = 0;
    for (SpanData span : spans) {
      Attributes attributes = span.getAttributes();
      Long in = attributes.get(AgentTraceFixture.INPUT_TOKENS);
      Long out = attributes.get(AgentTraceFixture.OUTPUT_TOKENS);
      input += in == null ? 0 : in;
      output += out == null ? 0 : out;
    }
    if (input != fixture.inputTokens() || output != fixture.outputTokens()
        || input + output > fixture.inputTokens() + fixture.outputTokens()) {
      throw new AssertionError("tokens " + input + "→" + output + ", expected " + fixture.inputTokens() + "→"
          + fixture.outputTokens());
    }
  }

  // ---- spanproof, from the span list as a test does ----

  /**
   * The tree, with each plain GenAI span's facts read in the same pass ({@code Conventions.onePassReader}, what
   * {@code AgentTrace.of} does with the built-in conventions).
   */
  @Benchmark
  public AgentTrace build() {
    return AgentTrace.of(spanList);
  }

  /**
   * The tree alone: with a list of conventions other than the built-in one, {@code AgentTrace.of} leaves every
   * span's facts until they are first needed. Set against {@link #build()}, it splits the build's cost into
   * the tree and the reading of the facts.
   */
  @Benchmark
  public AgentTrace buildTreeOnly() {
    return AgentTrace.of(spanList, List.of(), genAiOnly);
  }

  /** The tree and every span's facts read afterwards (the same as {@link #build()} for the built-in conventions). */
  @Benchmark
  public AgentTrace buildAndReadFacts() {
    AgentTrace trace = AgentTrace.of(spanList);
    for (AgentSpan span : trace.nodes()) {
      span.facts();
    }
    return trace;
  }

  @Benchmark
  public AgentTraceAssert e2eShape() {
    return AgentAssertions.assertThat(AgentTrace.of(spanList)).hasShape(shape);
  }

  @Benchmark
  public ToolCallsAssert e2eToolCalls() {
    return toolCalls(AgentTrace.of(spanList));
  }

  @Benchmark
  public CountAssert e2eTokens() {
    return tokens(AgentTrace.of(spanList));
  }

  // ---- spanproof, the assertion alone on a trace built once ----

  @Benchmark
  public AgentTraceAssert onlyShape() {
    return AgentAssertions.assertThat(prebuilt).hasShape(shape);
  }

  @Benchmark
  public ToolCallsAssert onlyToolCalls() {
    return toolCalls(prebuilt);
  }

  @Benchmark
  public CountAssert onlyTokens() {
    return tokens(prebuilt);
  }

  private ToolCallsAssert toolCalls(AgentTrace trace) {
    return AgentAssertions.assertThat(trace).toolCalls()
        .calledTimes("calculate", (int) fixture.calculateCalls())
        .calledTimes("lookup", (int) fixture.lookupCalls())
        .containsExactly(allToolCalls);
  }

  private CountAssert tokens(AgentTrace trace) {
    return AgentAssertions.assertThat(trace).tokens()
        .hasInput(fixture.inputTokens())
        .hasOutput(fixture.outputTokens())
        .total().isAtMost(fixture.inputTokens() + fixture.outputTokens());
  }
}
