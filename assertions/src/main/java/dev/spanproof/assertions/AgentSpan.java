package dev.spanproof.assertions;

import dev.spanproof.assertions.conventions.Attrs;
import dev.spanproof.assertions.conventions.SpanFacts;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One span in an {@link AgentTrace}'s tree: the {@link SpanData}, what a convention read from it,
 * and its place in the tree (parent, children, depth).
 */
public final class AgentSpan {

  private final SpanData span;
  // The trace's FactsReader (its conventions and logs) until the facts are read, then the SpanFacts:
  // one field, not two, as a 100k-span trace keeps 100k of these objects. Preset while the tree is
  // built for plain GenAI spans (Conventions.onePassReader), else read on first access: the
  // conventions run once per span, under this span's lock, and the facts are published through the
  // volatile field, so a trace may be read from several threads.
  private volatile Object facts;
  private Attrs attrs; // built on demand; immutable, so a racy second build is harmless
  private AgentSpan parent; // the tree fields are set by AgentTrace before the trace is published
  private int depth;
  private boolean orphan;
  // whether the recorded span name is the display name, learnt by the first isNamed that has to
  // look at the name: from then on a text that is not the display name is not the span name either,
  // and the span (a cache miss on a large trace) is not read again. Not learnt while the tree is
  // built: most shape lines name the display name, and the check cost a tenth of the build. A racy
  // second computation gives the same answer.
  private byte nameKind = NAME_UNKNOWN;
  private static final byte NAME_UNKNOWN = 0;
  private static final byte NAME_IS_DISPLAY_NAME = 1;
  private static final byte NAME_DIFFERS = 2;
  // most spans are leaves: no list of their own; while the tree is built, the ArrayList AgentTrace
  // adds to and sorts, then a read-only view of it
  private List<AgentSpan> children = List.of();
  int index; // pre-order position in the trace, set by AgentTrace

  private static final VarHandle FACTS;

