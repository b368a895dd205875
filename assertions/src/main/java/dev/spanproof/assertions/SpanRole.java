package dev.spanproof.assertions;

/** What a span is in agent vocabulary, whichever convention produced it. */
public enum SpanRole {
  /** An agent run or agent creation ({@code invoke_agent}, {@code create_agent}). */
  AGENT,
  /** A call to a model ({@code chat}, {@code text_completion}, {@code generate_content}, ADK's {@code call_llm}). */
  LLM,
  /** A tool the agent executed ({@code execute_tool}). */
  TOOL,
  /** A workflow of agents ({@code invoke_workflow}). */
  WORKFLOW,
  /** Any other span (HTTP, database, the application's own). */
  OTHER
}
