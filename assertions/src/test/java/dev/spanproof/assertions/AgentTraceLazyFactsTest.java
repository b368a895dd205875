package dev.spanproof.assertions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.assertions.conventions.Attrs;
import dev.spanproof.assertions.conventions.Conventions;
import dev.spanproof.assertions.conventions.SpanFacts;
import dev.spanproof.assertions.conventions.TraceConvention;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * With a convention of the user's in the list, {@link AgentTrace#of} builds the tree only; the
 * conventions read each span on first access, once, also when several threads read the same trace
 * at once. (With exactly the built-in conventions, plain GenAI spans are read while the tree is
 * built: {@code ConventionsFastPathTest}.)
 */
class AgentTraceLazyFactsTest {

  /** Counts the reads per span id, then delegates to the built-in conventions. */
  private static final class CountingConvention implements TraceConvention {
    final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final List<TraceConvention> builtIn = Conventions.builtIn();

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public Optional<SpanFacts> read(SpanData span, Attrs attributes, List<LogRecordData> logs) {
      reads.computeIfAbsent(span.getSpanId(), id -> new AtomicInteger()).incrementAndGet();
      Thread.yield(); // widen the window in which a second thread could read the same span
      for (TraceConvention convention : builtIn) {
        Optional<SpanFacts> facts = convention.read(span, attributes, logs);
        if (facts.isPresent()) {
          return facts;
        }
      }
      return Optional.empty();
    }
  }

  private static List<SpanData> run(int toolCalls) {
    TraceFixture f = new TraceFixture();
    var agent = f.agent(null, "planner");
    for (int i = 0; i < toolCalls; i++) {
      f.chat(agent, "gpt-4", 10, 5);
      f.tool(agent, "calculate", "{\"i\":" + i + "}", String.valueOf(i));
    }
    return f.spans(); // ends every span
  }

  @Test
  void building_reads_no_span_and_a_span_is_read_once_when_first_needed() {
    CountingConvention counting = new CountingConvention();
    AgentTrace trace = AgentTrace.of(run(3), List.of(), List.of(counting));

    assertThat(trace.nodes()).hasSize(7);
    assertThat(trace.roots().get(0).children()).hasSize(6);
    assertThat(counting.reads).isEmpty();

    AgentSpan root = trace.roots().get(0);
    assertThat(root.displayName()).isEqualTo("invoke_agent planner");
    assertThat(root.role()).isEqualTo(SpanRole.AGENT);
    assertThat(counting.reads).containsOnlyKeys(root.span().getSpanId());
    assertThat(counting.reads.get(root.span().getSpanId())).hasValue(1);

    assertThat(trace.toolCalls()).extracting(ToolCall::arguments)
        .containsExactly("{\"i\":0}", "{\"i\":1}", "{\"i\":2}");
    assertThat(counting.reads).hasSize(7);
    assertThat(counting.reads.values()).allSatisfy(n -> assertThat(n).hasValue(1));
  }

  @Test
  void several_threads_reading_one_trace_see_the_same_facts_and_each_span_is_read_once() throws Exception {
    CountingConvention counting = new CountingConvention();
    AgentTrace trace = AgentTrace.of(run(500), List.of(), List.of(counting));
    String expected = AgentTrace.of(run(500)).render();
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<SpanFacts>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        boolean backwards = t % 2 == 1; // half the threads meet the others in the middle
        results.add(pool.submit(() -> {
          start.await();
          List<AgentSpan> nodes = new ArrayList<>(trace.nodes());
          if (backwards) {
            java.util.Collections.reverse(nodes);
          }
          List<SpanFacts> seen = new ArrayList<>();
          for (AgentSpan node : nodes) {
            seen.add(node.facts());
          }
          if (backwards) {
            java.util.Collections.reverse(seen);
          }
          assertThat(trace.render()).isEqualTo(expected);
          return seen;
        }));
      }
      start.countDown();
      List<SpanFacts> first = results.get(0).get(60, TimeUnit.SECONDS);
      for (Future<List<SpanFacts>> result : results) {
        List<SpanFacts> seen = result.get(60, TimeUnit.SECONDS);
        for (int i = 0; i < first.size(); i++) {
          assertThat(seen.get(i)).isSameAs(first.get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(counting.reads).hasSize(trace.nodes().size());
    assertThat(counting.reads.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    Map<SpanFacts, Boolean> distinct = new IdentityHashMap<>();
    trace.nodes().forEach(n -> distinct.put(n.facts(), true));
    assertThat(distinct).hasSize(trace.nodes().size());
    AgentAssertions.assertThat(trace).toolCalls().calledTimes("calculate", 500);
    AgentAssertions.assertThat(trace).tokens().hasInput(5_000).hasOutput(2_500);
  }
}
