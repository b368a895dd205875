package dev.spanproof.mockllm.internal;

import java.util.ArrayList;
import java.util.List;

/** Splits text into stream deltas deterministically. Not for public use. */
public final class Chunks {
  private static final int ARGUMENT_PIECE = 8;

  private Chunks() {}

  /** Words with their trailing whitespace: {@code "2+2 equals 4"} → {@code "2+2 ", "equals ", "4"}. */
  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i)) && (i + 1 == text.length() || !Character.isWhitespace(text.charAt(i + 1)))) {
        out.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }

  /** Fixed-size pieces of a JSON arguments text, as providers stream them (never split surrogate pairs). */
  public static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int end = Math.min(text.length(), i + ARGUMENT_PIECE);
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end++;
      }
      out.add(text.substring(i, end));
      i = end;
    }
    return out;
  }

  /** An SSE event with a data line (and an event line when {@code event} is not null). */
  public static String sse(String event, String data) {
    return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
  }
}
