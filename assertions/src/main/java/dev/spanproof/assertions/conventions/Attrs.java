package dev.spanproof.assertions.conventions;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A span's attributes read by key name, whatever type the emitter wrote.
 *
 * <p>Instrumentations disagree on types: Spring AI writes token counts as {@code "82"} and finish
 * reasons as {@code "[\"stop\"]"}, the GenAI conventions as a long and a {@code string[]}. Every
 * reader here accepts both, so a {@link TraceConvention} stays short.
 */
public final class Attrs {

  /** Above this many attributes a hash map beats a linear scan (OpenInference flattens lists into many keys). */
  static final int SCAN_LIMIT = 24;

  private final String[] names;
  private final Object[] values;
  private final Map<String, Object> byName; // only for large attribute sets
  // One bit per name, chosen by the name's hash: a key whose bit is clear is absent. Conventions
  // mostly ask for keys a span does not have (each checks its own markers), so most lookups end here.
  private final long present;

  private Attrs(String[] names, Object[] values, Map<String, Object> byName) {
    this.names = names;
    this.values = values;
    this.byName = byName;
    long bits = 0;
    for (String name : names) {
      if (name != null) {
        bits |= bit(name);
      }
    }
    this.present = bits;
  }

  static long bit(String name) {
    return 1L << (name.hashCode() & 63);
  }

  /**
   * Indexes attributes by key name.
   *
   * @param attributes the span's or log record's attributes
   * @return the lenient view
   */
  public static Attrs of(Attributes attributes) {
    int size = attributes.size();
    Collector collected = new Collector(size);
    attributes.forEach(collected);
    String[] names = collected.names;
    Object[] values = collected.values;
    Map<String, Object> byName = null;
    if (size > SCAN_LIMIT) {
      byName = new HashMap<>(size * 2);
      for (int i = 0; i < size; i++) {
        byName.put(names[i], values[i]);
      }
    }
    return new Attrs(names, values, byName);
  }

  /** Copies names and values into arrays: one object per span rather than a lambda and a counter. */
  private static final class Collector implements java.util.function.BiConsumer<AttributeKey<?>, Object> {
    final String[] names;
    final Object[] values;
    int next;

    Collector(int size) {
      names = new String[size];
      values = new Object[size];
    }

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      int i = next++;
      if (i < names.length) {
        names[i] = key.getKey();
        values[i] = value;
      }
    }
  }

  private Object lookup(String key) {
    if ((present & bit(key)) == 0) {
      return null;
    }
    if (byName != null) {
      return byName.get(key);
    }
    for (int i = 0; i < names.length; i++) {
      if (key.equals(names[i])) {
        return values[i];
      }
    }
    return null;
  }

  /**
   * Returns whether the key is present, with any type.
   *
   * @param key the attribute key name
   * @return true when present
   */
  public boolean has(String key) {
    return lookup(key) != null;
  }

  /**
   * Returns whether any key starts with the given prefix.
   *
   * @param prefix a key prefix such as {@code "spring.ai."}
   * @return true when one key does
   */
  public boolean hasPrefix(String prefix) {
    for (String key : names) {
      if (key != null && key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the raw value, or null.
   *
   * @param key the attribute key name
   * @return the value as the SDK holds it
   */
  public Object raw(String key) {
    return lookup(key);
  }

  /**
   * Returns the value as text: strings as they are, numbers and booleans printed, arrays as a JSON
   * array ({@code ["x","y"]}, {@code [1,2]}).
   *
   * @param key the attribute key name
   * @return the text, or null when absent
   */
  public String string(String key) {
    return text(lookup(key));
  }

  /** {@link #string(String)} of a raw value; null for null. */
  static String text(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value == null) {
      return null;
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        Object item = list.get(i);
        out.append(item instanceof String s ? com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString() : item);
      }
      return out.append(']').toString();
    }
    return value.toString();
  }

  /**
   * Returns the first present key's text.
   *
   * @param keys attribute key names, preferred first
   * @return the text, or null when none is present
   */
  public String firstString(String... keys) {
    for (String key : keys) {
      String value = string(key);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /**
   * Returns the value as a long: longs and doubles as numbers, strings parsed.
   *
   * @param key the attribute key name
   * @return the number, or null when absent or not a number
   */
  public Long longValue(String key) {
    return number(lookup(key));
  }

  /** {@link #longValue(String)} of a raw value; null for null. */
  static Long number(Object value) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        try {
          return (long) Double.parseDouble(s.trim());
        } catch (NumberFormatException notANumber) {
          return null;
        }
      }
    }
    return null;
  }

  /**
   * Returns the first present key's number.
   *
   * @param keys attribute key names, preferred first
   * @return the number, or null when none is present
   */
  public Long firstLong(String... keys) {
    for (String key : keys) {
      Long value = longValue(key);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /**
   * Returns the value as a list of strings: a {@code string[]}, a JSON array written as a string
   * ({@code "[\"stop\"]"}), a comma-separated string, or a single string.
   *
   * @param key the attribute key name
   * @return the strings; empty when absent
   */
  public List<String> strings(String key) {
    return list(lookup(key));
  }

  /** {@link #strings(String)} of a raw value; empty for null. */
  static List<String> list(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      List<String> out = new ArrayList<>(list.size());
      list.forEach(item -> out.add(String.valueOf(item)));
      return Collections.unmodifiableList(out);
    }
    String text = value.toString().trim();
    if (text.startsWith("[") && text.endsWith("]")) {
      com.fasterxml.jackson.databind.JsonNode array = dev.spanproof.assertions.internal.Json.parseOrNull(text);
      if (array != null && array.isArray()) {
        // a JSON array: its items, commas and escapes inside them read as JSON reads them
        List<String> out = new ArrayList<>(array.size());
        array.forEach(item -> out.add(item.isValueNode() ? item.asText() : item.toString()));
        return Collections.unmodifiableList(out);
      }
      text = text.substring(1, text.length() - 1);
    }
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String item = part.trim();
      if (item.length() >= 2 && item.startsWith("\"") && item.endsWith("\"")) {
        item = item.substring(1, item.length() - 1);
      }
      if (!item.isEmpty()) {
        out.add(item);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Returns all key names.
   *
   * @return the key names
   */
  public java.util.Set<String> keys() {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    for (String name : names) {
      if (name != null) {
        keys.add(name);
      }
    }
    return Collections.unmodifiableSet(keys);
  }
}
