package dev.spanproof.assertions;

import java.util.List;

/**
 * One lint finding: what is wrong, which spans show it, how to fix it.
 *
 * @param rule the rule that found it
 * @param problem what is wrong, naming the spans
 * @param spans the spans concerned (may be empty for trace-wide findings)
 * @param fix how to fix it
 */
public record LintFinding(LintRule rule, String problem, List<AgentSpan> spans, String fix) {

  /** Copies the span list. */
  public LintFinding {
    spans = List.copyOf(spans);
  }

  /** Returns {@code [id] problem} and the fix on the next line. */
  @Override
  public String toString() {
    return "[" + rule.id() + "] " + problem + "\n   fix: " + fix;
  }
}
