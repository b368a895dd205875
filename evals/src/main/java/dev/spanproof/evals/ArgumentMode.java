package dev.spanproof.evals;

/** How a trajectory scorer compares tool-call arguments (as JSON: key order and spacing never matter). */
public enum ArgumentMode {
  /** The arguments equal the expected ones. */
  EXACT,
  /** The arguments contain every expected field with its value (others may be present). */
  PARTIAL,
  /** Only tool names are compared. */
  IGNORE
}
