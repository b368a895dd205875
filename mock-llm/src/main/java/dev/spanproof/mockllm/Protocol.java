package dev.spanproof.mockllm;

import java.util.Arrays;

/** The wire protocols the mock LLM speaks; a request's protocol decides how a scripted reply is rendered. */
public enum Protocol {
  /** OpenAI Chat Completions, {@code POST /v1/chat/completions}. */
  OPENAI_CHAT("openai-chat"),
  /** OpenAI Responses, {@code POST /v1/responses}. */
  OPENAI_RESPONSES("openai-responses"),
  /** Anthropic Messages, {@code POST /v1/messages}. */
  ANTHROPIC_MESSAGES("anthropic-messages"),
  /** Google Gemini, {@code POST /v1beta/models/{model}:generateContent} and {@code :streamGenerateContent}. */
  GEMINI("gemini"),
  /** Ollama chat, {@code POST /api/chat}. */
  OLLAMA_CHAT("ollama-chat");

  private final String id;

  Protocol(String id) {
    this.id = id;
  }

  /** The short name used in transcripts, diagnostics and script files (e.g. {@code openai-chat}). */
  public String id() {
    return id;
  }

  /**
   * The protocol with the given {@link #id()} or enum name, case-insensitive.
   *
   * @throws IllegalArgumentException naming the accepted values when none matches
   */
  public static Protocol fromId(String value) {
    for (Protocol p : values()) {
      if (p.id.equalsIgnoreCase(value) || p.name().equalsIgnoreCase(value)) {
        return p;
      }
    }
    throw new IllegalArgumentException("Unknown protocol \"" + value + "\"; use one of " + ids());
  }

  /** The {@link #id()}s, comma-separated, as messages list them. */
  static String ids() {
    return String.join(", ", Arrays.stream(values()).map(Protocol::id).toList());
  }
}
