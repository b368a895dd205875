package dev.spanproof.assertions;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/**
 * An agent run ({@code invoke_agent NAME}) and what happened inside it.
 *
 * @param node the agent span in the trace tree
 * @param name the agent's name; may be null
 */
public record AgentRun(AgentSpan node, String name) {

  static AgentRun of(AgentSpan node) {
    return new AgentRun(node, node.facts().subject());
  }

  /**
   * Returns the LLM calls made in this run, sub-agents' included, in tree order.
   *
   * @return the LLM calls
   */
  public List<LlmCall> llmCalls() {
    return node.descendants().stream().filter(s -> s.role() == SpanRole.LLM).map(LlmCall::of).toList();
  }

  /**
   * Returns the tools executed in this run, sub-agents' included, in tree order.
   *
   * @return the tool calls
   */
  public List<ToolCall> toolCalls() {
    return node.descendants().stream().filter(s -> s.role() == SpanRole.TOOL).map(ToolCall::of).toList();
  }

  /**
   * Returns the tokens used in this run (sub-agents' included, nested duplicate LLM spans counted once).
   *
   * @return the usage
   */
  public TokenUsage tokens() {
    return AgentTrace.sumTokens(node.descendants());
  }

  /**
   * Returns the OpenTelemetry span.
   *
   * @return the span
   */
  public SpanData span() {
    return node.span();
  }

  @Override
  public String toString() {
    return node.displayName();
  }
}
