package dev.spanproof.assertions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanproof.assertions.AgentSpan;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.assertions.SpanRole;
import dev.spanproof.assertions.TokenUsage;
import dev.spanproof.assertions.conventions.SpanFacts;
import dev.spanproof.assertions.internal.Shape.AnyOrder;
import dev.spanproof.assertions.internal.Shape.AnySpans;
import dev.spanproof.assertions.internal.Shape.Annotations;
import dev.spanproof.assertions.internal.Shape.Node;
import dev.spanproof.assertions.internal.Shape.SpanPattern;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Matches a {@link Shape} against a trace's tree and, when it does not match, finds the first node
 * that differs (the furthest point, in tree order, any attempt reached). Not for public use.
 */
public final class ShapeMatcher {

  /**
   * Where and why the trace differs from the shape.
   *
   * @param afterLine the rendered trace line the marker goes under
   * @param depth the depth whose name column the marker points at
   * @param text what was expected there
   */
  public record Mismatch(int afterLine, int depth, String text) {}

  private final Map<Object, Integer> nodeIds = new IdentityHashMap<>();
  private final NodeMemo nodeMemo = new NodeMemo();
  private final Map<String, JsonNode> expectedJson = new IdentityHashMap<>(); // by the shape's texts
  private int bestPosition = -1;
  private int bestLine;
  private int bestDepth;
  private Supplier<String> bestText; // null until a failure is recorded
  private Node bestFor; // the line that failed, or null
  private boolean bestNearMiss; // whether it named the span but its annotations differ
  private int quiet; // > 0 while trying arrangements of an unordered group
  // the first, quick pass: records no failure and ends a sequence whose last "..." line is followed
  // by plain lines at the only place those lines can match, the end (see matchSeq)
  private final boolean quick;
  // the expected text last compared and its fingerprint: a "..." line compares one text with many spans
  private String lastExpected;
  private long lastExpectedPrint;

  private ShapeMatcher(boolean quick) {
    this.quick = quick;
  }

  /**
   * Matches a shape against a trace.
   *
   * @param shape the expectation
   * @param trace the trace
   * @return empty when the trace has the shape, else the first difference
   */
  public static Optional<Mismatch> match(Shape shape, AgentTrace trace) {
    return match(shape, trace.roots());
  }

  /**
   * Matches a shape against a sub-tree (an agent run and what it did).
   *
   * @param shape the expectation
   * @param roots the spans the shape's top level matches
   * @return empty when they have the shape, else the first difference
   */
  public static Optional<Mismatch> match(Shape shape, List<AgentSpan> roots) {
    // A shape that matches needs no diagnosis: the quick pass decides, and only a shape that does
    // not match is matched again, attempt by attempt, to find where the trace differs.
    if (matches(shape, roots, true)) {
      return Optional.empty();
    }
    ShapeMatcher matcher = new ShapeMatcher(false);
    if (matcher.matchSeq(shape.roots(), 0, roots, 0, null)) {
      return Optional.empty(); // the passes decide alike (ShapeMatcherPassesTest), so not reached
    }
    AgentSpan last = roots.get(roots.size() - 1);
    return Optional.of(matcher.bestText != null
        ? new Mismatch(matcher.bestLine, matcher.bestDepth, matcher.bestText.get())
        : new Mismatch(last.index(), 0, "the spans do not have the expected shape"));
  }

  /** Whether the spans have the shape, by the quick pass or by the diagnosing one. */
  static boolean matches(Shape shape, List<AgentSpan> roots, boolean quick) {
    return new ShapeMatcher(quick).matchSeq(shape.roots(), 0, roots, 0, null);
  }

