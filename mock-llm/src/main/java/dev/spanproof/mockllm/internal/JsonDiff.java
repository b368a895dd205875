package dev.spanproof.mockllm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Where two JSON documents differ, as readable paths ({@code $.messages[2].content: recorded "a", sent "b"}),
 * and the removal of ignored fields before comparing. Not for public use.
 */
public final class JsonDiff {
  private static final int MAX_VALUE_CHARS = 80;

  private JsonDiff() {}

  /** Up to {@code limit} differences between {@code recorded} and {@code sent}, in document order. */
  public static List<String> differences(JsonNode recorded, JsonNode sent, int limit) {
    List<String> out = new ArrayList<>();
    walk("$", recorded, sent, out, limit);
    return out;
  }

  private static void walk(String path, JsonNode a, JsonNode b, List<String> out, int limit) {
    if (out.size() >= limit || equal(a, b)) {
      return;
    }
    if (a != null && b != null && a.isObject() && b.isObject()) {
      for (String name : ordered(a, b)) {
        walk(path + "." + name, a.get(name), b.get(name), out, limit);
      }
      return;
    }
    if (a != null && b != null && a.isArray() && b.isArray()) {
      int n = Math.max(a.size(), b.size());
      for (int i = 0; i < n; i++) {
        walk(path + "[" + i + "]", a.get(i), b.get(i), out, limit);
      }
      return;
    }
    out.add(path + ": recorded " + show(a) + ", sent " + show(b));
  }

  /** Field names of both objects: the recorded order first, then names only the sent one has. */
  private static List<String> ordered(JsonNode a, JsonNode b) {
    List<String> names = new ArrayList<>();
    a.fieldNames().forEachRemaining(names::add);
    b.fieldNames().forEachRemaining(n -> {
      if (!a.has(n)) {
        names.add(n);
      }
    });
    return names;
  }

  private static boolean equal(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isContainerNode() || b.isContainerNode()) {
      if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
        return false;
      }
      if (a.isArray()) {
        for (int i = 0; i < a.size(); i++) {
          if (!equal(a.get(i), b.get(i))) {
            return false;
          }
        }
        return true;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!equal(e.getValue(), b.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** Whether two documents are equal (numbers by value: {@code 1.0} equals {@code 1}). */
  public static boolean same(JsonNode a, JsonNode b) {
    return equal(a, b);
  }

  private static String show(JsonNode n) {
    if (n == null) {
      return "nothing";
    }
    String s = n.toString();
    return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS - 1) + "…" : s;
  }

  /**
   * A copy of {@code node} without the ignored fields: a name drops that field at any depth, a JSON pointer
   * ({@code /metadata/session}) one place.
   */
  public static JsonNode without(JsonNode node, List<String> ignored) {
    if (node == null || ignored.isEmpty() || !node.isContainerNode()) {
      return node;
    }
    JsonNode copy = node.deepCopy();
    for (String field : ignored) {
      if (field.startsWith("/")) {
        int slash = field.lastIndexOf('/');
        JsonNode parent = slash == 0 ? copy : copy.at(field.substring(0, slash));
        String last = field.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode o) {
          o.remove(last);
        } else if (parent instanceof ArrayNode a && last.matches("\\d+") && Integer.parseInt(last) < a.size()) {
          a.remove(Integer.parseInt(last));
        }
      } else {
        removeEverywhere(copy, field);
      }
    }
    return copy;
  }

  private static void removeEverywhere(JsonNode node, String name) {
    if (node instanceof ObjectNode o) {
      o.remove(name);
      o.elements().forEachRemaining(child -> removeEverywhere(child, name));
    } else if (node instanceof ArrayNode a) {
      a.elements().forEachRemaining(child -> removeEverywhere(child, name));
    }
  }
}
