package dev.spanproof.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class SpanproofExtensionTest {

  // ---- fixtures: run only through EngineRunner, never by Surefire directly (nested classes) ----

  @AgentTest
  static class ResolvesParametersCase {
    MockLlm llmInSetUp;

    @BeforeEach
    void setUp(MockLlm llm) {
      llmInSetUp = llm;
    }

    @Test
    void parameters(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
      assertThat(llm).isSameAs(llmInSetUp);
      Span span = otel.getTracer("test").spanBuilder("invoke_agent solo").startSpan();
      span.end();
      assertThat(traces.single().render()).isEqualTo("invoke_agent solo");
    }

    @Test
    void globalIsTheSameTelemetry(AgentTraces traces) {
      GlobalOpenTelemetry.getTracer("global-user").spanBuilder("invoke_agent via_global").startSpan().end();
      assertThat(traces.single().render()).isEqualTo("invoke_agent via_global");
    }
  }

  @ExtendWith(SpanproofExtension.class)
  static class UnmatchedRequestCase {
    @Test
    void sendsAnUnscriptedRequest(MockLlm llm) {
      HttpResponse<String> response = ChatRequests.ask(llm.openAiBaseUrl(), "What is 2+2?");
      assertThat(response.statusCode()).isEqualTo(400); // the agent swallowed the error: the test still fails
    }

    @Test
    void failsOnItsOwnAndSendsAnUnscriptedRequest(MockLlm llm) {
      ChatRequests.ask(llm.openAiBaseUrl(), "What is 2+2?");
      throw new AssertionError("the test's own failure");
    }
  }

  @AgentTest
  static class LeakedSpanCase {
    @Test
    void leavesASpanOpen(OpenTelemetry otel) {
      otel.getTracer("test").spanBuilder("execute_tool never_ends").startSpan();
    }
  }

  @AgentTest
  static class AsyncSpanCase {
    @Test
    void spanEndsOnAnotherThreadAfterTheBodyReadsTraces(OpenTelemetry otel, AgentTraces traces) {
      Tracer tracer = otel.getTracer("test");
      Span root = tracer.spanBuilder("invoke_agent async").startSpan();
      CompletableFuture<Void> work;
      try (Scope ignored = root.makeCurrent()) {
        work = CompletableFuture.runAsync(Context.current().wrap(() -> {
          tracer.spanBuilder("execute_tool slow").startSpan().end();
          root.end();
        }));
      }
      // no join: AgentTraces waits for the open root span itself
      assertThat(traces.single().render()).isEqualTo("invoke_agent async\n└── execute_tool slow");
      work.join();
    }
  }

  @AgentTest
  static class FailingWithReportCase {
    @Test
    void failsAfterTracing(MockLlm llm, OpenTelemetry otel) {
      llm.script().reply("Paris");
      Span span = otel.getTracer("test").spanBuilder("invoke_agent geographer").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        ChatRequests.ask(llm.openAiBaseUrl(), "Capital of France?");
      } finally {
        span.end();
      }
      throw new AssertionError("deliberate failure");
    }
  }

  @AgentTest
  static class SkippedByAssumptionCase {
    @Test
    void needsSomethingMissing(MockLlm llm) {
      ChatRequests.ask(llm.openAiBaseUrl(), "unscripted, but the test is skipped anyway");
      org.junit.jupiter.api.Assumptions.abort("the agent's sandbox is not available here");
    }
  }

  // ---- the tests ----

  @Test
  void aTestSkippedByAnAssumptionIsNeitherFailedNorReported(@TempDir Path reports) throws Exception {
    EngineExecutionResults results = EngineRunner.run(SkippedByAssumptionCase.class, Map.of(
        "spanproof.print", "never", "spanproof.report", "on-failure", "spanproof.report.dir", reports.toString()));

    results.testEvents().assertStatistics(stats -> stats.skipped(0).aborted(1).failed(0));
    try (Stream<Path> files = Files.list(reports)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void resolvesOpenTelemetryMockLlmAndAgentTracesPerTest() {
    EngineExecutionResults results = EngineRunner.run(ResolvesParametersCase.class);

    assertThat(EngineRunner.failures(results)).isEmpty();
    results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
  }

  @Test
  void failsAPassingTestWhoseMockLlmGotAnUnscriptedRequestButNeverAddsASecondError() {
    EngineExecutionResults results = EngineRunner.run(UnmatchedRequestCase.class);

    List<Throwable> failures = EngineRunner.failures(results);
    assertThat(failures).hasSize(2);
    Throwable unscripted = failures.stream()
        .filter(t -> !t.getMessage().equals("the test's own failure")).findFirst().orElseThrow();
    assertThat(unscripted.getMessage())
        .contains("POST")
        .contains("/v1/chat/completions")
        .contains("What is 2+2?");
    assertThat(failures).filteredOn(t -> t.getMessage().equals("the test's own failure"))
        .singleElement()
        .satisfies(t -> assertThat(t.getSuppressed()).isEmpty());
  }

  @Test
  void failsATestThatLeavesASpanOpenNamingTheSpan() {
    EngineExecutionResults results = EngineRunner.run(LeakedSpanCase.class, Map.of(
        "spanproof.print", "never", "spanproof.report", "never", "spanproof.spans.timeout", "PT0.2S"));

    assertThat(EngineRunner.failures(results)).singleElement()
        .extracting(Throwable::getMessage, org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("Spans never ended within PT0.2S: [\"execute_tool never_ends\"]. End every span "
            + "(span.end() in a finally block), or raise spanproof.spans.timeout for slow agents.");
  }

  @Test
  void waitsForSpansThatEndOnAnotherThread() {
    EngineExecutionResults results = EngineRunner.run(AsyncSpanCase.class);

    assertThat(EngineRunner.failures(results)).isEmpty();
    results.testEvents().assertStatistics(stats -> stats.succeeded(1));
  }

  @Test
  void writesAnHtmlReportWithTheTraceAndTheLlmExchangeForAFailedTest(@TempDir Path reports) throws Exception {
    EngineExecutionResults results = EngineRunner.run(FailingWithReportCase.class, Map.of(
        "spanproof.print", "never", "spanproof.report", "on-failure",
        "spanproof.report.dir", reports.toString()));

    assertThat(EngineRunner.failures(results)).singleElement()
        .extracting(Throwable::getMessage).isEqualTo("deliberate failure");
    List<Path> files;
    try (Stream<Path> list = Files.list(reports)) {
      files = list.toList();
    }
    assertThat(files).singleElement()
        .satisfies(file -> assertThat(file.getFileName().toString())
            .startsWith("dev.spanproof.junit.SpanproofExtensionTest_FailingWithReportCase.failsAfterTracing-")
            .endsWith(".html"));
    String html = Files.readString(files.get(0));
    assertThat(html)
        .contains("<h1>failsAfterTracing<span class=\"status failed\">failed</span></h1>")
        .contains("<pre class=\"tree\">invoke_agent geographer</pre>")
        .contains("Capital of France?");
  }

  @Test
  void rejectsAnInvalidSettingWithTheAllowedValues() {
    EngineExecutionResults results = EngineRunner.run(LeakedSpanCase.class, Map.of("spanproof.print", "sometimes"));

    assertThat(EngineRunner.failures(results)).singleElement()
        .extracting(Throwable::getMessage)
        .isEqualTo("Invalid spanproof configuration: spanproof.print=\"sometimes\"; expected one of always, "
            + "on-failure, never. Set it in src/test/resources/junit-platform.properties or as "
            + "-Dspanproof.print=….");
  }
}
