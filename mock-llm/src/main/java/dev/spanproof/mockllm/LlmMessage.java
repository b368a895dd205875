package dev.spanproof.mockllm;

import java.util.List;

/**
 * One message of a request's conversation, normalized across protocols.
 *
 * <p>Roles are {@code system}, {@code user}, {@code assistant} and {@code tool}. A tool result is its
 * own {@code tool} message whatever the protocol (an Anthropic {@code tool_result} block, a Gemini
 * {@code functionResponse} part, an OpenAI {@code tool} message or Responses {@code function_call_output}).
 *
 * @param role system, user, assistant or tool
 * @param content the text content (parts joined), or the tool result text; null when none
 * @param toolCalls tool calls an assistant message requested; empty otherwise
 * @param toolCallId for a tool result, the id of the call it answers; null when the protocol has none
 * @param toolName for a tool result, the tool's name (resolved from the call it answers when the
 *     protocol does not carry it); null when unknown
 */
public record LlmMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId, String toolName) {

  /** Copies the tool-call list. */
  public LlmMessage {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /** A plain text message. */
  public static LlmMessage of(String role, String content) {
    return new LlmMessage(role, content, List.of(), null, null);
  }

  /** Whether this message is a tool result. */
  public boolean isToolResult() {
    return "tool".equals(role);
  }
}
