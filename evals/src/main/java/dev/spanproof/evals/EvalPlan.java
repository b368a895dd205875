package dev.spanproof.evals;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.TreeSet;

/** An {@link AgentEval}'s validated settings and dataset. */
record EvalPlan(String datasetName, Dataset dataset, int repetitions, PassRateGate gate, boolean earlyStop,
    int[] ks) {

  static EvalPlan of(AgentEval annotation, Method method, ClassLoader loader) {
    String where = "@AgentEval on " + method.getDeclaringClass().getSimpleName() + "." + method.getName();
    if (annotation.repetitions() < 1) {
      throw new IllegalArgumentException(where + " has repetitions = " + annotation.repetitions()
          + "; run each case at least once (repetitions = 1 or more)");
    }
    PassRateGate gate = null;
    if (annotation.minPassRate() != AgentEval.EVERY_RUN) {
      if (annotation.minPassRate() == 0) {
        throw new IllegalArgumentException(where + " has minPassRate = 0, a gate that passes even when every run "
            + "fails; give a real threshold above 0, such as 0.8, or leave it out (AgentEval.EVERY_RUN) so that "
            + "every run must pass");
      }
      if (!(annotation.minPassRate() > 0 && annotation.minPassRate() < 1)) {
        throw new IllegalArgumentException(where + " has minPassRate = " + annotation.minPassRate()
            + "; give a fraction above 0 and below 1, such as 0.8, or leave it out (AgentEval.EVERY_RUN) so that "
            + "every run must pass");
      }
      if (!(annotation.confidence() > 0 && annotation.confidence() < 1)) {
        throw new IllegalArgumentException(where + " has confidence = " + annotation.confidence()
            + "; give a level strictly between 0 and 1, such as 0.95");
      }
      gate = new PassRateGate(annotation.minPassRate(), annotation.confidence());
    } else if (annotation.earlyStop()) {
      throw new IllegalArgumentException(where + " sets earlyStop without minPassRate; early stop needs a "
          + "pass-rate gate whose outcome can be decided, such as minPassRate = 0.8");
    }
    TreeSet<Integer> ks = new TreeSet<>();
    if (annotation.k().length == 0) {
      ks.add(1);
      ks.add(annotation.repetitions());
    } else {
      for (int k : annotation.k()) {
        if (k < 1 || k > annotation.repetitions()) {
          throw new IllegalArgumentException(where + " asks for pass@" + k + " with " + annotation.repetitions()
              + " repetitions; every k must be between 1 and repetitions");
        }
        ks.add(k);
      }
    }
    Dataset dataset = Dataset.load(annotation.dataset(), loader);
    return new EvalPlan(annotation.dataset(), dataset, annotation.repetitions(), gate, annotation.earlyStop(),
        ks.stream().mapToInt(Integer::intValue).toArray());
  }

  int runsPlanned() {
    return dataset.cases().size() * repetitions;
  }

  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "EvalPlan[" + datasetName + " × " + repetitions + ", gate " + gate + ", k " + Arrays.toString(ks) + "]";
  }
}
