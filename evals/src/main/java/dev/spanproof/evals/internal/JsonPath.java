package dev.spanproof.evals.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The definite subset of JSONPath: {@code $}, {@code .name}, {@code ['name']} and {@code [index]}
 * (negative indexes count from the end). Wildcards, filters and recursive descent select several
 * values and are rejected. Not for public use.
 */
public final class JsonPath {

  private final String text;
  private final List<Object> steps; // String field or Integer index

  private JsonPath(String text, List<Object> steps) {
    this.text = text;
    this.steps = steps;
  }

  /**
   * Parses a path.
   *
   * @param path the path, such as {@code $.items[0].name}
   * @return the compiled path
   * @throws IllegalArgumentException naming the unsupported part
   */
  public static JsonPath compile(String path) {
    if (path == null || !path.startsWith("$")) {
      throw new IllegalArgumentException("JSON path " + path + " must start with $, such as $.result.items[0].name");
    }
    List<Object> steps = new ArrayList<>();
    int i = 1;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        String name = path.substring(i + 1, end);
        if (name.isEmpty() || name.equals("*")) {
          throw unsupported(path, i, name.isEmpty() ? "\"..\" (recursive descent)" : "\"*\" (wildcard)");
        }
        steps.add(name);
        i = end;
      } else if (c == '[') {
        int end = path.indexOf(']', i);
        if (end < 0) {
          throw new IllegalArgumentException("JSON path " + path + " has an unclosed [ at index " + i);
        }
        String inside = path.substring(i + 1, end).strip();
        if ((inside.startsWith("'") && inside.endsWith("'") || inside.startsWith("\"") && inside.endsWith("\""))
            && inside.length() >= 2) {
          steps.add(inside.substring(1, inside.length() - 1));
        } else if (inside.matches("-?\\d+")) {
          steps.add(Integer.valueOf(inside));
        } else {
          throw unsupported(path, i, "[" + inside + "]");
        }
        i = end + 1;
      } else {
        throw new IllegalArgumentException("JSON path " + path + " has an unexpected '" + c + "' at index " + i
            + "; write .name, ['name'] or [index] after $");
      }
    }
    return new JsonPath(path, List.copyOf(steps));
  }

  private static IllegalArgumentException unsupported(String path, int index, String what) {
    return new IllegalArgumentException("JSON path " + path + " uses " + what + " at index " + index
        + ", which selects several values; spanproof supports definite paths only: $, .name, ['name'], [index]");
  }

  /**
   * Reads the value at this path.
   *
   * @param root the document
   * @return the value, or {@link MissingNode} when absent
   */
  public JsonNode read(JsonNode root) {
    JsonNode node = root;
    for (Object step : steps) {
      if (step instanceof Integer index) {
        if (!node.isArray()) {
          return MissingNode.getInstance();
        }
        int at = index < 0 ? node.size() + index : index;
        node = node.path(at);
      } else {
        node = node.path((String) step);
      }
      if (node.isMissingNode()) {
        return node;
      }
    }
    return node;
  }

  @Override
  public String toString() {
    return text;
  }
}