  /**
   * Matches expected siblings against actual siblings by a forward pass over the states (i, j):
   * "the first i expected lines matched the first j spans". Only reachable states are visited
   * (column j holds the i reached after j spans, visited in ascending order), so the failures
   * recorded are those of real attempts and the work is proportional to the states reached, not to
   * (expected lines × spans): a strict shape reaches about one i per j. Iterative, so 100k siblings
   * do not overflow.
   *
   * <p>In the {@link #quick} pass, the last {@code ...} line is not walked span by span when only
   * plain lines follow it ({@code head ... tail}): those k lines can only match the last k spans, so
   * once the {@code ...} is reached early enough they are compared there, once, and the spans
   * between are never looked at. The diagnosing pass walks every attempt, as it must to find the
   * furthest one.
   */
  private boolean matchSeq(List<Node> expected, int i0, List<AgentSpan> actual, int j0, AgentSpan parent) {
    int m = expected.size();
    int n = actual.size();
    if (i0 == m && j0 == n) {
      return true; // a leaf line and a span without children: nothing to match, nothing to allocate
    }
    int tail = quick ? anchoredTail(expected) : -1;
    boolean tailTried = false;
    Columns columns = new Columns(n, m + 1);
    columns.add(j0, i0);
    boolean matched = false;
    for (int j = j0; j <= n; j++) {
      long[] column = columns.at(j);
      if (column == null) {
        continue;
      }
      // ascending, so the i + 1 a "..." line or an empty group adds to this column is visited too
      for (int i = Columns.next(column, 0); i >= 0; i = Columns.next(column, i + 1)) {
        if (i == m) {
          if (j < n) {
            AgentSpan extra = actual.get(j);
            fail(position(extra, 0), index(extra), extra.depth(), null, false, () -> "unexpected \"" + extra.displayName()
                + "\": no further span was expected here (a \"...\" line allows more)");
          } else {
            matched = true;
          }
          continue;
        }
        Node node = expected.get(i);
        if (i == tail) {
          // the k plain lines after it can only match the last k spans, from n - k, and the "..."
          // covers whatever lies between: one comparison there, at the first (smallest) j the
          // "..." is reached at, decides for every j
          if (!tailTried) {
            tailTried = true;
            int from = n - (m - 1 - i);
            if (j <= from && matchesAt(expected, i + 1, actual, from)) {
              return true;
            }
          }
          continue;
        }
        if (node instanceof AnySpans) {
          Columns.set(column, i + 1);
          if (j < n) {
            columns.add(j + 1, i);
          }
        } else if (node instanceof SpanPattern pattern) {
          if (j == n) {
            failAtEnd(parent, actual, pattern, () -> "\"" + pattern.name() + "\"");
          } else if (matchNode(pattern, actual.get(j))) {
            columns.add(j + 1, i + 1);
          }
        } else {
          for (int size : groupSizes((AnyOrder) node, actual, j, parent)) {
            if (size == 0) {
              Columns.set(column, i + 1);
            } else {
              columns.add(j + size, i + 1);
            }
          }
        }
      }
      columns.release(j);
    }
    return matched;
  }

  /**
   * The position of the last {@code ...} line when only plain span lines follow it (no group, no
   * other {@code ...}), else -1.
   */
  private static int anchoredTail(List<Node> expected) {
    for (int i = expected.size() - 1; i >= 0; i--) {
      Node node = expected.get(i);
      if (node instanceof AnySpans) {
        return i;
      }
      if (!(node instanceof SpanPattern)) {
        return -1;
      }
    }
    return -1;
  }

