package dev.spanproof.assertions.internal;

/**
 * A quick "these two JSON texts cannot be equivalent" test, without parsing them into trees.
 *
 * <p>A {@code ...} line in a shape tries one expected tool-call annotation against every sibling it
 * passes, and almost all of them differ; parsing each sibling's arguments into a Jackson tree to learn
 * that costs more than the rest of the match. Here a text is scanned once into an order-insensitive
 * sum over its tokens (each object key, string, number, literal and container, with its depth): two
 * texts that are equivalent in {@link Json#equivalent(String, String)}'s sense (numbers by value, object
 * members in any order) have the same sum, so different sums prove them different. Equal sums prove
 * nothing: the caller then compares parsed trees.
 *
 * <p>Only texts this scanner fully understands get a fingerprint: strict JSON, one value, strings
 * without escapes, integer numbers of at most 18 digits, no repeated key in an object (Jackson keeps
 * the last of repeated keys, which a sum cannot follow). Anything else has none ({@link #NONE}), and the
 * caller parses. Not for public use.
 */
final class JsonFingerprint {

  /** What {@link #of} returns for a text it does not fully understand. */
  static final long NONE = 0;

  private static final int MAX_DEPTH = 16;
  private static final int MAX_KEYS = 32; // keys of the open objects, together

  private static final long OBJECT = 0x9E3779B97F4A7C15L;
  private static final long ARRAY = 0xC2B2AE3D27D4EB4FL;
  private static final long KEY = 0x165667B19E3779F9L;
  private static final long STRING = 0x27D4EB2F165667C5L;
  private static final long NUMBER = 0x85EBCA77C2B2AE63L;
  private static final long TRUE = 0xFF51AFD7ED558CCDL;
  private static final long FALSE = 0xC4CEB9FE1A85EC53L;
  private static final long NULL = 0x94D049BB133111EBL;

  private final String text;
  private int pos;
  private long sum;
  private int[] keys; // the key hashes of the open objects, outermost first; made at the first key
  private int keyCount;

  private JsonFingerprint(String text) {
    this.text = text;
  }

  /** Returns whether the two texts are certainly not equivalent JSON (both understood, sums differ). */
  static boolean differ(String a, String b) {
    long left = of(a);
    if (left == NONE) {
      return false;
    }
    long right = of(b);
    return right != NONE && left != right;
  }

  /** Returns the text's fingerprint, or {@link #NONE}. */
  static long of(String text) {
    if (text == null || text.length() > 4096) {
      return NONE;
    }
    JsonFingerprint scan = new JsonFingerprint(text);
    try {
      scan.skipWhitespace();
      if (!scan.value(0)) {
        return NONE;
      }
      scan.skipWhitespace();
      if (scan.pos != text.length()) {
        return NONE; // Jackson ignores what follows a value; leave such texts to it
      }
    } catch (IndexOutOfBoundsException e) {
      return NONE; // the text ended inside a value
    }
    long sum = scan.sum;
    return sum == NONE ? 1 : sum;
  }

  private static long mix(long kind, long value, int depth) {
    // the kind, the value and the depth each move every bit of the token's hash (splitmix64's finaliser)
    long h = kind ^ (value * 0xD6E8FEB86659FD93L) ^ (depth * 0x632BE59BD9B4E019L);
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }

  private boolean value(int depth) {
    if (depth >= MAX_DEPTH) {
      return false;
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"': {
        int hash = string();
        if (pos < 0) {
          return false;
        }
        sum += mix(STRING, hash, depth);
        return true;
      }
      case 't':
        return literal("true", TRUE, depth);
      case 'f':
        return literal("false", FALSE, depth);
      case 'n':
        return literal("null", NULL, depth);
      default:
        return number(depth);
    }
  }

  private boolean object(int depth) {
    pos++;
    sum += mix(OBJECT, 0, depth);
    skipWhitespace();
    if (text.charAt(pos) == '}') {
      pos++;
      return true;
    }
    int firstKey = keyCount; // this object's keys are keys[firstKey..keyCount)
    while (true) {
      if (text.charAt(pos) != '"') {
        return false;
      }
      int hash = string();
      if (pos < 0 || !newKey(firstKey, hash)) {
        return false;
      }
      sum += mix(KEY, hash, depth);
      skipWhitespace();
      if (text.charAt(pos++) != ':') {
        return false;
      }
      skipWhitespace();
      if (!value(depth + 1)) {
        return false;
      }
      skipWhitespace();
      char next = text.charAt(pos++);
      if (next == '}') {
        keyCount = firstKey;
        return true;
      }
      if (next != ',') {
        return false;
      }
      skipWhitespace();
    }
  }

  /**
   * Records a key of the object whose keys start at {@code firstKey}; false when it may repeat one of
   * them (same hash) or the open objects have too many keys to check.
   */
  private boolean newKey(int firstKey, int hash) {
    if (keyCount == MAX_KEYS) {
      return false;
    }
    if (keys == null) {
      keys = new int[MAX_KEYS];
    }
    for (int k = firstKey; k < keyCount; k++) {
      if (keys[k] == hash) {
        return false;
      }
    }
    keys[keyCount++] = hash;
    return true;
  }

  private boolean array(int depth) {
    pos++;
    sum += mix(ARRAY, 0, depth);
    skipWhitespace();
    if (text.charAt(pos) == ']') {
      pos++;
      return true;
    }
    while (true) {
      if (!value(depth + 1)) {
        return false;
      }
      skipWhitespace();
      char next = text.charAt(pos++);
      if (next == ']') {
        return true;
      }
      if (next != ',') {
        return false;
      }
      skipWhitespace();
    }
  }

  /** Reads a string without escapes from the opening quote; returns its hash, or sets pos to -1. */
  private int string() {
    int hash = 0;
    for (int i = pos + 1; ; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        pos = i + 1;
        return hash;
      }
      if (c == '\\' || c < 0x20) {
        pos = -1; // an escape (the value is not the raw text) or a character JSON forbids here
        return -1;
      }
      hash = 31 * hash + c;
    }
  }

  private boolean literal(String word, long kind, int depth) {
    if (!text.startsWith(word, pos)) {
      return false;
    }
    pos += word.length();
    sum += mix(kind, 0, depth);
    return true;
  }

  /** An integer: {@code -?(0|[1-9][0-9]*)}, at most 18 digits; fractions and exponents are left to Jackson. */
  private boolean number(int depth) {
    boolean negative = text.charAt(pos) == '-';
    if (negative) {
      pos++;
    }
    char first = text.charAt(pos);
    if (first < '0' || first > '9') {
      return false;
    }
    long value = 0;
    int digits = 0;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c < '0' || c > '9') {
        break;
      }
      value = value * 10 + (c - '0');
      digits++;
      pos++;
    }
    if (digits > 18 || (first == '0' && digits > 1)) {
      return false;
    }
    if (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '.' || c == 'e' || c == 'E') {
        return false;
      }
    }
    sum += mix(NUMBER, negative ? -value : value, depth);
    return true;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }
}
