package dev.spanproof.evals;

import dev.spanproof.evals.EvalSummary.CaseResult;
import dev.spanproof.evals.EvalSummary.EvalResult;
import dev.spanproof.evals.EvalSummary.TestResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The runs of one eval so far; thread-safe. */
final class EvalProgress {

  /** One finished run. */
  record RunRecord(EvalCase evalCase, int repetition, String displayName, boolean passed, String reason,
      String headline, AgentUsage usage) {}

  private final EvalPlan plan;
  private final List<RunRecord> runs = new ArrayList<>();
  private boolean stoppedEarly;
  private PassRateGate.Result gateResult;

  EvalProgress(EvalPlan plan) {
    this.plan = plan;
  }

  EvalPlan plan() {
    return plan;
  }

  synchronized void record(RunRecord run) {
    runs.add(run);
  }

  synchronized long passes() {
    return runs.stream().filter(RunRecord::passed).count();
  }

  synchronized int runs() {
    return runs.size();
  }

  synchronized List<RunRecord> failures() {
    return runs.stream().filter(r -> !r.passed()).toList();
  }

  synchronized void stoppedEarly() {
    stoppedEarly = true;
  }

  synchronized PassRateGate.Result evaluateGate() {
    gateResult = plan.gate().evaluate(passes(), Math.max(1, runs()));
    return gateResult;
  }

  synchronized boolean isStoppedEarly() {
    return stoppedEarly;
  }

  synchronized TestResult toResult(String id, String displayName, String shard) {
    long passes = passes();
    int runCount = runs.size();
    Map<String, long[]> perCase = new LinkedHashMap<>(); // id -> {runs, passes}
    Map<String, List<String>> failures = new LinkedHashMap<>();
    for (EvalCase c : plan.dataset().cases()) {
      perCase.put(c.id(), new long[2]);
      failures.put(c.id(), new ArrayList<>());
    }
    AgentUsage usage = AgentUsage.NONE;
    for (RunRecord run : runs) {
      long[] counts = perCase.get(run.evalCase().id());
      counts[0]++;
      if (run.passed()) {
        counts[1]++;
      } else {
        failures.get(run.evalCase().id()).add(run.displayName() + ": " + run.headline());
      }
      usage = usage.plus(run.usage());
    }
    List<CaseResult> cases = new ArrayList<>();
    perCase.forEach((caseId, counts) -> cases.add(new CaseResult(caseId, counts[0], counts[1], failures.get(caseId))));
    Map<Integer, Double> passAtK = new TreeMap<>();
    Map<Integer, Double> passHatK = new TreeMap<>();
    for (int k : plan.ks()) {
      double at = 0;
      double hat = 0;
      int counted = 0;
      for (long[] counts : perCase.values()) {
        if (counts[0] >= k) { // an early stop can leave a case with fewer runs than k
          at += PassRateStatistics.passAtK(counts[0], counts[1], k);
          hat += PassRateStatistics.passHatK(counts[0], counts[1], k);
          counted++;
        }
      }
      if (counted > 0) {
        passAtK.put(k, at / counted);
        passHatK.put(k, hat / counted);
      }
    }
    double confidence = plan.gate() == null ? PassRateGate.DEFAULT_CONFIDENCE : plan.gate().confidence();
    int n = Math.max(1, runCount);
    double lower = runCount == 0 ? 0 : PassRateStatistics.wilsonLowerBound(passes, n, confidence);
    double upper = runCount == 0 ? 1 : PassRateStatistics.wilsonUpperBound(passes, n, confidence);
    PassRateGate.Result gate = plan.gate() == null || runCount == 0 ? null : plan.gate().evaluate(passes, runCount);
    boolean passed = gate != null ? gate.passed() : runCount > 0 && passes == runCount;
    String message = null;
    if (!passed) {
      message = gate != null ? gate.explanation()
          : runCount == 0 ? "no run finished" : (runCount - passes) + " of " + runCount + " runs failed";
    }
    EvalResult eval = new EvalResult(plan.datasetName(), plan.dataset().cases().size(), plan.repetitions(),
        plan.runsPlanned(), runCount, passes, runCount == 0 ? 0 : (double) passes / runCount, confidence, lower, upper,
        plan.gate() == null ? null : plan.gate().threshold(), gate == null ? null : gate.passed(),
        gate == null ? 0 : gate.passingRunsNeeded(), stoppedEarly, passAtK, passHatK, cases);
    return new TestResult(id, displayName, "eval", passed ? "passed" : "failed", message, usage, List.of(), null,
        eval, null, shard, Instant.now().toString());
  }

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline);
  }
}