  /** Whether the lines from {@code i} on match the spans from {@code j} on, one to one, to the end. */
  private boolean matchesAt(List<Node> expected, int i, List<AgentSpan> actual, int j) {
    for (; i < expected.size(); i++, j++) {
      if (!matchNode((SpanPattern) expected.get(i), actual.get(j))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The states of {@link #matchSeq}: for each sibling position j reached, a bit set of the expected
   * lines i reached there. A column exists only once reached and is recycled when visited, so a
   * {@code ...} line over 90,000 siblings reuses a handful of small arrays (no boxed index, no tree
   * node per state).
   */
  private static final class Columns {
    private final long[][] columns;
    private final int words;
    private ArrayDeque<long[]> free; // made when the first column is recycled

    Columns(int siblings, int lines) {
      columns = new long[siblings + 1][];
      words = (lines + 63) >>> 6;
    }

    long[] at(int j) {
      return columns[j];
    }

    void add(int j, int i) {
      long[] column = columns[j];
      if (column == null) {
        column = free == null || free.isEmpty() ? new long[words] : free.pop();
        columns[j] = column;
      }
      set(column, i);
    }

    static void set(long[] column, int i) {
      column[i >>> 6] |= 1L << i;
    }

    /** The first i at or after {@code from} in the column, or -1. */
    static int next(long[] column, int from) {
      int w = from >>> 6;
      if (w >= column.length) {
        return -1;
      }
      long word = column[w] & (-1L << from);
      while (word == 0) {
        if (++w == column.length) {
          return -1;
        }
        word = column[w];
      }
      return (w << 6) + Long.numberOfTrailingZeros(word);
    }

    void release(int j) {
      long[] column = columns[j];
      if (column != null) {
        Arrays.fill(column, 0);
        columns[j] = null;
        if (free == null) {
          free = new ArrayDeque<>(4);
        }
        free.push(column);
      }
    }
  }

  /** Returns how many of the siblings from j the unordered group can cover. */
  private List<Integer> groupSizes(AnyOrder group, List<AgentSpan> actual, int j, AgentSpan parent) {
    List<SpanPattern> patterns = new ArrayList<>();
    boolean wildcard = flatten(group, patterns);
    int remaining = actual.size() - j;
    String groupText = "the \"(any order)\" group of line " + group.line();
    List<Integer> sizes = new ArrayList<>();
    if (remaining < patterns.size()) {
      failAtEnd(parent, actual, group, () -> groupText + " (" + patterns.size() + " spans, " + remaining + " left)");
      return sizes;
    }
    int maxSize = wildcard ? remaining : patterns.size();
    quiet++;
    try {
      if (!wildcard) {
        if (perfectMatching(patterns, actual.subList(j, j + maxSize), false)) {
          sizes.add(maxSize);
        }
      } else if (perfectMatching(patterns, actual.subList(j, j + maxSize), true)) {
        // with a "..." a window that matches still matches grown (the extra spans are the
        // "..."'s): the sizes that match are the smallest one up, found in log(siblings) tries
        // instead of one per size, which made a group after a "..." cubic in the siblings
        int low = patterns.size();
        int high = maxSize;
        while (low < high) {
          int mid = (low + high) >>> 1;
          if (perfectMatching(patterns, actual.subList(j, j + mid), true)) {
            high = mid;
          } else {
            low = mid + 1;
          }
        }
        for (int size = low; size <= maxSize; size++) {
          sizes.add(size);
        }
      }
    } finally {
      quiet--;
    }
    if (sizes.isEmpty() && j < actual.size()) {
      AgentSpan first = actual.get(j);
      List<AgentSpan> window = actual.subList(j, j + maxSize);
      fail(position(first, 2), index(first), first.depth(), group, false, () -> {
        List<String> expectedNames = patterns.stream().map(ShapeMatcher::lineText).toList();
        List<String> actualNames = actual.subList(j, Math.min(actual.size(), j + patterns.size())).stream()
            .map(s -> "\"" + s.displayName() + "\"").toList();
        return "expected " + groupText + " here: "
            + String.join(", ", expectedNames) + " in any order, found " + String.join(", ", actualNames)
            + unmatchedLine(patterns, window);
      });
    }
    return sizes;
  }

  /** A line as written, with its annotations: {@code "execute_tool get_weather  {"city":"Oslo"}"}. */
  private static String lineText(SpanPattern pattern) {
    String annotations = pattern.annotations().text();
    return "\"" + pattern.name() + (annotations.isEmpty() ? "" : "  " + annotations) + "\"";
  }

  /**
   * For a group that failed: the first of its lines no span of the window matches, and why the
   * span of that name there does not (its annotations), or that none has the name; empty when each
   * line matches some span and only the arrangement fails (two lines wanting one span).
   */
  private String unmatchedLine(List<SpanPattern> patterns, List<AgentSpan> window) {
    quiet++;
    try {
      for (SpanPattern pattern : patterns) {
        AgentSpan named = null;
        boolean matched = false;
        for (AgentSpan span : window) {
          if (matchNode(pattern, span)) {
            matched = true;
            break;
          }
          if (named == null && nameMatches(pattern, span)) {
            named = span;
          }
        }
        if (!matched) {
          return named != null ? "; " + lineText(pattern) + " matches none: " + annotationProblem(pattern.annotations(), named)
              : "; no span of the group is named \"" + pattern.name() + "\"";
        }
      }
      return "";
    } finally {
      quiet--;
    }
  }

  /**
   * Adds the group's span lines to {@code patterns}, those of nested groups too (any order of any
   * order is any order); returns whether a {@code ...} line is among them.
   */
  private static boolean flatten(AnyOrder group, List<SpanPattern> patterns) {
    boolean wildcard = false;
    for (Node child : group.children()) {
      if (child instanceof SpanPattern p) {
        patterns.add(p);
      } else if (child instanceof AnyOrder nested) {
        wildcard |= flatten(nested, patterns);
      } else {
        wildcard = true;
      }
    }
    return wildcard;
  }

  /** Kuhn's augmenting paths: every pattern to a distinct span; leftover spans only with a wildcard. */
  private boolean perfectMatching(List<SpanPattern> patterns, List<AgentSpan> window, boolean wildcard) {
    if (!wildcard && patterns.size() != window.size()) {
      return false;
    }
    int[] owner = new int[window.size()];
    Arrays.fill(owner, -1);
    for (int p = 0; p < patterns.size(); p++) {
      if (!augment(p, patterns, window, owner, new boolean[window.size()])) {
        return false;
      }
    }
    return true;
  }

  private boolean augment(int p, List<SpanPattern> patterns, List<AgentSpan> window, int[] owner, boolean[] seen) {
    for (int s = 0; s < window.size(); s++) {
      if (!seen[s] && matchNode(patterns.get(p), window.get(s))) {
        seen[s] = true;
        if (owner[s] < 0 || augment(owner[s], patterns, window, owner, seen)) {
          owner[s] = p;
          return true;
        }
      }
    }
    return false;
  }

  private boolean matchNode(SpanPattern pattern, AgentSpan span) {
    if (quiet == 0 && pattern.children().isEmpty()) {
      // matchSeq tries each (line, span) state once: a leaf line is compared once per span anyway,
      // and only lines with children (a sub-match) or group arrangements are worth remembering
      return computeNode(pattern, span);
    }
    long key = ((long) id(nodeIds, pattern) << 32) | index(span);
    int known = nodeMemo.get(key);
    if (known != NodeMemo.ABSENT) {
      return known == NodeMemo.TRUE;
    }
    boolean result = computeNode(pattern, span);
    nodeMemo.put(key, result);
    return result;
  }

  /**
   * Results of (pattern, span) matches keyed by pattern id and span index: open addressing over a
   * {@code long[]} and a {@code byte[]}, no boxed key or entry per attempt (a {@code ...} line tries
   * every sibling of a 90,000-child root).
   */
  private static final class NodeMemo {
    static final int ABSENT = 0;
    static final int TRUE = 1;
    static final int FALSE = 2;
    private long[] keys = new long[64];
    private byte[] values = new byte[64]; // ABSENT marks a free slot
    private int size;

    private static int slot(long key, int mask) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32)) & mask;
    }

    int get(long key) {
      int mask = keys.length - 1;
      for (int i = slot(key, mask); ; i = (i + 1) & mask) {
        if (values[i] == ABSENT) {
          return ABSENT;
        }
        if (keys[i] == key) {
          return values[i];
        }
      }
    }

    void put(long key, boolean result) {
      if (2 * (size + 1) > keys.length) {
        grow();
      }
      int mask = keys.length - 1;
      for (int i = slot(key, mask); ; i = (i + 1) & mask) {
        if (values[i] == ABSENT) {
          keys[i] = key;
          values[i] = (byte) (result ? TRUE : FALSE);
          size++;
          return;
        }
        if (keys[i] == key) {
          values[i] = (byte) (result ? TRUE : FALSE);
          return;
        }
      }
    }

    private void grow() {
      long[] oldKeys = keys;
      byte[] oldValues = values;
      keys = new long[oldKeys.length * 2];
      values = new byte[oldKeys.length * 2];
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldValues[i] != ABSENT) {
          put(oldKeys[i], oldValues[i] == TRUE);
        }
      }
    }
  }

  private boolean computeNode(SpanPattern pattern, AgentSpan span) {
    if (!nameMatches(pattern, span)) {
      fail(position(span, 0), index(span), span.depth(), pattern, false,
          () -> "expected \"" + pattern.name() + "\" but found \"" + span.displayName() + "\"");
      return false;
    }
    if (problem(pattern.annotations(), span, false, this) != null) {
      fail(position(span, 1), index(span), span.depth(), pattern, true,
          () -> annotationProblem(pattern.annotations(), span));
      return false;
    }
    return matchSeq(pattern.children(), 0, span.children(), 0, span);
  }

  /** Whether the display name or the span name matches the line's name (a literal, or a glob with {@code *}). */
  private static boolean nameMatches(SpanPattern pattern, AgentSpan span) {
    String name = pattern.name();
    if (name.indexOf('*') < 0) {
      return span.isNamed(name) || shownNameMatches(name, span);
    }
    return pattern.namePattern().matcher(span.displayName()).matches()
        || pattern.namePattern().matcher(span.name()).matches() || shownNameMatches(pattern, span);
  }

  /**
   * Whether the line's name matches the display name as {@link TraceText#name(String)} shows it,
   * for a name that rendering changes ({@code GET  /x} is shown {@code GET /x}): what render() prints
   * must match its own trace.
   */
  private static boolean shownNameMatches(String name, AgentSpan span) {
    String shown = TraceText.name(span.displayName());
    return shown != span.displayName() && shown.equals(name);
  }

  private static boolean shownNameMatches(SpanPattern pattern, AgentSpan span) {
    String shown = TraceText.name(span.displayName());
    return shown != span.displayName() && pattern.namePattern().matcher(shown).matches();
  }

  static String annotationProblem(Annotations expected, AgentSpan span) {
    return problem(expected, span, true, null);
  }

  /** A mismatch without its description, for {@link #problem} asked only whether one exists. */
  private static final String UNDESCRIBED = "mismatch";

  /**
   * Returns why the span does not carry the expected annotations, or null when it does; when
   * {@code describe} is false, a mismatch is {@link #UNDESCRIBED} (the message is built only for
   * the failure reported, not for every attempt).
   */
  private static String problem(Annotations expected, AgentSpan span, boolean describe, ShapeMatcher parsed) {
    SpanFacts facts = span.facts();
    if (expected.tokensGiven()) {
      TokenUsage usage = span.role() == SpanRole.LLM ? facts.usage() : null;
      if (usage == null) {
        return describe ? name(span) + " reports no token usage; expected " + wantedTokens(expected) : UNDESCRIBED;
      }
      if ((expected.tokensIn() != null && expected.tokensIn() != usage.input())
          || (expected.tokensOut() != null && expected.tokensOut() != usage.output())) {
        return describe ? name(span) + " has tokens " + usage + "; expected " + wantedTokens(expected) : UNDESCRIBED;
      }
    }
    if (expected.arguments() != null) {
      String actual = facts.toolArguments();
      if (actual == null) {
        return describe ? name(span) + " carries no arguments; expected " + expected.arguments() : UNDESCRIBED;
      }
      // equal texts are equivalent JSON; compare parsed trees only when the texts differ
      // arguments that render differently (text that is not JSON is shown as a JSON string) also
      // match as shown, so that render() matches its own trace
      if (!expected.arguments().equals(actual) && !equivalent(parsed, expected.arguments(), actual)
          && !(TraceText.argumentsShownDifferently(actual)
              && Json.equivalent(expected.arguments(), TraceText.arguments(actual)))) {
        return describe
            ? name(span) + " was called with " + TraceText.arguments(actual) + "; expected " + expected.arguments()
            : UNDESCRIBED;
      }
    }
    if (expected.result() != null) {
      String actual = facts.toolResult();
      if (actual == null) {
        return describe ? name(span) + " carries no result; expected → " + expected.result() : UNDESCRIBED;
      }
      if (!resultMatches(expected.result(), actual, parsed)) {
        return describe
            ? name(span) + " returned " + TraceText.result(actual) + "; expected → " + expected.result()
            : UNDESCRIBED;
      }
    }
    if (expected.error() != null) {
      String actual = facts.errorType();
      if (actual == null) {
        return describe ? name(span) + " did not fail; expected "
            + (expected.error().isEmpty() ? "an error" : "error: " + expected.error()) : UNDESCRIBED;
      }
      if (!expected.error().isEmpty() && !Shape.glob(expected.error()).matcher(actual).matches()) {
        return describe
            ? name(span) + " failed with error: " + actual + "; expected error: " + expected.error()
            : UNDESCRIBED;
      }
    }
    return null;
  }

  private static String name(AgentSpan span) {
    return "\"" + span.displayName() + "\"";
  }

  private static String wantedTokens(Annotations expected) {
    return "tokens " + star(expected.tokensIn()) + "→" + star(expected.tokensOut());
  }

  static boolean resultMatches(String expected, String actual) {
    return resultMatches(expected, actual, null);
  }

  private static boolean resultMatches(String expected, String actual, ShapeMatcher parsed) {
    if (expected.endsWith(TraceText.ELLIPSIS)) {
      String prefix = expected.substring(0, expected.length() - 1);
      return TraceText.result(actual).startsWith(prefix) || unquoted(actual).startsWith(prefix);
    }
    if (expected.contains("*")) {
      var glob = Shape.glob(expected);
      return glob.matcher(TraceText.result(actual)).matches() || glob.matcher(unquoted(actual)).matches();
    }
    // equal texts are equivalent (the last test below would say so): skip parsing them
    // a JSON string expected ("21°C" quoted) matches the same text recorded plain, as plain text
    // expected matches it recorded as a JSON string: instrumentations differ in how they record it
    return expected.equals(actual) || expected.equals(TraceText.result(actual))
        || expected.equals(unquoted(actual)) || (expected.startsWith("\"") && unquoted(expected).equals(actual.trim()))
        || equivalent(parsed, expected, actual);
  }

  /** Stands for an expected text that is not JSON in {@link #expectedJson}. */
  private static final JsonNode NOT_JSON = new com.fasterxml.jackson.databind.node.TextNode("not JSON");

  /**
   * {@link Json#equivalent(String, String)} with the expected text parsed once per matcher (a
   * {@code ...} line tries one expected annotation against every sibling); without a matcher, as is.
   */
  private static boolean equivalent(ShapeMatcher parsed, String expected, String actual) {
    if (parsed == null) {
      return Json.equivalent(expected, actual);
    }
    if (parsed.lastExpected != expected) {
      parsed.lastExpected = expected;
      parsed.lastExpectedPrint = JsonFingerprint.of(expected);
    }
    long expectedPrint = parsed.lastExpectedPrint;
    if (expectedPrint != JsonFingerprint.NONE) {
      long actualPrint = JsonFingerprint.of(actual);
      if (actualPrint != JsonFingerprint.NONE && actualPrint != expectedPrint) {
        return false; // both strict JSON, and their tokens differ: no need to parse the actual text
      }
    }
    JsonNode left = parsed.expectedJson.computeIfAbsent(expected, text -> {
      JsonNode node = Json.parseOrNull(text);
      return node == null ? NOT_JSON : node;
    });
    if (left != NOT_JSON) {
      JsonNode right = Json.parseOrNull(actual);
      if (right != null) {
        return Json.equivalent(left, right);
      }
    }
    return expected.trim().equals(actual.trim());
  }

  private static String unquoted(String text) {
    JsonNode node = Json.parseOrNull(text);
    return node != null && node.isTextual() ? node.asText() : text.trim();
  }

  private static String star(Long value) {
    return value == null ? "*" : value.toString();
  }

  private void failAtEnd(AgentSpan parent, List<AgentSpan> siblings, Node line, Supplier<String> what) {
    if (siblings.isEmpty()) {
      // parent is never null here: a trace has at least one root
      fail(position(parent, 2), index(parent), parent.depth() + 1, line, false, () -> "expected " + what.get() + " under \""
          + parent.displayName() + "\"; " + (parent.role() == SpanRole.AGENT ? "the agent made no span" : "it has no child span"));
      return;
    }
    AgentSpan deepest = siblings.get(siblings.size() - 1);
    while (!deepest.children().isEmpty()) {
      deepest = deepest.children().get(deepest.children().size() - 1);
    }
    AgentSpan last = deepest;
    fail(position(last, 2), index(last), parent == null ? 0 : parent.depth() + 1, line, false, () -> {
      String why = parent == null ? "the trace has no further root span"
          : parent.role() == SpanRole.AGENT ? "the agent made no further span"
          : "\"" + parent.displayName() + "\" has no further child span";
      return "expected " + what.get() + " next; " + why;
    });
  }

  /**
   * Records a failure when it is the furthest so far; its text is built only for the failure that
   * is finally reported (a large shape fails many attempts on its way to a match). A line that named
   * a span but wanted other annotations keeps that near miss over its own later attempts (a
   * {@code ...} before it tries it on every sibling after, and at the end): "called with {"a":2}"
   * says more than "no further span".
   *
   * @param line the line that failed, or null for a span no line expected
   * @param nearMiss whether the line named the span but its annotations differ
   */
  private void fail(int position, int afterLine, int depth, Node line, boolean nearMiss, Supplier<String> text) {
    if (quiet == 0 && !quick && position > bestPosition) {
      if (bestNearMiss && !nearMiss && line != null && line == bestFor) {
        return;
      }
      bestPosition = position;
      bestLine = afterLine;
      bestDepth = depth;
      bestText = text;
      bestFor = line;
      bestNearMiss = nearMiss;
    }
  }

  private static int position(AgentSpan span, int rank) {
    return index(span) * 3 + rank;
  }

  private static int index(AgentSpan span) {
    return span.index();
  }

  private static int id(Map<Object, Integer> ids, Object o) {
    return ids.computeIfAbsent(o, k -> ids.size());
  }
}
