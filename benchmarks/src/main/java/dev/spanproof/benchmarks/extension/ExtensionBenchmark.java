package dev.spanproof.benchmarks.extension;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
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

/**
 * Issue 5: per-test overhead of {@code @AgentTest} against a hand-wired {@link OpenTelemetryExtension} +
 * WireMock {@code WireMockExtension}, each test doing the same work (three spans, one mock chat request,
 * read the spans). Each operation is one {@link EngineTestKit} run of a fixture class with {@code tests}
 * parameterized invocations; the per-test cost is the slope between the two sizes, which cancels what a
 * run pays once (engine discovery, one server start in both variants).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ExtensionBenchmark {

  @Param({"1", "50"})
  public int tests;

  @Setup(Level.Trial)
  public void setUp() {
    FixtureWork.tests = tests;
    HandWiredFixture.reply = spanproofReply();
  }

  @Benchmark
  public long agentTest() {
    return run(SpanproofFixture.class);
  }

  @Benchmark
  public long handWired() {
    HandWiredFixture.otelTesting = OpenTelemetryExtension.create();
    HandWiredFixture.wireMock = HandWiredFixture.newWireMock();
    return run(HandWiredFixture.class);
  }

  private long run(Class<?> fixture) {
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(fixture))
        .execute();
    long succeeded = results.testEvents().succeeded().count();
    if (succeeded != tests) {
      throw new IllegalStateException(fixture.getSimpleName() + ": " + succeeded + " of " + tests
          + " tests passed: " + results.allEvents().failed().list());
    }
    return succeeded;
  }

  /** The JSON spanproof's mock answers for the fixtures' script, so both variants send the same bytes. */
  static String spanproofReply() {
    try (MockLlm llm = MockLlm.start()) {
      llm.script().reply(FixtureWork.ANSWER).usage(10, 5);
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(llm.openAiBaseUrl() + "/chat/completions"))
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(FixtureWork.REQUEST)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
