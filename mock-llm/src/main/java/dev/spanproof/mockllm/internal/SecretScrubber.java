package dev.spanproof.mockllm.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every credential a recording session has seen (API keys sent by the client or taken from the environment,
 * cookies, {@code key} query parameters), and the replacement of each wherever it appears in text about to be
 * written. The last line of defence: the recorder does not keep credential headers in the first place. Not
 * for public use.
 */
public final class SecretScrubber {
  /** What a secret is replaced by. */
  public static final String REDACTED = "<redacted>";
  /** Values shorter than this are not treated as secrets (they would redact ordinary words). */
  static final int MIN_LENGTH = 8;

  private final Set<String> secrets = ConcurrentHashMap.newKeySet();

  /**
   * Remembers a credential value; for {@code Bearer xyz} (or {@code Basic …}) the token alone too, and for a
   * cookie header each cookie's value.
   */
  public void add(String value) {
    if (value == null) {
      return;
    }
    String v = value.trim();
    if (v.length() >= MIN_LENGTH) {
      secrets.add(v);
    }
    int space = v.indexOf(' ');
    if (space > 0) {
      add(v.substring(space + 1));
    }
    if (v.contains("=")) {
      for (String part : v.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.length() - eq - 1 >= MIN_LENGTH) {
          secrets.add(part.substring(eq + 1).trim());
        }
      }
    }
  }

  /** The text with every remembered secret (longest first) replaced by {@value #REDACTED}. */
  public String scrub(String text) {
    List<String> all = secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    String out = text;
    for (String s : all) {
      out = out.replace(s, REDACTED);
    }
    return out;
  }
}
