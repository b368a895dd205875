package dev.spanproof.evals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanproof.evals.internal.RunState;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class AgentBaselineTest {

  static final String ID = "dev.spanproof.evals.AgentBaselineTest$BaselineTestCase#answers";

  @TempDir
  Path dir;

  /** The prompt the fixture's agent uses; the test grows it between runs. */
  static volatile String prompt = AgentBudgetTest.SHORT_PROMPT;

  @AgentTest
  @AgentBaseline
  static class BaselineTestCase {
    @Test
    void answers(MockLlm llm, OpenTelemetry otel) {
      AgentBudgetTest.runAgent(llm, otel, prompt);
    }
  }

  private EngineExecutionResults run(String mode) {
    return EngineRuns.run(BaselineTestCase.class, dir.resolve("summary"),
        Map.of("spanproof.baseline", mode, "spanproof.baseline.file", dir.resolve("baseline.json").toString()));
  }

  @Test
  void update_mode_writes_the_baseline_check_mode_passes_on_it_and_a_grown_prompt_fails() throws Exception {
    prompt = AgentBudgetTest.SHORT_PROMPT;
    run("update").testEvents().assertStatistics(s -> s.succeeded(1));

    Baseline baseline = Baseline.read(dir.resolve("baseline.json"));
    assertThat(baseline.entries()).containsOnlyKeys(ID);
    AgentUsage accepted = baseline.get(ID).orElseThrow();
    assertThat(accepted).isEqualTo(new AgentUsage(73, 16, 2, 1, accepted.latencyMillis()));
    assertThat(Files.readString(dir.resolve("baseline.json"))).startsWith("""
        {
          "about" : "spanproof baseline: what each test used when it was last accepted. Rewrite it with \
        -Dspanproof.baseline=update (or SPANPROOF_BASELINE=update) and commit the diff.",
          "tests" : {
            "dev.spanproof.evals.AgentBaselineTest$BaselineTestCase#answers" : {
              "inputTokens" : 73,
              "outputTokens" : 16,
              "totalTokens" : 89,
              "llmCalls" : 2,
              "toolCalls" : 1,
              "latencyMillis" :\s""");

    run("check").testEvents().assertStatistics(s -> s.succeeded(1));

    prompt = AgentBudgetTest.GROWN_PROMPT;
    EngineExecutionResults grown = run("check");

    grown.testEvents().assertStatistics(s -> s.failed(1));
    assertThat(AgentBudgetTest.failureMessage(grown, "answers")).startsWith("\"answers\" grew beyond its baseline ("
        + dir.resolve("baseline.json") + ", tolerance +10 %):\n"
        + "  input tokens: 133, baseline 73, limit 80 (+60, +82.2 %)\n"
        + "  total tokens: 149, baseline 89, limit 97 (+60, +67.4 %)\n"
        + "If the growth is intended, rewrite the baseline with -Dspanproof.baseline=update (or "
        + "SPANPROOF_BASELINE=update) and commit it.\n"
        + "Usage: input tokens 133, output tokens 16, total tokens 149, LLM calls 2, tool calls 1, latency ");
    String markdown = Files.readString(dir.resolve("summary/summary.md"));
    assertThat(markdown).contains("""
        ### Budgets and baselines

        | | test | metric | baseline | actual | change | limit |
        | --- | --- | --- | --- | --- | --- | --- |
        | ❌ | `dev.spanproof.evals.AgentBaselineTest$BaselineTestCase#answers` | input tokens | 73 | 133 | +60, +82.2 % | 80 |
        | ❌ | `dev.spanproof.evals.AgentBaselineTest$BaselineTestCase#answers` | total tokens | 89 | 149 | +60, +67.4 % | 97 |
        """);
    EvalSummary.TestResult result = Summaries.read(dir.resolve("summary/summary.json")).tests().get(0);
    assertThat(result.baseline()).isEqualTo("checked");
    assertThat(result.outcome()).isEqualTo("failed");
    assertThat(result.budget()).hasSize(5).filteredOn(BudgetCheck::exceeded).extracting(BudgetCheck::metric)
        .containsExactly(UsageMetric.INPUT_TOKENS, UsageMetric.TOTAL_TOKENS);
  }

  @AgentTest
  @AgentBaseline
  static class FailingTestCase {
    static volatile boolean afterEachFails;

    @AfterEach
    void tearDown() {
      if (afterEachFails) {
        throw new IllegalStateException("the agent left a temp file");
      }
    }

    @Test
    void throwsBeforeTheAgent(MockLlm llm, OpenTelemetry otel) {
      throw new IllegalStateException("no agent today");
    }

    @Test
    void answers(MockLlm llm, OpenTelemetry otel) {
      AgentBudgetTest.runAgent(llm, otel, AgentBudgetTest.SHORT_PROMPT);
    }
  }

  @Test
  void update_mode_keeps_the_entries_of_tests_that_did_not_pass_and_names_them() throws Exception {
    String prefix = "dev.spanproof.evals.AgentBaselineTest$FailingTestCase#";
    AgentUsage old = new AgentUsage(50, 10, 2, 1, 7);
    Baseline.update(dir.resolve("baseline.json"), Map.of(prefix + "throwsBeforeTheAgent", old,
        prefix + "answers", old));
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    EngineExecutionResults results;
    try {
      FailingTestCase.afterEachFails = false;
      results = EngineRuns.run(FailingTestCase.class, dir.resolve("summary"), Map.of("spanproof.baseline", "update",
          "spanproof.baseline.file", dir.resolve("baseline.json").toString()));
    } finally {
      System.setErr(original);
    }

    results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
    Baseline baseline = Baseline.read(dir.resolve("baseline.json"));
    assertThat(baseline.get(prefix + "throwsBeforeTheAgent")).contains(old);
    assertThat(baseline.get(prefix + "answers").orElseThrow().inputTokens()).isEqualTo(73);
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("spanproof: did not update the "
        + "baseline " + dir.resolve("baseline.json") + " for 1 test that did not pass (their entries, if any, are "
        + "kept): " + prefix + "throwsBeforeTheAgent. Make them pass and run with -Dspanproof.baseline=update again.");
    assertThat(Summaries.read(dir.resolve("summary/summary.json")).tests())
        .extracting(EvalSummary.TestResult::id, EvalSummary.TestResult::baseline).containsExactly(
            org.assertj.core.groups.Tuple.tuple(prefix + "answers", "updated"),
            org.assertj.core.groups.Tuple.tuple(prefix + "throwsBeforeTheAgent", "kept"));
    assertThat(Files.readString(dir.resolve("summary/summary.md"))).contains("\nNot updated in the baseline, since "
        + "they did not pass (their entries are kept): `" + prefix + "throwsBeforeTheAgent`\n");

    // the test body passing is not enough: its @AfterEach failing keeps the entry too
    Baseline.update(dir.resolve("baseline.json"), Map.of(prefix + "answers", old));
    FailingTestCase.afterEachFails = true;
    EngineRuns.run(FailingTestCase.class, dir.resolve("summary"), Map.of("spanproof.baseline", "update",
        "spanproof.baseline.file", dir.resolve("baseline.json").toString()))
        .testEvents().assertStatistics(s -> s.failed(2));
    FailingTestCase.afterEachFails = false;

    assertThat(Baseline.read(dir.resolve("baseline.json")).get(prefix + "answers")).contains(old);
  }

  @Test
  void a_test_missing_from_the_baseline_is_new_or_fails_when_asked_to() {
    prompt = AgentBudgetTest.SHORT_PROMPT;
    run("check").testEvents().assertStatistics(s -> s.succeeded(1));
    assertThat(Summaries.read(dir.resolve("summary/summary.json")).tests().get(0).baseline()).isEqualTo("new");

    EngineExecutionResults strict = EngineRuns.run(BaselineTestCase.class, dir.resolve("summary"),
        Map.of("spanproof.baseline.file", dir.resolve("baseline.json").toString(),
            "spanproof.baseline.missing", "fail"));

    assertThat(AgentBudgetTest.failureMessage(strict, "answers")).startsWith("\"answers\" has no entry \"" + ID
        + "\" in the baseline " + dir.resolve("baseline.json") + ". Run the tests with -Dspanproof.baseline=update "
        + "(or SPANPROOF_BASELINE=update) and commit the file.\nUsage: ");
  }

  @Test
  void settings_come_from_properties_then_the_environment() {
    Map<String, String> env = Map.of("SPANPROOF_BASELINE", "update", "CI", "true", "SPANPROOF_SHARD", "job 3");
    RunState.Settings fromEnv = RunState.Settings.read(key -> Optional.empty(), env::get);
    assertThat(fromEnv.baselineMode()).isEqualTo("update");
    assertThat(fromEnv.failOnMissingBaseline()).isTrue();
    assertThat(fromEnv.shard()).isEqualTo("job_3");
    assertThat(fromEnv.baselineFile()).isEqualTo(Path.of("src/test/resources/spanproof/baseline.json"));
    RunState.Settings fromProperty = RunState.Settings.read(
        key -> key.equals("spanproof.baseline") ? Optional.of("off") : Optional.empty(), env::get);
    assertThat(fromProperty.baselineMode()).isEqualTo("off");
    assertThatThrownBy(() -> RunState.Settings.read(key -> Optional.of("sometimes"), k -> null))
        .hasMessage("spanproof.baseline (or SPANPROOF_BASELINE) is \"sometimes\"; use check (the default), update "
            + "(rewrite the baseline from this run) or off");
  }

  @Test
  void compare_allows_the_tolerance_and_checks_latency_only_when_asked() {
    AgentUsage base = new AgentUsage(50, 10, 2, 1, 100);
    List<BudgetCheck> checks = Baseline.compare(base, new AgentUsage(55, 12, 2, 1, 900), 10, -1);

    assertThat(checks).extracting(BudgetCheck::metric).doesNotContain(UsageMetric.LATENCY_MILLIS);
    assertThat(checks).filteredOn(BudgetCheck::exceeded).extracting(BudgetCheck::describe)
        .containsExactly("output tokens: 12, baseline 10, limit 11 (+2, +20.0 %)",
            "total tokens: 67, baseline 60, limit 66 (+7, +11.7 %)");
    assertThat(Baseline.compare(base, new AgentUsage(50, 10, 2, 1, 900), 10, 50))
        .filteredOn(BudgetCheck::exceeded).extracting(BudgetCheck::describe)
        .containsExactly("latency (ms): 900, baseline 100, limit 150 (+800, +800.0 %)");
  }

  @Test
  void an_update_keeps_the_entries_of_tests_that_did_not_run() {
    Path file = dir.resolve("nested/baseline.json");
    Baseline.update(file, Map.of("a.B#one", new AgentUsage(10, 2, 1, 0, 5), "a.B#two", new AgentUsage(1, 1, 1, 1, 1)));
    Baseline.update(file, Map.of("a.B#one", new AgentUsage(12, 2, 1, 0, 6)));

    assertThat(Baseline.read(file).entries()).containsExactly(
        Map.entry("a.B#one", new AgentUsage(12, 2, 1, 0, 6)), Map.entry("a.B#two", new AgentUsage(1, 1, 1, 1, 1)));
    assertThat(dir.resolve("nested")).isDirectoryContaining(p -> p.getFileName().toString().equals("baseline.json"))
        .isDirectoryNotContaining(p -> !p.getFileName().toString().equals("baseline.json"));
  }

  @Test
  void a_malformed_baseline_says_how_to_fix_it() {
    assertThatThrownBy(() -> Baseline.parse("{\"tests\": {\"A#b\": {\"inputTokens\": 1}}}", "baseline.json"))
        .hasMessage("The baseline baseline.json entry \"A#b\" needs \"outputTokens\" as a whole number of 0 or more, "
            + "but has none. Fix the entry, or remove it and run again with -Dspanproof.baseline=update to record "
            + "it anew (an update reads the file first, to keep the entries of tests that do not run).");
    assertThatThrownBy(() -> Baseline.parse("{\"tests\": {\"A#b\": {\"inputTokens\": 72.9, \"outputTokens\": 1, "
        + "\"llmCalls\": 1, \"toolCalls\": 0, \"latencyMillis\": 1}}}", "baseline.json"))
        .hasMessage("The baseline baseline.json entry \"A#b\" needs \"inputTokens\" as a whole number of 0 or more, "
            + "but has 72.9. Fix the entry, or remove it and run again with -Dspanproof.baseline=update to record "
            + "it anew (an update reads the file first, to keep the entries of tests that do not run).");
    assertThatThrownBy(() -> Baseline.parse("{\"tests\": {\"A#b\": {\"inputTokens\": \"22\", \"outputTokens\": 1, "
        + "\"llmCalls\": 1, \"toolCalls\": 0, \"latencyMillis\": 1}}}", "baseline.json"))
        .hasMessageContaining("needs \"inputTokens\" as a whole number of 0 or more, but has \"22\".");
    assertThatThrownBy(() -> Baseline.parse("[]", "baseline.json"))
        .hasMessage("The baseline baseline.json has no \"tests\" object; a baseline looks like {\"tests\": "
            + "{\"com.acme.MyTest#method\": {\"inputTokens\": 22, ...}}}. Delete it and run again with "
            + "-Dspanproof.baseline=update to write a new one (an update reads the file first, to keep the entries "
            + "of tests that do not run).");
  }

  @Test
  void a_corrupt_baseline_in_update_mode_fails_the_test_saying_why_and_the_summary_is_still_written()
      throws Exception {
    prompt = AgentBudgetTest.SHORT_PROMPT;
    Files.writeString(dir.resolve("baseline.json"), "{\"tests\": {\"x\": ");

    EngineExecutionResults results = run("update");

    results.containerEvents().assertStatistics(s -> s.failed(0));
    results.testEvents().assertStatistics(s -> s.failed(1));
    assertThat(AgentBudgetTest.failureMessage(results, "answers")).startsWith("The baseline "
        + dir.resolve("baseline.json") + " is not valid JSON (Unexpected end-of-input")
        .contains("). Fix it, or delete it and run again with -Dspanproof.baseline=update to write a new one (an "
            + "update reads the file first, to keep the entries of tests that do not run).\nUsage: input tokens 73");
    assertThat(Summaries.read(dir.resolve("summary/summary.json")).tests())
        .extracting(EvalSummary.TestResult::outcome, EvalSummary.TestResult::baseline)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("failed", "kept"));
    assertThat(dir.resolve("baseline.json")).hasContent("{\"tests\": {\"x\": ");
  }

  @Test
  void the_summaries_are_written_even_when_the_baseline_update_fails_at_the_end() throws Exception {
    Path file = dir.resolve("baseline.json");
    RunState state = new RunState(new RunState.Settings(dir.resolve("summary"), "s", "update", file, false));
    state.measured("a.B#c", new AgentUsage(1, 1, 1, 0, 1));
    state.add(new EvalSummary.TestResult("a.B#c", "c()", "test", "passed", null, new AgentUsage(1, 1, 1, 0, 1),
        List.of(), "updated", null, null, "s", "2026-01-01T10:00:00Z"));
    Files.writeString(file, "not json"); // broken by someone else after the tests read it

    assertThatThrownBy(state::close).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("The baseline " + file.toAbsolutePath() + " is not valid JSON (");
    assertThat(Summaries.read(dir.resolve("summary/summary.json")).tests()).extracting(EvalSummary.TestResult::id)
        .containsExactly("a.B#c");
  }
}
