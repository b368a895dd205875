package dev.spanproof.assertions.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spanproof.assertions.ShapeSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed trace shape expectation: the canonical trace text with {@code *} wildcards in names,
 * {@code ...} lines and {@code (any order)} groups. Not for public use.
 */
public final class Shape {

  /** A node of an expectation. */
  public sealed interface Node permits SpanPattern, AnySpans, AnyOrder {
    /** The 1-based line it was written on. */
    int line();

    /** The children (empty for {@code ...}). */
    List<Node> children();

    /** The line's text as the failure message shows it. */
    String text();
  }

  /**
   * A line naming a span, with optional annotations.
   *
   * @param line the line number
   * @param name the name as written, wildcards included
   * @param namePattern the name as a regular expression
   * @param annotations the annotations to check
   * @param children the expected children
   */
  public record SpanPattern(int line, String name, Pattern namePattern, Annotations annotations,
      List<Node> children) implements Node {
    @Override
    public String text() {
      return name;
    }
  }

  /**
   * A {@code ...} line: zero or more spans.
   *
   * @param line the line number
   */
  public record AnySpans(int line) implements Node {
    @Override
    public List<Node> children() {
      return List.of();
    }

    @Override
    public String text() {
      return "...";
    }
  }

  /**
   * An {@code (any order)} line: its children match the next siblings in any order.
   *
   * @param line the line number
   * @param children the unordered children
   */
  public record AnyOrder(int line, List<Node> children) implements Node {
    @Override
    public String text() {
      return "(any order)";
    }
  }

  /**
   * The annotations written on a line; null fields are not checked.
   *
   * @param tokensIn expected input tokens
   * @param tokensOut expected output tokens
   * @param tokensGiven whether a tokens annotation was written
   * @param arguments expected arguments (JSON text)
   * @param result expected result (text; {@code *} wildcards; a trailing … matches by prefix)
   * @param error expected error type ({@code ""} for any error)
   * @param text the annotations as they will be shown
   */
  public record Annotations(Long tokensIn, Long tokensOut, boolean tokensGiven, String arguments,
      String result, String error, String text) {
    static final Annotations NONE = new Annotations(null, null, false, null, null, null, "");
  }

  private static final Pattern TWO_SPACES = Pattern.compile(" {2,}");
  // arguments that are one JSON string, number, true, false or null (render() shows arguments that
  // are not JSON as a string), up to a space, an arrow or the line's end
  private static final Pattern JSON_SCALAR = Pattern.compile(
      "(?:\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null)(?=\\s|→|->|$)");
  private static final Pattern TOKENS =
      Pattern.compile("tokens\\s+(\\d+|\\*)\\s*(?:→|->)\\s*(\\d+|\\*)");

  private final List<Node> roots;
  private final String source;

  private Shape(List<Node> roots, String source) {
    this.roots = roots;
    this.source = source;
  }

  /** Returns the top-level nodes. */
  public List<Node> roots() {
    return roots;
  }

  /** Returns the text the shape was parsed from. */
  public String source() {
    return source;
  }

  /** Renders the expectation as a box-drawn tree, annotations aligned. */
  public String render(String indent) {
    return TraceText.format(TraceText.lines(roots, Node::children, Node::text,
        n -> n instanceof SpanPattern p ? p.annotations().text() : ""), indent, null);
  }

