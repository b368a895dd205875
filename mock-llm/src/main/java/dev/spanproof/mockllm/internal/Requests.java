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
    boolean unnamed = false;
    for (LlmMessage m : messages) {
      unnamed |= m.isToolResult() && m.toolName() == null && m.toolCallId() != null;
    }
    if (!unnamed) {
      return messages; // nothing to fill in (most requests): no copy
    }
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

  /**
   * The declared parameter names of each offered tool that has a JSON schema, from any protocol's {@code tools}
   * (OpenAI {@code function.parameters}, Responses {@code parameters}, Anthropic {@code input_schema}, Gemini
   * {@code functionDeclarations[].parameters|parametersJsonSchema}, Ollama {@code function.parameters}).
   */
  public static Map<String, List<String>> toolParameters(com.fasterxml.jackson.databind.JsonNode body) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (com.fasterxml.jackson.databind.JsonNode t : body.path("tools")) {
      List<com.fasterxml.jackson.databind.JsonNode> decls = new ArrayList<>();
      t.path("functionDeclarations").forEach(decls::add);
      t.path("function_declarations").forEach(decls::add);
      if (decls.isEmpty()) {
        decls.add(t.has("function") ? t.get("function") : t);
      }
      for (com.fasterxml.jackson.databind.JsonNode d : decls) {
        String name = d.path("name").asText(null);
        com.fasterxml.jackson.databind.JsonNode schema = d.has("parameters") ? d.get("parameters")
            : d.has("input_schema") ? d.get("input_schema") : d.path("parametersJsonSchema");
        com.fasterxml.jackson.databind.JsonNode props = schema.path("properties");
        if (name != null && props.isObject()) {
          List<String> names = new ArrayList<>();
          props.fieldNames().forEachRemaining(names::add);
          out.put(name, names);
        }
      }
    }
    return out;
  }

  /** Joins system prompts with a blank line; null for none. */
  public static String joinSystem(List<String> parts) {
    String joined = null;
    for (String p : parts) {
      if (p != null && !p.isEmpty()) {
        joined = joined == null ? p : joined + "\n\n" + p;
      }
    }
    return joined;
  }
}
