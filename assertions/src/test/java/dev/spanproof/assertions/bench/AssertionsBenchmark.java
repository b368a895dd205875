package dev.spanproof.assertions.bench;

import static dev.spanproof.assertions.AgentAssertions.assertThat;

import dev.spanproof.assertions.AgentTrace;
import io.opentelemetry.sdk.testing.assertj.TracesAssert;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/** Shape, tool and token assertions on 10k- and 100k-span traces, against OpenTelemetry's grouping. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AssertionsBenchmark {

  @Param({"10000", "100000"})
  public int spans;

  private List<SpanData> data;
  private String shape;
  private int toolCalls;
  private long inputTokens;

  @Setup(Level.Trial)
  public void setUp() {
    data = Traces.agentTrace(spans);
    int last = Traces.subAgents(spans) - 1;
    // walks the first agent fully and finds the last one past a "..." of every sub-agent
    shape = """
        invoke_agent root
          invoke_agent sub-0
            chat gpt-4  tokens 3→2
            execute_tool t  {"agent":0,"call":1} → ok
            ...
          ...
          invoke_agent sub-%d
            chat *
            ...
        """.formatted(last);
    toolCalls = Traces.subAgents(spans) * (Traces.CHILDREN_PER_AGENT / 2);
    inputTokens = 3L * Traces.subAgents(spans) * (Traces.CHILDREN_PER_AGENT / 2 + 1);
  }

  @Benchmark
  public AgentTrace buildTrace() {
    return AgentTrace.of(data);
  }

  @Benchmark
  public Object shapeAssertion() {
    return assertThat(AgentTrace.of(data)).hasShape(shape);
  }

  @Benchmark
  public Object toolCallAssertion() {
    return assertThat(AgentTrace.of(data)).toolCalls().calledTimes("t", toolCalls);
  }

  @Benchmark
  public Object tokenAssertion() {
    return assertThat(AgentTrace.of(data)).tokens().hasInput(inputTokens);
  }

  @Benchmark
  public Object openTelemetryGrouping() {
    return TracesAssert.assertThat(data).hasSize(1);
  }
}
