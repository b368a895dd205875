package dev.spanproof.assertions;

import java.util.EnumSet;
import java.util.Set;

/** The instrumentation mistakes trace lint looks for, each with the fix it suggests. */
public enum LintRule {
  /**
   * LLM spans but no agent span: the agent runtime was not given the tracer provider. Workflow
   * spans ({@code invoke_workflow}, OpenLLMetry's {@code @workflow}) and Spring AI's
   * {@code spring_ai chat_client} span count as agent spans here and in {@link #NO_LLM_SPANS}.
   */
  NO_AGENT_SPANS("no-agent-spans"),
  /** Agent spans but no LLM span: the model client is not instrumented. */
  NO_LLM_SPANS("no-llm-spans"),
  /** Two LLM spans for one request: the client is instrumented twice. */
  DUPLICATE_LLM_SPANS("duplicate-llm-spans"),
  /** LLM spans without token usage (a failed call, which has none, is not one). */
  LLM_WITHOUT_USAGE("llm-without-usage"),
  /** Tool spans without arguments (opt-in: only when argument capture is expected). */
  TOOL_WITHOUT_ARGUMENTS("tool-without-arguments"),
  /** Spans whose parent is not in the trace. */
  ORPHAN_SPANS("orphan-spans"),
  /** Spans that never ended. */
  UNENDED_SPANS("unended-spans"),
  /**
   * Spans of both attribute families in one trace: OpenTelemetry GenAI (with Spring AI, Google ADK
   * and OpenLLMetry, which write its names) and OpenInference. A convention of the user's is no
   * family.
   */
  MIXED_CONVENTIONS("mixed-conventions"),
  /** Tool calls the model asked for that the agent never executed (opt-in: it may be intended). */
  REQUESTED_TOOL_NOT_EXECUTED("requested-tool-not-executed");

  private final String id;

  LintRule(String id) {
    this.id = id;
  }

  /**
   * Returns the rule's short id, shown in findings.
   *
   * @return the id, such as {@code "no-agent-spans"}
   */
  public String id() {
    return id;
  }

  /**
   * Returns the rules {@code isWellInstrumented()} applies: all but the opt-in
   * {@link #TOOL_WITHOUT_ARGUMENTS} and {@link #REQUESTED_TOOL_NOT_EXECUTED}.
   *
   * @return the default rules
   */
  public static Set<LintRule> defaults() {
    return EnumSet.complementOf(EnumSet.of(TOOL_WITHOUT_ARGUMENTS, REQUESTED_TOOL_NOT_EXECUTED));
  }
}
