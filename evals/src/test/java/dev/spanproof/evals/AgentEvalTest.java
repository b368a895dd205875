package dev.spanproof.evals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spanproof.junit.AgentTest;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

class AgentEvalTest {

  @TempDir
  Path summaryDir;

  static List<String> names(List<Event> events) {
    return events.stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
  }

  static String message(Event event) {
    return event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage();
  }

  static Event lastTest(EngineExecutionResults results) {
    List<Event> finished = results.testEvents().finished().list();
    return finished.get(finished.size() - 1);
  }

  @AgentTest
  static class AgentEvalTestCase {
    @AgentEval(dataset = "evals/calculator.jsonl", repetitions = 2)
    void calculates(EvalCase c, EvalRun run, MockLlm llm, OpenTelemetry otel) {
      llm.script().replyWithToolCall("calculate", c.field("tools").get(0).get("arguments").toString())
          .thenReply(c.expected());
      String answer = new TinyAgent(llm.openAiBaseUrl(), otel).run(c.input());
      run.score(answer, Scorers.exact(), Scorers.toolTrajectory(TrajectoryMatch.STRICT, ArgumentMode.EXACT),
          Scorers.budget(Budget.limits().llmCalls(2)));
    }
  }

  @Test
  void every_case_times_repetition_is_an_invocation_scored_on_its_real_trace() throws Exception {
    EngineExecutionResults results = EngineRuns.run(AgentEvalTestCase.class, summaryDir);

    assertThat(names(results.testEvents().succeeded().list())).containsExactly(
        "two-plus-two · run 1/2", "three-plus-five · run 1/2", "ten-plus-one · run 1/2",
        "two-plus-two · run 2/2", "three-plus-five · run 2/2", "ten-plus-one · run 2/2");
    results.testEvents().assertStatistics(s -> s.succeeded(6).failed(0).aborted(0));
    assertThat(results.allEvents().reportingEntryPublished().list().get(0).getPayload(ReportEntry.class)
        .orElseThrow().getKeyValuePairs()).containsExactly(Map.entry("spanproof.run", "passed"),
        Map.entry("spanproof.score.exact", "1.000 passed"),
        Map.entry("spanproof.score.toolTrajectory(strict)", "1.000 passed"),
        Map.entry("spanproof.score.budget", "1.000 passed"));
    EvalSummary.TestResult result = Summaries.read(summaryDir.resolve("summary.json")).tests().get(0);
    assertThat(result.id()).isEqualTo("dev.spanproof.evals.AgentEvalTest$AgentEvalTestCase#calculates");
    assertThat(result.kind()).isEqualTo("eval");
    assertThat(result.outcome()).isEqualTo("passed");
    assertThat(result.usage().llmCalls()).isEqualTo(12);
    assertThat(result.usage().toolCalls()).isEqualTo(6);
    assertThat(result.eval().runs()).isEqualTo(6);
    assertThat(result.eval().passAtK()).containsOnlyKeys(1, 2);
    assertThat(Files.readString(summaryDir.resolve("summary.md"))).contains("""
        | eval | runs | pass rate | Wilson lower bound | gate | pass@k · pass^k |
        | --- | --- | --- | --- | --- | --- |
        | ✅ `dev.spanproof.evals.AgentEvalTest$AgentEvalTestCase#calculates` | 6/6 | 100 % (6/6) | 0.610 at 95 % \
        | every run must pass | pass@1 1.000 · pass@2 1.000 · pass^1 1.000 · pass^2 1.000 |
        """);
  }

  static class StrictTestCase {
    @AgentEval(dataset = "evals/calculator.yaml")
    void answers(EvalCase c, EvalRun run) {
      run.score(c.id().equals("two-plus-two") ? "5" : c.expected(), Scorers.exact(), Scorers.contains("5"));
    }
  }

