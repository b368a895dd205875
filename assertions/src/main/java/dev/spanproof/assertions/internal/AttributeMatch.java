package dev.spanproof.assertions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanproof.assertions.conventions.Attrs;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How an expected attribute value compares with a span's, for {@code hasAttribute} and the
 * searches by attribute alike: a scalar as text ({@code 42L} equals {@code "42"}, {@code *}
 * wildcards); a list or array ({@code List}, {@code String[]}, {@code long[]}) item by item with an
 * array attribute, or with text holding a JSON array (as Spring AI writes its lists), never with a
 * plain string that happens to hold commas. Not for public use.
 */
public final class AttributeMatch {

  private AttributeMatch() {}

  /** Returns the items of an expected list or array (primitive arrays too), or null for a scalar. */
  public static List<?> items(Object expected) {
    if (expected instanceof Collection<?> collection) {
      return new ArrayList<>(collection);
    }
    if (expected instanceof Object[] array) {
      return Arrays.asList(array);
    }
    if (expected != null && expected.getClass().isArray()) {
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < Array.getLength(expected); i++) {
        items.add(Array.get(expected, i));
      }
      return items;
    }
    return null;
  }

  /** Returns whether the attribute, present or not, has the expected value. */
  public static boolean matches(Attrs attributes, String key, Object expected) {
    List<?> wanted = items(expected);
    if (wanted == null) {
      String value = attributes.string(key);
      String text = String.valueOf(expected);
      return value != null && (value.equals(text) || Results.globMatches(text, value));
    }
    List<String> read = arrayItems(attributes.raw(key));
    if (read == null || read.size() != wanted.size()) {
      return false;
    }
    for (int i = 0; i < read.size(); i++) {
      String item = String.valueOf(wanted.get(i));
      if (!read.get(i).equals(item) && !Results.globMatches(item, read.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The items of an array attribute, or of text holding a JSON array; null for anything else. */
  private static List<String> arrayItems(Object raw) {
    if (raw instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    if (raw instanceof String text && text.trim().startsWith("[")) {
      JsonNode node = Json.parseOrNull(text);
      if (node != null && node.isArray()) {
        List<String> items = new ArrayList<>();
        node.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
        return items;
      }
    }
    return null;
  }

  /** The expected value as failures show it: a list as a JSON array ({@code ["x","z"]}, {@code [1,3]}). */
  public static String shown(Object expected) {
    List<?> items = items(expected);
    if (items == null) {
      return String.valueOf(expected);
    }
    return items.stream().map(item -> item instanceof String text
        ? '"' + text.replace("\"", "\\\"") + '"' : String.valueOf(item)).collect(Collectors.joining(",", "[", "]"));
  }
}
