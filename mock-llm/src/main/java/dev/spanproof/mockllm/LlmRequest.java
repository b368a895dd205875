package dev.spanproof.mockllm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request the mock received, parsed into the provider-neutral vocabulary: the journal entry.
 *
 * @param number 1-based position in the session's journal
 * @param protocol the protocol the request came in
 * @param method the HTTP method
 * @param path the path below the session's base URL, query included (a Gemini {@code key} parameter is
 *     removed, never recorded)
 * @param model the requested model (for Gemini, from the path)
 * @param system the system prompt (several joined by a blank line); null when none
 * @param messages the conversation, oldest first, without system messages
 * @param tools the names of the tools offered, in request order
 * @param stream whether the client asked for a streamed reply
 * @param headers the request headers that matter to tests (lower-case names; credentials never kept)
 * @param retryCount the SDK's retry attempt from {@code x-stainless-retry-count}, 0 when absent
 * @param rawBody the request body as received
 */
public record LlmRequest(
    int number,
    Protocol protocol,
    String method,
    String path,
    String model,
    String system,
    List<LlmMessage> messages,
    List<String> tools,
    boolean stream,
    Map<String, String> headers,
    int retryCount,
    String rawBody) {

  /** Copies the collections. */
  public LlmRequest {
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
    headers = Collections.unmodifiableMap(new java.util.TreeMap<>(headers));
  }

  /** The last message of the conversation, if any. */
  public Optional<LlmMessage> lastMessage() {
    return messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(messages.size() - 1));
  }

  /** The text of the last {@code user} message, if any. */
  public Optional<String> lastUserMessage() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).role())) {
        return Optional.ofNullable(messages.get(i).content());
      }
    }
    return Optional.empty();
  }

  /** All tool results in the conversation, oldest first. */
  public List<LlmMessage> toolResults() {
    List<LlmMessage> results = new ArrayList<>();
    for (LlmMessage m : messages) {
      if (m.isToolResult()) {
        results.add(m);
      }
    }
    return results;
  }

  /**
   * The tool results at the end of the conversation: those sent in answer to the model's last tool
   * calls (what this request is about), not older ones kept in chat memory.
   */
  public List<LlmMessage> latestToolResults() {
    List<LlmMessage> results = new ArrayList<>();
    for (int i = messages.size() - 1; i >= 0 && messages.get(i).isToolResult(); i--) {
      results.add(0, messages.get(i));
    }
    return results;
  }

  /** The value of a recorded header (lower-case name), if present. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }
}
