package dev.spanproof.evals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.spanproof.evals.EvalSummary.CaseResult;
import dev.spanproof.evals.EvalSummary.EvalResult;
import dev.spanproof.evals.EvalSummary.Shard;
import dev.spanproof.evals.EvalSummary.TestResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummariesTest {

  @TempDir
  Path dir;

  static TestResult test(String id, String outcome, String finishedAt, String shard) {
    return new TestResult(id, id.substring(id.indexOf('#') + 1) + "()", "test", outcome,
        outcome.equals("passed") ? null : "boom", new AgentUsage(70, 10, 2, 1, 15),
        List.of(new BudgetCheck(UsageMetric.INPUT_TOKENS, 70, 55, 50)), "checked", null,
        Map.of("snapshot", JsonNodeFactory.instance.textNode("matched")), shard, finishedAt);
  }

  static TestResult eval(String id, String shard) {
    EvalResult eval = new EvalResult("evals/calc.jsonl", 1, 30, 30, 30, 29, 29.0 / 30, 0.95, 0.8333, 0.9941, 0.8,
        true, 0, false, Map.of(1, 0.9667), Map.of(1, 0.9667), List.of(new CaseResult("adds", 30, 29,
            List.of("adds · run 4/30: expected \"4\" but the output was \"5\""))));
    return new TestResult(id, "calculates(EvalCase, EvalRun)", "eval", "passed", null, new AgentUsage(900, 300, 60, 30, 4000),
        List.of(), null, eval, null, shard, "2026-11-23T10:00:00Z");
  }

  static EvalSummary summary(String shard, String finishedAt, TestResult... tests) {
    return new EvalSummary(EvalSummary.FORMAT, List.of(new Shard(shard, finishedAt, tests.length)), List.of(tests));
  }

  @Test
  void json_round_trips_with_derived_totals_for_readers() {
    EvalSummary summary = summary("fork-1", "2026-11-23T10:00:00Z", test("a.B#c", "failed", "2026-11-23T10:00:00Z",
        "fork-1"), eval("a.E#calc", "fork-1"));

    String json = Summaries.toJson(summary);

    assertThat(Summaries.fromJson(json, "x.json")).isEqualTo(summary);
    assertThat(json).contains("    \"usage\" : {\n      \"inputTokens\" : 70,\n      \"outputTokens\" : 10,\n"
        + "      \"llmCalls\" : 2,\n      \"toolCalls\" : 1,\n      \"latencyMillis\" : 15,\n"
        + "      \"totalTokens\" : 80\n    },");
    assertThat(json).contains("\"extensions\" : {\n      \"snapshot\" : \"matched\"\n    }");
  }

  @Test
  void merge_keeps_every_shard_and_from_one_shard_the_newest_result_of_each_test() {
    EvalSummary first = summary("fork-1", "2026-11-23T10:00:00Z",
        test("a.B#one", "failed", "2026-11-23T10:00:00Z", "fork-1"),
        test("a.B#two", "passed", "2026-11-23T10:00:00Z", "fork-1"));
    EvalSummary retried = summary("fork-1", "2026-11-23T11:00:00Z",
        test("a.B#one", "passed", "2026-11-23T11:00:00Z", "fork-1"));
    EvalSummary other = summary("fork-2", "2026-11-23T11:00:00Z", eval("a.E#calc", "fork-2"));

    EvalSummary merged = Summaries.merge(List.of(retried, other, first));

    assertThat(merged.shards()).extracting(Shard::id, Shard::finishedAt).containsExactly(
        org.assertj.core.groups.Tuple.tuple("fork-1", "2026-11-23T11:00:00Z"),
        org.assertj.core.groups.Tuple.tuple("fork-2", "2026-11-23T11:00:00Z"));
    assertThat(merged.tests()).extracting(TestResult::id, TestResult::outcome, TestResult::shard).containsExactly(
        org.assertj.core.groups.Tuple.tuple("a.B#one", "passed", "fork-1"),
        org.assertj.core.groups.Tuple.tuple("a.B#two", "passed", "fork-1"),
        org.assertj.core.groups.Tuple.tuple("a.E#calc", "passed", "fork-2"));
  }

  @Test
  void across_shards_a_failure_is_kept_over_a_later_pass_and_merge_summaries_exits_with_one() throws Exception {
    Summaries.write(summary("jdk17", "2026-01-01T10:00:00Z", test("A#t", "failed", "2026-01-01T10:00:00Z", "jdk17")),
        dir.resolve("jdk17"));
    Summaries.write(summary("jdk21", "2026-01-01T10:00:05Z", test("A#t", "passed", "2026-01-01T10:00:05Z", "jdk21")),
        dir.resolve("jdk21"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int status = MergeSummaries.run(new String[] {"--out", dir.resolve("merged").toString(),
        dir.resolve("jdk17").toString(), dir.resolve("jdk21").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Merged 2 summaries (1 tests, 1 failed)");
    assertThat(Summaries.read(dir.resolve("merged/summary.json")).tests())
        .extracting(TestResult::outcome, TestResult::shard).containsExactly(
            org.assertj.core.groups.Tuple.tuple("failed", "jdk17"));
    // in either order, and an aborted result in another shard does not hide it either
    assertThat(Summaries.merge(List.of(
        summary("jdk21", "2026-01-01T10:00:05Z", test("A#t", "passed", "2026-01-01T10:00:05Z", "jdk21")),
        summary("jdk17", "2026-01-01T10:00:00Z", test("A#t", "failed", "2026-01-01T10:00:00Z", "jdk17")),
        summary("jdk25", "2026-01-01T10:00:09Z", test("A#t", "aborted", "2026-01-01T10:00:09Z", "jdk25"))))
        .tests()).extracting(TestResult::outcome, TestResult::shard).containsExactly(
            org.assertj.core.groups.Tuple.tuple("failed", "jdk17"));
  }

  @Test
  void merge_orders_results_by_instant_not_by_text() {
    EvalSummary passed = summary("s1", "2026-01-01T10:00:00.100Z",
        test("C#t", "passed", "2026-01-01T10:00:00.100Z", "s1"));
    EvalSummary failedLater = summary("s1", "2026-01-01T10:00:00.100200Z",
        test("C#t", "failed", "2026-01-01T10:00:00.100200Z", "s1"));

    assertThat(Summaries.merge(List.of(passed, failedLater)).tests()).extracting(TestResult::outcome)
        .containsExactly("failed");
    assertThat(Summaries.merge(List.of(failedLater, passed)).tests()).extracting(TestResult::outcome)
        .containsExactly("failed");
    assertThatThrownBy(() -> Summaries.merge(List.of(passed,
        summary("s1", "yesterday", test("C#t", "failed", "yesterday", "s1")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard s1 has finishedAt \"yesterday\", which is not an ISO-8601 instant such as "
            + "2026-01-01T10:00:00Z");
  }

  @Test
  void markdown_is_a_ci_job_summary() {
    EvalSummary summary = summary("fork-1", "2026-11-23T10:00:00Z",
        test("a.B#one", "failed", "2026-11-23T10:00:00Z", "fork-1"), eval("a.E#calc", "fork-1"));

    assertThat(Summaries.toMarkdown(summary)).isEqualTo("""
        ## spanproof summary

        ❌ 2 tests, 1 failed, 1 eval · tokens 970 in / 310 out · 62 LLM calls · 31 tool calls · shards: fork-1

        ### Evals

        | eval | runs | pass rate | Wilson lower bound | gate | pass@k · pass^k |
        | --- | --- | --- | --- | --- | --- |
        | ✅ `a.E#calc` | 30/30 | 96.7 % (29/30) | 0.833 at 95 % | passed: ≥ 0.800 | pass@1 0.967 · pass^1 0.967 |

        <details><summary>a.E#calc: 1 failed run</summary>

        - adds · run 4/30: expected "4" but the output was "5"

        </details>

        ### Budgets and baselines

        | | test | metric | baseline | actual | change | limit |
        | --- | --- | --- | --- | --- | --- | --- |
        | ❌ | `a.B#one` | input tokens | 50 | 70 | +20, +40.0 % | 55 |

        ### Tests

        | | test | input tokens | output tokens | LLM calls | tool calls | latency |
        | --- | --- | --- | --- | --- | --- | --- |
        | ❌ | `a.B#one` | 70 | 10 | 2 | 1 | 15 ms |
        | ✅ | `a.E#calc` | 900 | 300 | 60 | 30 | 4000 ms |
        """);
  }

  @Test
  void the_evals_table_never_reads_a_failed_gate_as_equal_bounds() {
    double bound = PassRateStatistics.wilsonLowerBound(60, 67, 0.95);
    EvalResult eval = new EvalResult("evals/calc.jsonl", 1, 67, 67, 67, 60, 60.0 / 67, 0.95, bound, 0.95, 0.8,
        false, 1, false, Map.of(), Map.of(), List.of());
    TestResult result = new TestResult("a.E#calc", "calc", "eval", "failed", "gate", AgentUsage.NONE, List.of(),
        null, eval, null, "s", "2026-11-23T10:00:00Z");

    assertThat(Summaries.toMarkdown(summary("s", "2026-11-23T10:00:00Z", result)))
        .contains("| ❌ `a.E#calc` | 67/67 | 89.6 % (60/67) | 0.7997 at 95 % | failed: < 0.800 (1 more passing run "
            + "needed) |");
  }

  @Test
  void merge_summaries_main_merges_files_and_folders_and_exits_by_outcome() throws Exception {
    Files.createDirectories(dir.resolve("job-2"));
    Files.writeString(dir.resolve("job-1.json"), Summaries.toJson(summary("job-1", "2026-11-23T10:00:00Z",
        test("a.B#one", "passed", "2026-11-23T10:00:00Z", "job-1"))));
    Files.writeString(dir.resolve("job-2/summary.json"), Summaries.toJson(summary("job-2", "2026-11-23T10:00:00Z",
        eval("a.E#calc", "job-2"))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = MergeSummaries.run(new String[] {"--out", dir.resolve("merged").toString(),
        dir.resolve("job-1.json").toString(), dir.resolve("job-2").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Merged 2 summaries (2 tests, 0 failed) into "
        + dir.resolve("merged/summary.json") + " and " + dir.resolve("merged/summary.md") + "\n");
    EvalSummary merged = Summaries.read(dir.resolve("merged/summary.json"));
    assertThat(merged.shards()).extracting(Shard::id).containsExactly("job-1", "job-2");
    assertThat(merged.tests()).extracting(TestResult::id).containsExactly("a.B#one", "a.E#calc");
    assertThat(dir.resolve("merged/summary.md")).content().startsWith("## spanproof summary\n\n✅ 2 tests, 0 failed");
  }

  @Test
  void merge_summaries_main_explains_bad_arguments_and_input() throws Exception {
    Files.writeString(dir.resolve("junk.json"), "{\"format\": \"something-else\"}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThat(MergeSummaries.run(new String[] {dir.resolve("junk.json").toString()}, out, errStream)).isEqualTo(2);
    assertThat(MergeSummaries.run(new String[] {"--out", dir.resolve("m").toString(), dir.resolve("junk.json")
        .toString()}, out, errStream)).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("""
        MergeSummaries: no --out folder given
        usage: MergeSummaries [--allow-empty] --out DIR SUMMARY_OR_FOLDER...
          merges spanproof summary.json files (or folders of them) into DIR/summary.json and DIR/summary.md;
          --allow-empty accepts summaries that hold no test result (else exit status 2)
        MergeSummaries: %s is not a spanproof summary: its "format" is something-else, expected spanproof-summary/1
        """.formatted(dir.resolve("junk.json")));
  }

  @Test
  void a_json_file_without_the_format_is_not_a_summary() throws Exception {
    assertThatThrownBy(() -> Summaries.fromJson("{\"numFailedTests\": 3}", "test-results.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("test-results.json is not a spanproof summary: it has no \"format\", expected "
            + "\"format\": \"spanproof-summary/1\"");
    assertThatThrownBy(() -> Summaries.fromJson("[1, 2]", "list.json"))
        .hasMessage("list.json is not a spanproof summary: it has no \"format\", expected "
            + "\"format\": \"spanproof-summary/1\"");
    Files.createDirectories(dir.resolve("artifact"));
    Files.writeString(dir.resolve("artifact/test-results.json"), "{\"numFailedTests\": 3}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThat(MergeSummaries.run(new String[] {"--out", dir.resolve("m").toString(),
        dir.resolve("artifact").toString()}, sink, new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("MergeSummaries: "
        + dir.resolve("artifact/test-results.json") + " is not a spanproof summary: it has no \"format\", "
        + "expected \"format\": \"spanproof-summary/1\"\n");
    assertThat(dir.resolve("m")).doesNotExist();
  }

  @Test
  void summaries_without_a_test_result_exit_with_two_unless_allowed() throws Exception {
    Summaries.write(new EvalSummary(EvalSummary.FORMAT, List.of(new Shard("job-1", "2026-11-23T10:00:00Z", 0)),
        List.of()), dir.resolve("job-1"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(MergeSummaries.run(new String[] {"--out", dir.resolve("m").toString(),
        dir.resolve("job-1").toString()}, outStream, errStream)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("MergeSummaries: the summary in ["
        + dir.resolve("job-1") + "] holds no test result, so nothing shows that the tests passed. Check that the "
        + "paths point at the jobs' target/spanproof/summary.json files (a wrong artifact path ends here), or "
        + "pass --allow-empty if a run without tests under spanproof is expected.\n");
    assertThat(dir.resolve("m")).doesNotExist();

    assertThat(MergeSummaries.run(new String[] {"--allow-empty", "--out", dir.resolve("m").toString(),
        dir.resolve("job-1").toString()}, outStream, errStream)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Merged 1 summary (0 tests, 0 failed)");
    assertThat(Summaries.read(dir.resolve("m/summary.json")).tests()).isEmpty();
  }

  @Test
  void a_failed_test_makes_merge_summaries_exit_with_one() {
    Summaries.write(summary("s", "2026-11-23T10:00:00Z", test("a.B#one", "failed", "2026-11-23T10:00:00Z", "s")),
        dir);
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThat(MergeSummaries.run(new String[] {"--out", dir.resolve("m").toString(),
        dir.resolve("summary.json").toString()}, sink, sink)).isEqualTo(1);
  }

  @Test
  void a_run_writes_its_shard_and_merges_every_shard_of_the_folder() throws Exception {
    // another fork of the same build already wrote its shard
    Files.createDirectories(dir.resolve("shards"));
    Files.writeString(dir.resolve("shards/other-fork.json"), Summaries.toJson(summary("other-fork",
        "2026-11-23T10:00:00Z", test("a.B#fromOtherFork", "passed", "2026-11-23T10:00:00Z", "other-fork"))));

    EngineRuns.run(AgentEvalTest.TenOfTenTestCase.class, dir);

    EvalSummary merged = Summaries.read(dir.resolve("summary.json"));
    assertThat(merged.shards()).extracting(Shard::id).containsExactly("other-fork", "test-shard");
    assertThat(merged.tests()).extracting(TestResult::id).containsExactly("a.B#fromOtherFork",
        "dev.spanproof.evals.AgentEvalTest$TenOfTenTestCase#ten");
    assertThat(dir.resolve("shards/test-shard.json")).exists();
    assertThatThrownBy(() -> Summaries.fromJson("nope", "bad.json"))
        .hasMessageStartingWith("bad.json is not a spanproof summary: Unrecognized token 'nope'");
  }

  @Test
  void in_the_folder_an_earlier_builds_shard_file_gives_way_to_a_re_run_but_a_concurrent_forks_failure_stays() throws Exception {
    String id = "dev.spanproof.evals.AgentEvalTest$TenOfTenTestCase#ten";
    Files.createDirectories(dir.resolve("shards"));
    // left over from a build before this JVM started, without a clean: the test failed then
    Files.writeString(dir.resolve("shards/jvm-1-1.json"), Summaries.toJson(summary("jvm-1-1",
        "2000-01-01T10:00:00Z", test(id, "failed", "2000-01-01T10:00:00Z", "jvm-1-1"),
        test("a.B#notRerun", "passed", "2000-01-01T10:00:00Z", "jvm-1-1"))));

    EngineRuns.run(AgentEvalTest.TenOfTenTestCase.class, dir);

    EvalSummary merged = Summaries.read(dir.resolve("summary.json"));
    assertThat(merged.tests()).extracting(TestResult::id, TestResult::shard).containsExactly(
        org.assertj.core.groups.Tuple.tuple("a.B#notRerun", "jvm-1-1"),
        org.assertj.core.groups.Tuple.tuple(id, "test-shard"));

    // a shard written after this JVM started is another fork or job of this build: its failure stays
    String later = java.time.Instant.now().plusSeconds(3600).toString();
    Files.writeString(dir.resolve("shards/other-job.json"), Summaries.toJson(summary("other-job", later,
        test(id, "failed", later, "other-job"))));

    EngineRuns.run(AgentEvalTest.TenOfTenTestCase.class, dir);

    assertThat(Summaries.read(dir.resolve("summary.json")).tests()).extracting(TestResult::id, TestResult::outcome,
        TestResult::shard).containsExactly(
            org.assertj.core.groups.Tuple.tuple("a.B#notRerun", "passed", "jvm-1-1"),
            org.assertj.core.groups.Tuple.tuple(id, "failed", "other-job"));
  }
}