  static {
    try {
      FACTS = MethodHandles.lookup().findVarHandle(AgentSpan.class, "facts", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  AgentSpan(SpanData span, AgentTrace.FactsReader reader) {
    this.span = span;
    FACTS.setRelease(this, reader);
  }

  /**
   * Sets the facts read while the tree was built (the same the reader would read on first access).
   * A release store, not a volatile one: no fence per span while a 100k-span tree is built; the
   * trace reaches other threads through AgentTrace's final fields, which publish it.
   */
  void preset(SpanFacts read) {
    FACTS.setRelease(this, read);
  }

  /** Makes the read-only view of the children, once they are sorted; set by AgentTrace. */
  void freezeChildren() {
    if (!children.isEmpty()) {
      children = Collections.unmodifiableList(children);
    }
  }

  /** Links this span under its parent (or makes it a root when parent is null); set by AgentTrace. */
  void link(AgentSpan parent, boolean orphan) {
    this.parent = parent;
    this.orphan = orphan;
    if (parent != null) {
      parent.addChild(this);
    }
  }

  /** Sets the place in tree order; the parent's place is set first (pre-order). */
  void place(int index) {
    this.index = index;
    this.depth = parent == null ? 0 : parent.depth + 1;
  }

  /** The children list itself, for AgentTrace to sort while it builds the tree. */
  List<AgentSpan> childList() {
    return children;
  }

  void addChild(AgentSpan child) {
    if (children.isEmpty()) {
      children = new ArrayList<>(4);
    }
    children.add(child);
  }

  /**
   * Returns the OpenTelemetry span.
   *
   * @return the span data
   */
  public SpanData span() {
    return span;
  }

  /**
   * Returns what the convention read from the span. The conventions are asked on the first call
   * (once per span, also when several threads ask at once); plain GenAI spans read by the built-in
   * conventions alone were read while the trace was built, with the same result.
   *
   * @return the facts
   * @throws IllegalStateException when a convention fails to read the span (the message names it)
   */
  public SpanFacts facts() {
    return facts instanceof SpanFacts read ? read : readFacts();
  }

  private synchronized SpanFacts readFacts() {
    Object state = facts;
    if (state instanceof SpanFacts read) {
      return read; // another thread read it while this one waited for the lock
    }
    SpanFacts read = ((AgentTrace.FactsReader) state).read(span);
    facts = read;
    return read;
  }

  /**
   * Returns the span's attributes indexed by name, read leniently.
   *
   * @return the attributes
   */
  public Attrs attributes() {
    Attrs indexed = attrs;
    if (indexed == null) {
      indexed = Attrs.of(span.getAttributes());
      attrs = indexed;
    }
    return indexed;
  }

  /**
   * Returns what the span is: agent run, LLM call, tool call, workflow or other.
   *
   * @return the role
   */
  public SpanRole role() {
    return facts().role();
  }

  /**
   * Returns the span's name as recorded.
   *
   * @return the span name
   */
  public String name() {
    return span.getName();
  }

  /**
   * Returns whether the span is called this: its display name ({@link #displayName()}) or its name
   * as recorded ({@link #name()}) is the given text, as a line of a shape names a span.
   *
   * @param name the name, compared exactly
   * @return true when either name is this text
   */
  public boolean isNamed(String name) {
    SpanFacts read = facts();
    if (isDisplayName(name, read)) {
      return true;
    }
    byte kind = nameKind;
    if (kind == NAME_IS_DISPLAY_NAME) {
      return false;
    }
    String recorded = span.getName();
    if (kind == NAME_UNKNOWN) {
      nameKind = isDisplayName(recorded, read) ? NAME_IS_DISPLAY_NAME : NAME_DIFFERS;
    }
    return name.equals(recorded);
  }

  /** Whether the text is {@link #displayName()}, without making it for every span asked. */
  private boolean isDisplayName(String text, SpanFacts read) {
    if (read.role() == SpanRole.OTHER) {
      return text.equals(span.getName());
    }
    String operation = read.operation();
    String subject = read.subject();
    if (subject == null || subject.isBlank()) {
      return text.equals(operation);
    }
    // operation + " " + subject
    return text.length() == operation.length() + 1 + subject.length()
        && text.startsWith(operation) && text.charAt(operation.length()) == ' '
        && text.endsWith(subject);
  }

  /**
   * Returns the name this span has in the canonical trace text: {@code "{operation} {subject}"}
   * ({@code "chat gpt-4"}, {@code "execute_tool calculate"}), or the span name for other spans.
   *
   * @return the display name
   */
  public String displayName() {
    SpanFacts read = facts();
    if (read.role() == SpanRole.OTHER) {
      return span.getName();
    }
    String subject = read.subject();
    return subject == null || subject.isBlank() ? read.operation() : read.operation() + " " + subject;
  }

  /**
   * Returns the parent span, empty for a root (or an orphan whose parent was never exported).
   *
   * @return the parent
   */
  public Optional<AgentSpan> parent() {
    return Optional.ofNullable(parent);
  }

  /** Whether {@link #attributes()} has built this span's index, for tests of what passes retain. */
  boolean attributesIndexed() {
    return attrs != null;
  }

  /** The parent, or null for a root; for walks up the tree without an Optional per step. */
  AgentSpan parentOrNull() {
    return parent;
  }

  /**
   * Returns whether the span names a parent that is not in the trace (it was never exported, or
   * the context was lost), or one whose own parents lead back to this span (malformed ids).
   *
   * @return true for an orphan
   */
  public boolean isOrphan() {
    return orphan;
  }

  /**
   * Returns the children, ordered by start time (ties by end time, then name).
   *
   * @return the children
   */
  public List<AgentSpan> children() {
    return children;
  }

  /**
   * Returns all spans under this one, in tree (pre-)order.
   *
   * @return the descendants
   */
  public List<AgentSpan> descendants() {
    List<AgentSpan> out = new ArrayList<>();
    collect(this, out);
    out.remove(0);
    return out;
  }

  private static void collect(AgentSpan node, List<AgentSpan> out) {
    // iterative, so 100k-deep chains do not overflow the stack
    java.util.ArrayDeque<AgentSpan> stack = new java.util.ArrayDeque<>();
    stack.push(node);
    while (!stack.isEmpty()) {
      AgentSpan next = stack.pop();
      out.add(next);
      for (int i = next.children.size() - 1; i >= 0; i--) {
        stack.push(next.children.get(i));
      }
    }
  }

  /**
   * Returns the spans above this one, nearest first.
   *
   * @return the ancestors
   */
  public List<AgentSpan> ancestors() {
    List<AgentSpan> out = new ArrayList<>();
    for (AgentSpan p = parent; p != null; p = p.parent) {
      out.add(p);
    }
    return out;
  }

  /**
   * Returns the nearest enclosing agent run span, if any.
   *
   * @return the enclosing agent span
   */
  public Optional<AgentSpan> enclosingAgent() {
    for (AgentSpan p = parent; p != null; p = p.parent) {
      if (p.role() == SpanRole.AGENT) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the span's position in the trace's tree order (0 for the first root); it is also the
   * line number, from 0, of the span in {@link AgentTrace#render()}.
   *
   * @return the index
   */
  public int index() {
    return index;
  }

  /**
   * Returns the depth in the tree: 0 for a root.
   *
   * @return the depth
   */
  public int depth() {
    return depth;
  }

  /**
   * Returns whether the span ended: a span read while still open ({@code ReadableSpan.toSpanData()}
   * of a running span) has no end time.
   *
   * @return whether the span ended
   */
  public boolean hasEnded() {
    return span.hasEnded();
  }

  /**
   * Returns how long the span took; zero for a span that never ended (see {@link #hasEnded()}),
   * which the duration assertions refuse to check.
   *
   * @return end minus start
   */
  public Duration duration() {
    return Duration.ofNanos(Math.max(0, span.getEndEpochNanos() - span.getStartEpochNanos()));
  }

  /**
   * Returns the error type when the span failed ({@code error.type}, else the exception type of an
   * ERROR status).
   *
   * @return the error type, empty when the span did not fail
   */
  public Optional<String> error() {
    return Optional.ofNullable(facts().errorType());
  }

  /**
   * Returns whether the span failed: an {@code error.type} or an ERROR status.
   *
   * @return true when it failed
   */
  public boolean isError() {
    return facts().errorType() != null || span.getStatus().getStatusCode() == StatusCode.ERROR;
  }

  /**
   * Returns an attribute as text, whatever its type.
   *
   * @param key the attribute key name
   * @return the value, empty when absent
   */
  public Optional<String> attribute(String key) {
    return Optional.ofNullable(attributes().string(key));
  }

  @Override
  public String toString() {
    return displayName();
  }
}