  @Test
  void without_a_gate_a_failed_run_fails_with_every_score() {
    EngineExecutionResults results = EngineRuns.run(StrictTestCase.class, summaryDir);

    assertThat(names(results.testEvents().finished().list())).containsExactly("two-plus-two", "three-plus-five");
    results.testEvents().assertStatistics(s -> s.failed(2));
    assertThat(results.testEvents().failed().list()).extracting(AgentEvalTest::message).containsExactly("""
        Run 1/1 of case "two-plus-two" failed 1 of 2 scorers:
          ✗ exact (0.00): expected "4" but the output was "5"
          ✓ contains (1.00): the output contains "5\"""", """
        Run 1/1 of case "three-plus-five" failed 1 of 2 scorers:
          ✓ exact (1.00): the output equals "8"
          ✗ contains (0.00): the output "8" does not contain "5\"""");
    assertThat(Summaries.read(summaryDir.resolve("summary.json")).tests().get(0).eval().caseResults())
        .flatExtracting(EvalSummary.CaseResult::failures).containsExactly(
            "two-plus-two: ✗ exact (0.00): expected \"4\" but the output was \"5\"",
            "three-plus-five: ✗ contains (0.00): the output \"8\" does not contain \"5\"");
  }

  /** Fails the first {@link #failures} repetitions. */
  static class GateTestCase {
    static volatile int failures;

    @AgentEval(dataset = "evals/one.jsonl", repetitions = 30, minPassRate = 0.8)
    void thirty(EvalRun run) {
      if (run.repetition() <= failures) {
        throw new AssertionError("wrong answer " + run.repetition());
      }
    }
  }

