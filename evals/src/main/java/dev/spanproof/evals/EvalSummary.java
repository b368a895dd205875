package dev.spanproof.evals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of a test run (or of several, merged): per test its usage, budget checks and, for an
 * {@link AgentEval}, its statistics. Written as {@code target/spanproof/summary.json} and
 * {@code summary.md}; read, merged and rendered with {@link Summaries}.
 *
 * @param format the format's name and version, {@value #FORMAT}
 * @param shards the test JVMs (Surefire forks, CI jobs) whose results are included
 * @param tests the results, sorted by test id
 */
public record EvalSummary(String format, List<Shard> shards, List<TestResult> tests) {

  /** The current format: {@value}. */
  public static final String FORMAT = "spanproof-summary/1";

  /** Copies the lists; a null list is empty. */
  public EvalSummary {
    format = format == null ? FORMAT : format;
    shards = shards == null ? List.of() : List.copyOf(shards);
    tests = tests == null ? List.of() : List.copyOf(tests);
  }

  /**
   * One test JVM's contribution.
   *
   * @param id the shard's id ({@code spanproof.shard}, {@code SPANPROOF_SHARD}, else the JVM's pid and start time)
   * @param finishedAt when it wrote its results, ISO-8601
   * @param tests how many results it contributed
   */
  public record Shard(String id, String finishedAt, int tests) {}

  /**
   * One test's results.
   *
   * @param id {@code ClassName#method}, plus {@code [display name]} for an invocation of a
   *     parameterized or repeated test
   * @param displayName the test's display name
   * @param kind {@code test} or {@code eval}
   * @param outcome {@code passed}, {@code failed} or {@code aborted}
   * @param message why it failed or was aborted; null when it passed
   * @param usage what its agent runs used (for an eval, over all runs)
   * @param budget its budget and baseline checks, exceeded or not
   * @param baseline {@code checked}, {@code new} (no entry), {@code updated}, {@code kept} (update
   *     mode, but the test did not pass, so its entry was left as it was), or null without
   *     {@link AgentBaseline}
   * @param eval the eval's statistics, or null for a plain test
   * @param extensions results other spanproof features add (snapshots, replay), by feature; kept
   *     as they are by {@link Summaries#merge}
   * @param shard the shard that ran it
   * @param finishedAt when it finished, ISO-8601
   */
  public record TestResult(String id, String displayName, String kind, String outcome, String message,
      AgentUsage usage, List<BudgetCheck> budget, String baseline, EvalResult eval,
      Map<String, JsonNode> extensions, String shard, String finishedAt) {

    /** Copies the collections; null ones are empty. */
    public TestResult {
      usage = usage == null ? AgentUsage.NONE : usage;
      budget = budget == null ? List.of() : List.copyOf(budget);
      extensions = extensions == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(extensions));
    }

    /**
     * Returns whether it passed.
     *
     * @return true when the outcome is {@code passed}
     */
    public boolean passed() {
      return "passed".equals(outcome);
    }
  }

  /**
   * An eval's statistics.
   *
   * @param dataset the dataset resource
   * @param cases the number of cases
   * @param repetitions the repetitions per case
   * @param runsPlanned cases × repetitions
   * @param runs the runs made (fewer after an early stop)
   * @param passes the passing runs
   * @param passRate passes / runs
   * @param confidence the Wilson interval's confidence
   * @param wilsonLowerBound the lower bound of the pass rate
   * @param wilsonUpperBound the upper bound of the pass rate
   * @param threshold the gate's threshold, or null without a gate (every run had to pass)
   * @param gatePassed whether the gate passed, or null without a gate
   * @param passingRunsNeeded for a failed gate, how many more runs (all passing) would lift the bound
   *     to the threshold
   * @param stoppedEarly whether the runs stopped once the outcome was decided
   * @param passAtK pass@k averaged over cases, by k
   * @param passHatK pass^k averaged over cases, by k
   * @param caseResults per case: runs, passes and the reasons of failed runs
   */
  public record EvalResult(String dataset, int cases, int repetitions, long runsPlanned, long runs, long passes,
      double passRate, double confidence, double wilsonLowerBound, double wilsonUpperBound, Double threshold,
      Boolean gatePassed, long passingRunsNeeded, boolean stoppedEarly, Map<Integer, Double> passAtK,
      Map<Integer, Double> passHatK, List<CaseResult> caseResults) {

    /** Copies the collections; null ones are empty. */
    public EvalResult {
      passAtK = passAtK == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(passAtK));
      passHatK = passHatK == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(passHatK));
      caseResults = caseResults == null ? List.of() : List.copyOf(caseResults);
    }
  }

  /**
   * One case's runs.
   *
   * @param id the case's id
   * @param runs its runs
   * @param passes how many passed
   * @param failures the first line of each failed run's reason, prefixed with the run
   */
  public record CaseResult(String id, long runs, long passes, List<String> failures) {

    /** Copies the list; null is empty. */
    public CaseResult {
      failures = failures == null ? List.of() : List.copyOf(failures);
    }
  }
}