  /**
   * Parses an expectation.
   *
   * @param text the expectation
   * @return the shape
   * @throws ShapeSyntaxException naming the line and what was expected there
   */
  public static Shape parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ShapeSyntaxException(1, null,
          "the expectation is empty; expected at least one line naming a span, such as \"invoke_agent assistant\"");
    }
    String[] rawLines = text.split("\\R", -1);
    record Entry(int depth, Node node, List<Node> children) {}
    List<Entry> stack = new ArrayList<>();
    List<Node> roots = new ArrayList<>();
    int baseIndent = -1;
    for (int n = 0; n < rawLines.length; n++) {
      int lineNumber = n + 1;
      String raw = rawLines[n];
      String line = stripTrailing(raw);
      if (line.isBlank()) {
        continue;
      }
      if (line.indexOf('\t') >= 0) {
        throw new ShapeSyntaxException(lineNumber, raw,
            "a tab character; expected indentation by two spaces per level (or box-drawing characters)");
      }
      int prefixEnd = 0;
      boolean box = false;
      while (prefixEnd < line.length() && " │├└─".indexOf(line.charAt(prefixEnd)) >= 0) {
        box |= line.charAt(prefixEnd) != ' ';
        prefixEnd++;
      }
      if (baseIndent < 0) {
        if (box) {
          throw new ShapeSyntaxException(lineNumber, raw,
              "the first line starts with a tree branch; expected the root span's name, unindented");
        }
        baseIndent = prefixEnd;
      }
      int leading = 0;
      while (leading < line.length() && line.charAt(leading) == ' ') {
        leading++;
      }
      if (leading < baseIndent) {
        throw new ShapeSyntaxException(lineNumber, raw, "indented less than the first line (" + baseIndent
            + " spaces); expected every line at or under the first line's indentation");
      }
      int width = prefixEnd - baseIndent;
      int unit = box ? 4 : 2;
      if (width % unit != 0) {
        throw new ShapeSyntaxException(lineNumber, raw, box
            ? "a tree prefix of " + width + " characters; expected 4 per level (\"├── \", \"└── \", \"│   \" or 4 spaces)"
            : "an indentation of " + width + " spaces; expected two spaces per level");
      }
      int depth = width / unit;
      String content = line.substring(prefixEnd);
      while (stack.size() > depth) {
        stack.remove(stack.size() - 1);
      }
      if (stack.size() < depth) {
        throw new ShapeSyntaxException(lineNumber, raw, "indented to level " + depth
            + " but the line above is at level " + (stack.isEmpty() ? 0 : stack.get(stack.size() - 1).depth())
            + "; expected a child to be indented one level under its parent");
      }
      List<Node> children = new ArrayList<>();
      Node node = parseContent(lineNumber, raw, content, children);
      if (depth == 0) {
        roots.add(node);
      } else {
        Entry parent = stack.get(depth - 1);
        if (parent.node() instanceof AnySpans) {
          throw new ShapeSyntaxException(lineNumber, raw, "a child under the \"...\" of line "
              + parent.node().line() + "; expected \"...\" to stand alone, as it matches any spans and their children");
        }
        parent.children().add(node);
      }
      stack.add(new Entry(depth, node, children));
    }
    validateGroups(roots, rawLines);
    return new Shape(List.copyOf(roots), text);
  }

  private static void validateGroups(List<Node> nodes, String[] rawLines) {
    for (Node node : nodes) {
      if (node instanceof AnyOrder group) {
        if (group.children().isEmpty()) {
          throw new ShapeSyntaxException(group.line(), rawLines[group.line() - 1],
              "an \"(any order)\" group without children; expected the unordered spans indented under it");
        }
      }
      validateGroups(node.children(), rawLines);
    }
  }

  private static Node parseContent(int lineNumber, String raw, String content, List<Node> children) {
    if (content.equals("...") || content.equals("…")) {
      return new AnySpans(lineNumber);
    }
    if (content.equalsIgnoreCase("(any order)")) {
      return new AnyOrder(lineNumber, children);
    }
    Matcher gap = TWO_SPACES.matcher(content);
    String name = content;
    Annotations annotations = Annotations.NONE;
    if (gap.find()) {
      name = content.substring(0, gap.start());
      annotations = parseAnnotations(lineNumber, raw, content.substring(gap.end()));
    }
    return new SpanPattern(lineNumber, name, glob(name), annotations, children);
  }

  /** Turns a name with {@code *} wildcards into a regular expression. */
  public static Pattern glob(String text) {
    StringBuilder regex = new StringBuilder();
    int start = 0;
    for (int i = text.indexOf('*'); i >= 0; i = text.indexOf('*', start)) {
      regex.append(Pattern.quote(text.substring(start, i))).append(".*");
      start = i + 1;
    }
    regex.append(Pattern.quote(text.substring(start)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static Annotations parseAnnotations(int lineNumber, String raw, String text) {
    Long in = null;
    Long out = null;
    boolean tokens = false;
    String arguments = null;
    String result = null;
    String error = null;
    List<String> shown = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      while (i < text.length() && text.charAt(i) == ' ') {
        i++;
      }
      if (i >= text.length()) {
        break;
      }
      String rest = text.substring(i);
      if (rest.startsWith("tokens")) {
        Matcher m = TOKENS.matcher(rest);
        if (!m.lookingAt()) {
          throw new ShapeSyntaxException(lineNumber, raw,
              "\"" + untilGap(rest) + "\"; expected \"tokens IN→OUT\" such as \"tokens 10→15\" (\"*\" for any count)");
        }
        tokens = true;
        in = tokenCount(m.group(1), lineNumber, raw);
        out = tokenCount(m.group(2), lineNumber, raw);
        shown.add("tokens " + m.group(1) + "→" + m.group(2));
        i += m.end();
      } else if (rest.startsWith("error")) {
        String token = untilGap(rest);
        if (!token.equals("error") && !token.startsWith("error:")) {
          throw new ShapeSyntaxException(lineNumber, raw,
              "\"" + token + "\"; expected \"error: TYPE\" (or \"error\" for any error)");
        }
        error = token.equals("error") ? "" : token.substring("error:".length()).trim();
        shown.add(error.isEmpty() ? "error" : "error: " + error);
        i += token.length();
      } else if (rest.startsWith("{") || rest.startsWith("[") || JSON_SCALAR.matcher(rest).lookingAt()) {
        Matcher scalar = JSON_SCALAR.matcher(rest);
        int end = scalar.lookingAt() ? scalar.end() : jsonEnd(rest);
        if (end < 0) {
          throw new ShapeSyntaxException(lineNumber, raw,
              "arguments " + untilGap(rest) + " that never close; expected a JSON object such as {\"a\":2}");
        }
        String json = rest.substring(0, end);
        try {
          arguments = Json.mapper().readTree(json).toString();
        } catch (JsonProcessingException | NumberFormatException e) {
          // NumberFormatException: a number BigDecimal cannot hold (1e599999999999999999999)
          String why = e instanceof JsonProcessingException invalid ? invalid.getOriginalMessage() : e.getMessage();
          throw new ShapeSyntaxException(lineNumber, raw, "arguments " + json
              + " that are not valid JSON (" + why + "); expected a JSON object such as {\"a\":2}");
        }
        i += end;
        String afterArgs = text.substring(i);
        Matcher arrow = Pattern.compile("^\\s*(?:→|->)\\s*").matcher(afterArgs);
        if (arrow.find()) {
          i += arrow.end();
          result = untilGap(text.substring(i));
          i += result.length();
          shown.add(arguments + " → " + result);
        } else {
          shown.add(arguments);
        }
      } else if (rest.startsWith("→") || rest.startsWith("->")) {
        int skip = rest.startsWith("→") ? 1 : 2;
        String after = rest.substring(skip).stripLeading();
        result = untilGap(after);
        i += rest.length() - after.length() + result.length();
        shown.add("→ " + result);
      } else {
        throw new ShapeSyntaxException(lineNumber, raw, "an unknown annotation \"" + untilGap(rest)
            + "\"; expected \"tokens IN→OUT\", \"{arguments} → result\", \"→ result\" or \"error: TYPE\""
            + " after two spaces");
      }
    }
    return new Annotations(in, out, tokens, arguments, result, error, String.join("  ", shown));
  }

  private static String untilGap(String text) {
    Matcher gap = TWO_SPACES.matcher(text);
    return gap.find() ? text.substring(0, gap.start()) : text;
  }

  /** Returns the index after the JSON value at the start of text, or -1. */
  private static int jsonEnd(String text) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
    }
    return -1;
  }

  private static String stripTrailing(String line) {
    return line.stripTrailing();
  }

  /** A token count of a {@code tokens IN→OUT} annotation: null for {@code *}. */
  private static Long tokenCount(String digits, int lineNumber, String raw) {
    if (digits.equals("*")) {
      return null;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new ShapeSyntaxException(lineNumber, raw, "the token count " + digits + ", larger than any count a span"
          + " can record; expected a whole number up to " + Long.MAX_VALUE);
    }
  }
}
