package dev.spanproof.assertions;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of linting a trace ({@link AgentTrace#lint()}): the findings, each naming its spans
 * and its fix. Print it to see what is wrong with the instrumentation.
 */
public final class LintReport {

  private final List<LintFinding> findings;

  LintReport(List<LintFinding> findings) {
    this.findings = List.copyOf(findings);
  }

  /**
   * Returns the findings, in rule order.
   *
   * @return the findings
   */
  public List<LintFinding> findings() {
    return findings;
  }

  /**
   * Returns whether lint found nothing.
   *
   * @return true when clean
   */
  public boolean isClean() {
    return findings.isEmpty();
  }

  /**
   * Returns the findings of one rule.
   *
   * @param rule the rule
   * @return its findings
   */
  public List<LintFinding> findings(LintRule rule) {
    return findings.stream().filter(f -> f.rule() == rule).toList();
  }

  /** Returns the numbered findings, or {@code no findings}. */
  @Override
  public String toString() {
    if (findings.isEmpty()) {
      return "no findings";
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      lines.add((i + 1) + ". " + findings.get(i).toString().replace("\n", "\n "));
    }
    return String.join("\n", lines);
  }
}
