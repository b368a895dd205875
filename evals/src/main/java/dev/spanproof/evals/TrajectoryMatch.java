package dev.spanproof.evals;

/** How the tools a run executed are compared with the expected trajectory. */
public enum TrajectoryMatch {
  /** Exactly the expected calls, in the expected order. */
  STRICT,
  /** Exactly the expected calls, in any order. */
  UNORDERED,
  /** Every executed call is among the expected ones (nothing else ran; some may be missing). */
  SUBSET,
  /** Every expected call was executed (others may have run too). */
  SUPERSET
}
