package dev.spanproof.assertions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanproof.assertions.AgentSpan;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.assertions.SpanRole;
import dev.spanproof.assertions.conventions.SpanFacts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Renders trees in the canonical trace text. Not for public use. */
public final class TraceText {

  /** Results longer than this are cut and end with {@link #ELLIPSIS}. */
  public static final int MAX_RESULT_LENGTH = 80;
  /** Marks a cut result; in an expectation, a result ending with it matches by prefix. */
  public static final String ELLIPSIS = "…";

  private TraceText() {}

  /**
   * One rendered line.
   *
   * @param depth the depth in the tree
   * @param prefix the box-drawing prefix
   * @param name the display name
   * @param annotation the annotation text, or empty
   * @param ref the node the line renders
   */
  public record Line(int depth, String prefix, String name, String annotation, Object ref) {
    int width() {
      return prefix.length() + displayWidth(name);
    }
  }

  /**
   * The columns a monospaced terminal or IDE gives the text: two for East Asian wide and full-width
   * characters (CJK, kana, Hangul, full-width forms) and for pictographic emoji, none for combining marks
   * and format characters (zero-width joiners, variation selectors), one for the rest. Annotations align
   * on it, so a tree with Chinese, Japanese or Korean names keeps its annotation column.
   *
   * @param text the text
   * @return its width in columns
   */
  public static int displayWidth(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
        continue;
      }
      width += isWide(c) ? 2 : 1;
    }
    return width;
  }

  private static boolean isWide(int c) {
    return (c >= 0x1100 && c <= 0x115F) // Hangul Jamo initials
        || (c >= 0x2E80 && c <= 0x303E) // CJK radicals, symbols and punctuation
        || (c >= 0x3041 && c <= 0x33FF) // kana, Bopomofo, CJK compatibility
        || (c >= 0x3400 && c <= 0x4DBF) // CJK extension A
        || (c >= 0x4E00 && c <= 0x9FFF) // CJK unified ideographs
        || (c >= 0xA000 && c <= 0xA4CF) // Yi
        || (c >= 0xAC00 && c <= 0xD7A3) // Hangul syllables
        || (c >= 0xF900 && c <= 0xFAFF) // CJK compatibility ideographs
        || (c >= 0xFE30 && c <= 0xFE4F) // CJK compatibility forms
        || (c >= 0xFF00 && c <= 0xFF60) // full-width forms
        || (c >= 0xFFE0 && c <= 0xFFE6) // full-width signs
        || (c >= 0x1F300 && c <= 0x1F64F) // pictographs and emoticons
        || (c >= 0x1F680 && c <= 0x1F6FF) // transport and map symbols
        || (c >= 0x1F900 && c <= 0x1F9FF) // supplemental symbols and pictographs
        || (c >= 0x20000 && c <= 0x3FFFD); // CJK extensions B and later
  }

  /**
   * A marker line inserted under a line: {@code ▲ text} at a column.
   *
   * @param afterLine the index of the line to put it under; -1 puts it first
   * @param depth the depth whose name column the ▲ points at
   * @param text the marker text
   */
  public record Marker(int afterLine, int depth, String text) {}

  /** Lays a forest out as lines with box-drawing prefixes. */
  public static <N> List<Line> lines(List<? extends N> roots, Function<N, List<? extends N>> children,
      Function<N, String> name, Function<N, String> annotation) {
    List<Line> out = new ArrayList<>();
    record Item<N>(N node, int depth, String prefix, String childPrefix) {}
    ArrayDeque<Item<N>> stack = new ArrayDeque<>();
    for (int i = roots.size() - 1; i >= 0; i--) {
      stack.push(new Item<>(roots.get(i), 0, "", ""));
    }
    while (!stack.isEmpty()) {
      Item<N> item = stack.pop();
      String ann = annotation.apply(item.node());
      out.add(new Line(item.depth(), item.prefix(), name.apply(item.node()), ann == null ? "" : ann, item.node()));
      List<? extends N> kids = children.apply(item.node());
      for (int i = kids.size() - 1; i >= 0; i--) {
        boolean last = i == kids.size() - 1;
        stack.push(new Item<>(kids.get(i), item.depth() + 1,
            item.childPrefix() + (last ? "└── " : "├── "),
            item.childPrefix() + (last ? "    " : "│   ")));
      }
    }
    return out;
  }

  /**
   * Formats lines with annotations aligned in one column, each line preceded by {@code indent}.
   *
   * @param lines the lines
   * @param indent text before every line
   * @param marker a marker to insert, or null
   * @return the text, no trailing newline
   */
  public static String format(List<Line> lines, String indent, Marker marker) {
    int column = 0;
    for (Line line : lines) {
      if (!line.annotation().isEmpty()) {
        column = Math.max(column, line.width() + 2);
      }
    }
    StringBuilder out = new StringBuilder();
    if (marker != null && marker.afterLine() < 0) {
      appendMarker(out, indent, marker);
    }
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(indent).append(line.prefix()).append(line.name());
      if (!line.annotation().isEmpty()) {
        out.append(" ".repeat(column - line.width())).append(line.annotation());
      }
      if (marker != null && marker.afterLine() == i) {
        out.append('\n');
        appendMarker(out, indent, marker);
      }
    }
    return out.toString();
  }

  private static void appendMarker(StringBuilder out, String indent, Marker marker) {
    out.append(indent).append(" ".repeat(4 * marker.depth())).append("▲ ").append(marker.text());
  }

  /** Lays out a trace's spans. */
  public static List<Line> lines(AgentTrace trace) {
    return lines(trace.roots(), AgentSpan::children, TraceText::name, TraceText::annotation);
  }

  /** Lays out one span's sub-tree. */
  public static List<Line> lines(AgentSpan root) {
    return lines(List.of(root), AgentSpan::children, TraceText::name, TraceText::annotation);
  }

  /** A span's display name as a line shows it: see {@link #name(String)}. */
  public static String name(AgentSpan span) {
    return name(span.displayName());
  }

  /**
   * A name as a line shows it: on one line, runs of spaces as one, no leading or trailing space.
   * Two spaces end the name in the canonical text (annotations follow), so a name that kept them
   * would not read back; the shape matcher compares a line with this form too.
   *
   * @param name the display name
   * @return the name itself when it needs no change
   */
  public static String name(String name) {
    String text = oneLine(name);
    return text.isEmpty() || (text.charAt(0) != ' ' && text.charAt(text.length() - 1) != ' ') ? text : text.strip();
  }

  /**
   * Tool arguments as a line shows them: always one JSON value, so that the text reads back. An
   * object or array is compacted; other JSON (a number, a string) stays; text that is not JSON is
   * shown as a JSON string ({@code Paris} as {@code "Paris"}).
   *
   * @param arguments the recorded arguments
   * @return the shown arguments
   */
  public static String arguments(String arguments) {
    JsonNode node = Json.parseOrString(arguments);
    return node.isContainerNode() ? oneLine(node.toString()) : node.toString();
  }

  /**
   * Whether the shown arguments can differ from the recorded ones other than by JSON formatting:
   * text that is not an object or array, or that holds runs of spaces or line breaks.
   */
  static boolean argumentsShownDifferently(String arguments) {
    int i = 0;
    while (i < arguments.length() && Character.isWhitespace(arguments.charAt(i))) {
      i++;
    }
    return i == arguments.length() || (arguments.charAt(i) != '{' && arguments.charAt(i) != '[')
        || arguments.contains("  ") || arguments.indexOf('\n') >= 0 || arguments.indexOf('\r') >= 0;
  }

  /** Renders a trace in the canonical text. */
  public static String render(AgentTrace trace) {
    return format(lines(trace), "", null);
  }

  /** Returns a span's annotations: {@code tokens IN→OUT}, {@code {args} → result}, {@code error: TYPE}. */
  public static String annotation(AgentSpan span) {
    SpanFacts facts = span.facts();
    List<String> parts = new ArrayList<>(2);
    if (span.role() == SpanRole.LLM && facts.usage() != null) {
      parts.add("tokens " + facts.usage());
    }
    if (span.role() == SpanRole.TOOL) {
      String args = facts.toolArguments() == null ? null : arguments(facts.toolArguments());
      String result = facts.toolResult() == null ? null : result(facts.toolResult());
      if (args != null && result != null) {
        parts.add(args + " → " + result);
      } else if (args != null) {
        parts.add(args);
      } else if (result != null) {
        parts.add("→ " + result);
      }
    }
    if (facts.errorType() != null) {
      parts.add("error: " + facts.errorType());
    }
    return String.join("  ", parts);
  }

  /** A result as shown: compact JSON or one line of text, cut after {@link #MAX_RESULT_LENGTH}. */
  public static String result(String result) {
    String text = oneLine(Json.compact(result));
    if (text.length() > MAX_RESULT_LENGTH) {
      return cut(text, MAX_RESULT_LENGTH - 1) + ELLIPSIS;
    }
    return text;
  }

  /**
   * Returns the text's first {@code length} chars, one fewer when the cut would split a surrogate
   * pair (an emoji): an unpaired surrogate is not valid text and breaks messages and snapshot files.
   */
  public static String cut(String text, int length) {
    if (length >= text.length()) {
      return text;
    }
    int end = length > 0 && Character.isHighSurrogate(text.charAt(length - 1))
        && Character.isLowSurrogate(text.charAt(length)) ? length - 1 : length;
    return text.substring(0, end);
  }

  private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile(" {2,}");

  private static String oneLine(String text) {
    if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0 && !text.contains("  ")) {
      return text;
    }
    return SPACES.matcher(text.replace("\r", "").replace("\n", "\\n")).replaceAll(" ");
  }

  /** Indents every line of a text. */
  public static String indent(String text, String indent) {
    return indent + text.replace("\n", "\n" + indent);
  }
}