  @Test
  void twenty_nine_of_thirty_passes_the_gate_and_failed_runs_are_aborted_with_their_reason() {
    GateTestCase.failures = 1;
    EngineExecutionResults results = EngineRuns.run(GateTestCase.class, summaryDir);

    results.testEvents().assertStatistics(s -> s.succeeded(30).aborted(1).failed(0));
    assertThat(message(results.testEvents().aborted().list().get(0)))
        .isEqualTo("Counted as a failed run by the pass-rate gate: wrong answer 1");
    assertThat(lastTest(results).getTestDescriptor().getDisplayName())
        .isEqualTo("pass-rate gate: 29/30 passed (96.7 %), Wilson lower bound 0.833 at 95 % ≥ 0.800");
    Map<String, String> gateEntries = results.allEvents().reportingEntryPublished().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("pass-rate gate"))
        .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs()).findFirst().orElseThrow();
    assertThat(gateEntries).containsExactly(Map.entry("spanproof.runs", "30"), Map.entry("spanproof.passes", "29"),
        Map.entry("spanproof.passRate", "0.967"), Map.entry("spanproof.wilsonLowerBound", "0.833"),
        Map.entry("spanproof.passAtK.1", "0.967"), Map.entry("spanproof.passAtK.30", "1.000"),
        Map.entry("spanproof.passHatK.1", "0.967"), Map.entry("spanproof.passHatK.30", "0.000"),
        Map.entry("spanproof.tokens.total", "0"), Map.entry("spanproof.llmCalls", "0"));
    EvalSummary.EvalResult eval = Summaries.read(summaryDir.resolve("summary.json")).tests().get(0).eval();
    assertThat(eval.wilsonLowerBound()).isCloseTo(0.833296, within(1e-4));
    assertThat(eval.gatePassed()).isTrue();
    assertThat(eval.passAtK()).containsExactly(Map.entry(1, 29.0 / 30), Map.entry(30, 1.0));
    assertThat(eval.passHatK().get(1)).isCloseTo(29.0 / 30, within(1e-9));
    assertThat(eval.passHatK().get(30)).isEqualTo(0.0);
    assertThat(eval.caseResults()).containsExactly(
        new EvalSummary.CaseResult("only", 30, 29, List.of("only · run 1/30: wrong answer 1")));
  }

  @Test
  void twenty_seven_of_thirty_fails_the_gate_saying_how_many_more_passing_runs_it_needs() {
    GateTestCase.failures = 3;
    EngineExecutionResults results = EngineRuns.run(GateTestCase.class, summaryDir);

    results.testEvents().assertStatistics(s -> s.succeeded(27).aborted(3).failed(1));
    Event gate = lastTest(results);
    assertThat(gate.getTestDescriptor().getDisplayName())
        .isEqualTo("pass-rate gate: 27/30 passed (90.0 %), Wilson lower bound 0.744 at 95 % < 0.800");
    assertThat(message(gate)).isEqualTo("""
        The pass rate is not proven to reach 0.800: 27/30 passed (90.0 %), Wilson lower bound 0.744 at 95 % < 0.800.
        With 10 more passing runs (37/40) the bound would reach 0.800: raise the pass rate, or run more \
        repetitions if the rate is truly above 0.800.
        Failed runs:
          only · run 1/30: wrong answer 1
          only · run 2/30: wrong answer 2
          only · run 3/30: wrong answer 3""");
    assertThat(gate.getTestDescriptor().getDisplayName()).startsWith("pass-rate gate");
  }

  static class TenOfTenTestCase {
    @AgentEval(dataset = "evals/one.jsonl", repetitions = 10, minPassRate = 0.8)
    void ten(EvalRun run) {}
  }

  @Test
  void ten_of_ten_is_not_enough_evidence_for_a_rate_of_eighty_percent() {
    EngineExecutionResults results = EngineRuns.run(TenOfTenTestCase.class, summaryDir);

    results.testEvents().assertStatistics(s -> s.succeeded(10).failed(1));
    assertThat(message(lastTest(results))).isEqualTo("""
        The pass rate is not proven to reach 0.800: 10/10 passed (100.0 %), Wilson lower bound 0.722 at 95 % < 0.800.
        With 6 more passing runs (16/16) the bound would reach 0.800: raise the pass rate, or run more \
        repetitions if the rate is truly above 0.800.""");
  }

  static class EarlyStopTestCase {
    static volatile boolean pass;

    @AgentEval(dataset = "evals/one.jsonl", repetitions = 30, minPassRate = 0.8, earlyStop = true)
    void thirty() {
      if (!pass) {
        throw new AssertionError("wrong");
      }
    }
  }

  @Test
  void early_stop_ends_the_runs_once_the_gate_cannot_flip() {
    EarlyStopTestCase.pass = false;
    EngineExecutionResults failing = EngineRuns.run(EarlyStopTestCase.class, summaryDir);

    failing.testEvents().assertStatistics(s -> s.aborted(2).failed(1).succeeded(0));
    assertThat(lastTest(failing).getTestDescriptor().getDisplayName()).isEqualTo("pass-rate gate: 0/2 passed "
        + "(0.0 %), Wilson lower bound 0.000 at 95 % < 0.800 (stopped early after 2 of 30 runs)");

    EarlyStopTestCase.pass = true;
    EngineExecutionResults passing = EngineRuns.run(EarlyStopTestCase.class, summaryDir);

    passing.testEvents().assertStatistics(s -> s.succeeded(30).failed(0)); // 29 runs and the gate
    assertThat(lastTest(passing).getTestDescriptor().getDisplayName()).isEqualTo("pass-rate gate: 29/29 passed "
        + "(100.0 %), Wilson lower bound 0.883 at 95 % ≥ 0.800 (stopped early after 29 of 30 runs)");
    EvalSummary.EvalResult eval = Summaries.read(summaryDir.resolve("summary.json")).tests().get(0).eval();
    assertThat(eval.stoppedEarly()).isTrue();
    assertThat(eval.runs()).isEqualTo(29);
    assertThat(eval.passAtK()).containsOnlyKeys(1); // pass@30 needs 30 runs of a case
  }

  @Test
  void the_runs_of_an_eval_stay_in_order_under_parallel_execution() {
    EarlyStopTestCase.pass = false;
    EngineExecutionResults results = EngineRuns.run(EarlyStopTestCase.class, summaryDir, Map.of(
        "junit.jupiter.execution.parallel.enabled", "true",
        "junit.jupiter.execution.parallel.mode.default", "concurrent",
        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent"));

    results.testEvents().assertStatistics(s -> s.aborted(2).failed(1).succeeded(0));
    assertThat(names(results.testEvents().finished().list())).containsExactly("only · run 1/30", "only · run 2/30",
        "pass-rate gate: 0/2 passed (0.0 %), Wilson lower bound 0.000 at 95 % < 0.800 (stopped early after 2 of 30 runs)");
  }

  /** Its @AfterEach fails after the first run; no gate, so every run must pass. */
  static class AfterEachFailsTestCase {
    static final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    @AfterEach
    void tearDown() {
      if (calls.getAndIncrement() == 0) {
        throw new IllegalStateException("the agent left a temp file");
      }
    }

    @AgentEval(dataset = "evals/one.jsonl", repetitions = 2)
    void passes(EvalRun run) {}
  }

  @Test
  void a_run_whose_after_each_fails_is_a_failed_run_in_the_summary_and_the_merge() throws Exception {
    AfterEachFailsTestCase.calls.set(0);
    EngineExecutionResults results = EngineRuns.run(AfterEachFailsTestCase.class, summaryDir);

    results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
    assertThat(message(results.testEvents().failed().list().get(0))).isEqualTo("the agent left a temp file");
    assertThat(results.allEvents().reportingEntryPublished().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().equals("only · run 1/2"))
        .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs()).findFirst().orElseThrow())
        .containsExactly(Map.entry("spanproof.run", "failed"));
    EvalSummary.TestResult result = Summaries.read(summaryDir.resolve("summary.json")).tests().get(0);
    assertThat(result.outcome()).isEqualTo("failed");
    assertThat(result.message()).isEqualTo("1 of 2 runs failed");
    assertThat(result.eval().passes()).isEqualTo(1);
    assertThat(result.eval().caseResults()).containsExactly(new EvalSummary.CaseResult("only", 2, 1,
        List.of("only · run 1/2: @AfterEach failed: the agent left a temp file")));
    assertThat(Files.readString(summaryDir.resolve("summary.md"))).contains("| 2/2 | 50 % (1/2) |");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    assertThat(MergeSummaries.run(new String[] {"--out", summaryDir.resolve("merged").toString(),
        summaryDir.resolve("summary.json").toString()}, new java.io.PrintStream(out), new java.io.PrintStream(out)))
        .isEqualTo(1);
  }

  /** Its @BeforeEach fails on every other call: runs 1, 3 and 5 never reach their body. */
  static class BeforeEachFailsTestCase {
    static final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void setUp() {
      if (calls.getAndIncrement() % 2 == 0) {
        throw new IllegalStateException("setup broke");
      }
    }

    @AgentEval(dataset = "evals/one.jsonl", repetitions = 6, minPassRate = 0.5)
    void passes(EvalRun run) {}
  }

  @Test
  void under_a_gate_a_run_whose_before_each_fails_is_counted_and_the_gate_skips_the_lifecycle_methods() {
    BeforeEachFailsTestCase.calls.set(0);
    EngineExecutionResults results = EngineRuns.run(BeforeEachFailsTestCase.class, summaryDir);

    results.testEvents().assertStatistics(s -> s.succeeded(3).aborted(3).failed(1));
    assertThat(results.testEvents().aborted().list()).extracting(AgentEvalTest::message).containsOnly(
        "Counted as a failed run by the pass-rate gate: @BeforeEach failed: setup broke");
    assertThat(BeforeEachFailsTestCase.calls).hasValue(6); // six runs; the gate ran no @BeforeEach
    Event gate = lastTest(results);
    assertThat(gate.getTestDescriptor().getDisplayName())
        .isEqualTo("pass-rate gate: 3/6 passed (50.0 %), Wilson lower bound 0.188 at 95 % < 0.500");
    assertThat(message(gate)).isEqualTo("""
        The pass rate is not proven to reach 0.500: 3/6 passed (50.0 %), Wilson lower bound 0.188 at 95 % < 0.500.
        With 8 more passing runs (11/14) the bound would reach 0.500: raise the pass rate, or run more \
        repetitions if the rate is truly above 0.500.
        Failed runs:
          only · run 1/6: @BeforeEach failed: setup broke
          only · run 3/6: @BeforeEach failed: setup broke
          only · run 5/6: @BeforeEach failed: setup broke""");
    EvalSummary.EvalResult eval = Summaries.read(summaryDir.resolve("summary.json")).tests().get(0).eval();
    assertThat(eval.runs()).isEqualTo(6);
    assertThat(eval.passes()).isEqualTo(3);
    assertThat(eval.gatePassed()).isFalse();
  }

  /** Fails its second run in an extension's callback, which no handler can turn into an abort. */
  static class FailsSecondRun implements AfterEachCallback {
    static final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void afterEach(ExtensionContext context) {
      if (calls.incrementAndGet() == 2) {
        throw new IllegalStateException("the sandbox was not cleaned up");
      }
    }
  }

  @ExtendWith(FailsSecondRun.class)
  static class CallbackFailsTestCase {
    static final java.util.concurrent.atomic.AtomicInteger afterEachCalls =
        new java.util.concurrent.atomic.AtomicInteger();

    @AfterEach
    void tearDown() {
      if (afterEachCalls.incrementAndGet() == 1) {
        throw new IllegalStateException("teardown broke");
      }
    }

    @AgentEval(dataset = "evals/one.jsonl", repetitions = 4, minPassRate = 0.05)
    void passes(EvalRun run) {}
  }

  @Test
  void under_a_gate_after_each_and_extension_callback_failures_are_counted_too() {
    FailsSecondRun.calls.set(0);
    CallbackFailsTestCase.afterEachCalls.set(0);
    EngineExecutionResults results = EngineRuns.run(CallbackFailsTestCase.class, summaryDir);

    // run 1: its @AfterEach failed (aborted, counted); run 2: the extension failed it (a failure JUnit keeps)
    assertThat(names(results.testEvents().aborted().list())).containsExactly("only · run 1/4");
    assertThat(message(results.testEvents().aborted().list().get(0)))
        .isEqualTo("Counted as a failed run by the pass-rate gate: @AfterEach failed: teardown broke");
    assertThat(names(results.testEvents().failed().list())).containsExactly("only · run 2/4");
    assertThat(CallbackFailsTestCase.afterEachCalls).hasValue(4);
    assertThat(lastTest(results).getTestDescriptor().getDisplayName())
        .isEqualTo("pass-rate gate: 2/4 passed (50.0 %), Wilson lower bound 0.150 at 95 % ≥ 0.050");
    assertThat(Summaries.read(summaryDir.resolve("summary.json")).tests().get(0).eval().caseResults())
        .flatExtracting(EvalSummary.CaseResult::failures).containsExactly(
            "only · run 1/4: @AfterEach failed: teardown broke", "only · run 2/4: the sandbox was not cleaned up");
  }

  @AgentTest
  static class BudgetedEvalTestCase {
    @AgentEval(dataset = "evals/one.jsonl")
    @AgentBudget(llmCalls = 0)
    void overBudget(EvalCase c, MockLlm llm, OpenTelemetry otel) {
      llm.script().reply("pong");
      new TinyAgent(llm.openAiBaseUrl(), otel).run(c.input());
    }

    @AgentEval(dataset = "evals/one.jsonl")
    void unusedStep(EvalCase c, MockLlm llm, OpenTelemetry otel) {
      llm.script().reply("pong").thenReply("never asked for");
      new TinyAgent(llm.openAiBaseUrl(), otel).run(c.input());
    }
  }

  @Test
  void a_run_over_its_budget_or_leaving_the_mock_unsatisfied_fails() {
    EngineExecutionResults results = EngineRuns.run(BudgetedEvalTestCase.class, summaryDir);

    results.testEvents().assertStatistics(s -> s.failed(2));
    assertThat(results.testEvents().failed().list()).extracting(AgentEvalTest::message).containsExactlyInAnyOrder(
        "Run 1/1 of case \"only\" failed:\nover budget: LLM calls: 1, budget 0 (+1)",
        "Run 1/1 of case \"only\" failed:\nmock LLM: Unused step in session \"only\": #2 reply \"never asked for\" "
            + "was used 0 of 1 time. Remove it, or call llm.script().lenient() if it is optional.");
  }

  @Test
  void report_entries_can_also_go_to_standard_output_for_surefire() {
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      EngineRuns.run(TenOfTenTestCase.class, summaryDir, Map.of("spanproof.entries.print", "true"));
    } finally {
      System.setOut(original);
    }

    List<String> printed = captured.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("[spanproof]")).toList();
    assertThat(printed).hasSize(22); // per run: its outcome and its usage; then the gate and the eval
    assertThat(printed.get(0)).isEqualTo("[spanproof] spanproof.run=passed");
    assertThat(printed.get(1)).isEqualTo("[spanproof] spanproof.tokens.input=0 spanproof.tokens.output=0 "
        + "spanproof.tokens.total=0 spanproof.llmCalls=0 spanproof.toolCalls=0 spanproof.latencyMillis=0");
    assertThat(printed.get(20)).isEqualTo("[spanproof] spanproof.runs=10 spanproof.passes=10 "
        + "spanproof.passRate=1.000 spanproof.wilsonLowerBound=0.722 spanproof.passAtK.1=1.000 "
        + "spanproof.passAtK.10=1.000 spanproof.passHatK.1=1.000 spanproof.passHatK.10=1.000 "
        + "spanproof.tokens.total=0 spanproof.llmCalls=0");
  }

  static class MisconfiguredTestCase {
    @AgentEval(dataset = "evals/one.jsonl", repetitions = 0)
    void noRepetitions() {}

    @AgentEval(dataset = "evals/missing.jsonl")
    void missingDataset() {}

    @AgentEval(dataset = "evals/one.jsonl", earlyStop = true)
    void earlyStopWithoutGate() {}

    @AgentEval(dataset = "evals/one.jsonl", minPassRate = 1.0)
    void unreachableGate() {}

    @AgentEval(dataset = "evals/one.jsonl", minPassRate = 0.0)
    void gateOfZero() {}

    @AgentEval(dataset = "evals/one.jsonl", minPassRate = -0.5)
    void negativeGate() {}
  }

  @Test
  void misconfigured_evals_fail_saying_how_to_fix_them() {
    EngineExecutionResults results = EngineRuns.run(MisconfiguredTestCase.class, summaryDir);

    assertThat(results.containerEvents().failed().list()).extracting(AgentEvalTest::message).containsExactlyInAnyOrder(
        "@AgentEval on MisconfiguredTestCase.noRepetitions has repetitions = 0; run each case at least once "
            + "(repetitions = 1 or more)",
        "The dataset \"evals/missing.jsonl\" is not on the test classpath; put it at "
            + "src/test/resources/evals/missing.jsonl (JSON Lines, YAML or JSON).",
        "@AgentEval on MisconfiguredTestCase.earlyStopWithoutGate sets earlyStop without minPassRate; early stop "
            + "needs a pass-rate gate whose outcome can be decided, such as minPassRate = 0.8",
        "@AgentEval on MisconfiguredTestCase.unreachableGate has minPassRate = 1.0; give a fraction above 0 and "
            + "below 1, such as 0.8, or leave it out (AgentEval.EVERY_RUN) so that every run must pass",
        "@AgentEval on MisconfiguredTestCase.gateOfZero has minPassRate = 0, a gate that passes even when every run "
            + "fails; give a real threshold above 0, such as 0.8, or leave it out (AgentEval.EVERY_RUN) so that "
            + "every run must pass",
        "@AgentEval on MisconfiguredTestCase.negativeGate has minPassRate = -0.5; give a fraction above 0 and "
            + "below 1, such as 0.8, or leave it out (AgentEval.EVERY_RUN) so that every run must pass");
  }
}
