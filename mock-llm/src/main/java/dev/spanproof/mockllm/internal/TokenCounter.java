package dev.spanproof.mockllm.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.spanproof.mockllm.LlmMessage;
import dev.spanproof.mockllm.LlmRequest;
import dev.spanproof.mockllm.Reply;
import dev.spanproof.mockllm.ToolCall;
import dev.spanproof.mockllm.Usage;
import java.util.Locale;

/**
 * Counts usage with a real BPE tokenizer (jtokkit) when a step does not set it, so prompt growth shows up
 * in token counts. Deterministic: the same request and reply always count the same. Not for public use.
 *
 * <p>The encoding follows the model family: {@code o200k_base} for GPT-4o, GPT-4.1, GPT-5 and the o-series;
 * {@code cl100k_base} for GPT-4, GPT-3.5 and every other family (Claude, Gemini, Llama…), whose own
 * tokenizers are not public: their counts are an approximation with the right growth, not the provider's.
 * Per-message overhead follows OpenAI's published counting recipe (3 tokens a message, 3 to prime the reply).
 * A text longer than 64,000 characters is counted exactly up to there and extrapolated beyond.
 */
public final class TokenCounter {
  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
  private static final int PER_MESSAGE = 3;
  private static final int REPLY_PRIMING = 3;
  private static final int SLICE = 2_000;
  private static final int EXACT = 64_000;

  private TokenCounter() {}

  /** The encoding used for a model name. */
  public static EncodingType encodingFor(String model) {
    String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
    if (m.startsWith("gpt-4o") || m.startsWith("chatgpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5")
        || m.startsWith("gpt-5") || m.matches("^o[1-9].*")) {
      return EncodingType.O200K_BASE;
    }
    return EncodingType.CL100K_BASE;
  }

  /** Usage of a request and its reply. */
  public static Usage count(LlmRequest request, Reply reply) {
    Encoding enc = REGISTRY.getEncoding(encodingFor(request.model()));
    int input = REPLY_PRIMING;
    if (request.system() != null) {
      input += PER_MESSAGE + tokens(enc, request.system());
    }
    for (LlmMessage m : request.messages()) {
      input += PER_MESSAGE + tokens(enc, m.content());
      for (ToolCall c : m.toolCalls()) {
        input += tokens(enc, c.name()) + tokens(enc, c.arguments());
      }
    }
    for (String tool : request.tools()) {
      input += tokens(enc, tool);
    }
    int output = 0;
    if (reply instanceof Reply.Text t) {
      output = tokens(enc, t.text());
    } else if (reply instanceof Reply.ToolCalls tc) {
      output = tokens(enc, tc.text());
      for (ToolCall c : tc.calls()) {
        output += tokens(enc, c.name()) + tokens(enc, c.arguments());
      }
    }
    return new Usage(input, Math.max(1, output));
  }

  /** Tokens in a text (0 for null). */
  public static int tokens(EncodingType type, String text) {
    return tokens(REGISTRY.getEncoding(type), text);
  }

  private static int tokens(Encoding enc, String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    if (text.length() <= SLICE) {
      return enc.countTokens(text);
    }
    // BPE merging is quadratic in the length of one "word": a multi-megabyte body without spaces would take
    // minutes. Counting fixed slices keeps it linear and deterministic, off by at most a token per slice; past
    // EXACT characters the count is extrapolated from the exact part, so huge bodies cannot stall a test.
    int counted = Math.min(text.length(), EXACT);
    int total = 0;
    for (int i = 0; i < counted; i += SLICE) {
      int end = Math.min(counted, i + SLICE);
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      total += enc.countTokens(text.substring(i, end));
      i = end - SLICE;
    }
    return counted == text.length() ? total : (int) Math.min(Integer.MAX_VALUE, (long) total * text.length() / counted);
  }
}
