package dev.spanproof.mockllm.internal;

import dev.spanproof.mockllm.LlmMessage;
import dev.spanproof.mockllm.ToolCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Helpers shared by the parsers. Not for public use. */
public final class Requests {
  private Requests() {}

  /** Fills in tool-result names from the assistant calls they answer (by call id). */
  public static List<LlmMessage> resolveToolNames(List<LlmMessage> messages) {
    Map<String, String> names = new HashMap<>();
    List<LlmMessage> out = new ArrayList<>();
    for (LlmMessage m : messages) {
      for (ToolCall c : m.toolCalls()) {
        if (c.id() != null) {
          names.put(c.id(), c.name());
        }
      }
      if (m.isToolResult() && m.toolName() == null && m.toolCallId() != null && names.containsKey(m.toolCallId())) {
        out.add(new LlmMessage(m.role(), m.content(), m.toolCalls(), m.toolCallId(), names.get(m.toolCallId())));
      } else {
        out.add(m);
      }
    }
    return out;
  }

  /** The retry attempt from {@code x-stainless-retry-count}, 0 when absent or not a number. */
  public static int retryCount(Map<String, String> headers) {
    String v = headers.get("x-stainless-retry-count");
    try {
      return v == null ? 0 : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Joins system prompts with a blank line; null for none. */
  public static String joinSystem(List<String> parts) {
    List<String> nonEmpty = parts.stream().filter(p -> p != null && !p.isEmpty()).toList();
    return nonEmpty.isEmpty() ? null : String.join("\n\n", nonEmpty);
  }
}
