package dev.spanproof.assertions;

import dev.spanproof.assertions.conventions.Conventions;
import dev.spanproof.assertions.conventions.SpanFacts;
import dev.spanproof.assertions.conventions.TraceConvention;
import dev.spanproof.assertions.internal.AttributeMatch;
import dev.spanproof.assertions.internal.TraceText;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One trace (one trace id) as a tree of spans mapped onto agent vocabulary: agent runs, LLM calls,
 * tool calls and token usage, whichever instrumentation produced the spans.
 *
 * <p>The tree follows parent span ids, never start-time order alone; siblings are ordered by start
 * time, ties by end time, then by name, then in the order the spans were given. A span whose parent
 * is not in the trace is a root (and an orphan, see {@link AgentSpan#isOrphan()}).
 *
 * <p>Building a trace builds the tree and, in the same pass, reads the plain GenAI spans when the
 * conventions are the built-in ones (what any whole-trace assertion needs of every span). Any other
 * span is read by the conventions when its facts are first needed ({@link AgentSpan#facts()}), once
 * per span, so a convention of yours runs for the spans a test looks at, and a convention that
 * throws fails that access, not the building. A trace is immutable once built and may be read from
 * several threads.
 */
public final class AgentTrace {

  private static final io.opentelemetry.api.common.AttributeKey<String> OPERATION_NAME_KEY =
      io.opentelemetry.api.common.AttributeKey.stringKey(GenAiAttributes.OPERATION_NAME);

  private final String traceId;
  private final String label;
  private final List<AgentSpan> roots;
  private final List<AgentSpan> nodes; // pre-order
  private final List<LogRecordData> logs;
  private final String appendix;

  private AgentTrace(String traceId, String label, List<AgentSpan> roots, List<AgentSpan> nodes,
      List<LogRecordData> logs, String appendix) {
    this.traceId = traceId;
    this.label = label;
    this.roots = roots;
    this.nodes = nodes;
    this.logs = logs;
    this.appendix = appendix;
  }

  /**
   * Builds the trace of the given spans, read with the default conventions.
   *
   * @param spans the spans of one trace
   * @return the trace
   * @throws IllegalArgumentException when the spans belong to several traces (the message names them)
   */
  public static AgentTrace of(Collection<SpanData> spans) {
    return of(spans, List.of(), Conventions.defaults());
  }

  /**
   * Builds the trace of the given spans and log records, read with the default conventions.
   *
   * @param spans the spans of one trace
   * @param logs log records; those of other traces are ignored
   * @return the trace
   * @throws IllegalArgumentException when the spans belong to several traces
   */
  public static AgentTrace of(Collection<SpanData> spans, Collection<LogRecordData> logs) {
    return of(spans, logs, Conventions.defaults());
  }

  /**
   * Builds the trace of the given spans with the given conventions, asked in order for each span
   * when its facts are first needed (a convention that throws fails that access, not this call;
   * see the class description for the spans read while the tree is built).
   *
   * @param spans the spans of one trace
   * @param logs log records; those of other traces are ignored
   * @param conventions the conventions, for example your own followed by {@link Conventions#builtIn()}
   * @return the trace
   * @throws IllegalArgumentException when the spans belong to several traces, or there are none
   */
  public static AgentTrace of(Collection<SpanData> spans, Collection<LogRecordData> logs,
      List<? extends TraceConvention> conventions) {
    Objects.requireNonNull(spans, "spans");
    if (spans.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot build an AgentTrace from no spans: no span was exported. Check that the agent "
              + "uses the OpenTelemetry instance of the test and that its spans ended.");
    }
    // build checks that every span has this trace id, in the pass that indexes the spans
    String traceId = spans.iterator().next().getTraceId();
    List<LogRecordData> ownLogs = new ArrayList<>();
    if (logs != null) {
      for (LogRecordData log : logs) {
        if (traceId.equals(log.getSpanContext().getTraceId())) {
          ownLogs.add(log);
        }
      }
    }
    return build(traceId, spans, ownLogs, List.copyOf(conventions));
  }

  private static IllegalArgumentException severalTraces(Collection<SpanData> spans) {
    TreeSet<String> traceIds = new TreeSet<>();
    spans.forEach(s -> traceIds.add(s.getTraceId()));
    return new IllegalArgumentException("The spans belong to " + traceIds.size() + " traces "
        + traceIds + "; use AgentTrace.groupByTrace(spans, logs) to get one AgentTrace per trace.");
  }

  /**
   * Splits spans into one trace per trace id, ordered by each trace's earliest span start; log
   * records join their trace by trace id.
   *
   * @param spans spans of any number of traces
   * @param logs log records; may be empty
   * @return the traces
   */
  public static List<AgentTrace> groupByTrace(Collection<SpanData> spans, Collection<LogRecordData> logs) {
    return groupByTrace(spans, logs, Conventions.defaults());
  }

  /**
   * Splits spans into one trace per trace id, read with the given conventions.
   *
   * @param spans spans of any number of traces
   * @param logs log records; may be empty
   * @param conventions the conventions to ask, in order
   * @return the traces, ordered by earliest span start
   */
  public static List<AgentTrace> groupByTrace(Collection<SpanData> spans,
      Collection<LogRecordData> logs, List<? extends TraceConvention> conventions) {
    Map<String, List<SpanData>> byTrace = new LinkedHashMap<>();
    for (SpanData span : spans) {
      byTrace.computeIfAbsent(span.getTraceId(), id -> new ArrayList<>()).add(span);
    }
    Map<String, List<LogRecordData>> logsByTrace = new HashMap<>();
    if (logs != null) {
      for (LogRecordData log : logs) {
        logsByTrace.computeIfAbsent(log.getSpanContext().getTraceId(), id -> new ArrayList<>()).add(log);
      }
    }
    List<TraceConvention> conventionList = List.copyOf(conventions);
    List<AgentTrace> traces = new ArrayList<>();
    byTrace.forEach((id, traceSpans) -> traces.add(
        build(id, traceSpans, logsByTrace.getOrDefault(id, List.of()), conventionList)));
    traces.sort(Comparator.comparingLong(AgentTrace::earliestStart));
    return Collections.unmodifiableList(traces);
  }

  private long earliestStart() {
    long min = Long.MAX_VALUE;
    for (AgentSpan node : nodes) {
      min = Math.min(min, node.span().getStartEpochNanos());
    }
    return min;
  }

  /**
   * How far ahead of the span being read {@link #build} reads a span's id (a power of two). On a
   * trace out of the caches the span, its context and its id are misses, one after the other; read
   * this far ahead, with nothing waiting on them but a hash put aside for later, the misses of many
   * spans are in flight while the processor works through an earlier span's attributes, instead of
   * each span's coming in turn (on 100k-span traces, 12-19 % off the build:
   * docs/benchmarks.md, seventh round).
   */
  private static final int READ_AHEAD = 16;

  /**
   * Builds the tree: spans by id, children lists, roots, tree order. Each span is read once, in the
   * order given (its id {@link #READ_AHEAD} spans early): what the tree needs of it (ids, start and
   * end) goes into arrays, so the spans are not touched again while the tree is built (on a
   * 100k-span trace, each touch of a span is a cache miss). Plain GenAI spans read by exactly the
   * built-in conventions get their facts in the same pass, with the span at hand; the others are
   * read on first access ({@link AgentSpan#facts()}), so a convention of the user's runs only for
   * the spans a test looks at.
   */
  private static AgentTrace build(String traceId, Collection<SpanData> spans,
      List<LogRecordData> logs, List<TraceConvention> conventions) {
    SpanData[] given = spans.toArray(new SpanData[0]);
    int size = given.length;
    Map<String, List<LogRecordData>> logsBySpan = logsBySpan(logs);
    FactsReader reader = new FactsReader(conventions, logsBySpan);
    Function<SpanData, SpanFacts> onePass = Conventions.onePassReader(conventions);
    SpanIndex byId = new SpanIndex(size);
    String[] parentIds = new String[size]; // null when the span has no valid parent context
    int[] parentHashes = new int[size]; // their hashes, read with the span
    long[] starts = new long[size];
    long[] ends = new long[size];
    // the id hashes of the next READ_AHEAD spans, by position given modulo READ_AHEAD
    int[] idHashes = new int[READ_AHEAD];
    for (int ahead = 0; ahead < Math.min(READ_AHEAD, size); ahead++) {
      idHashes[ahead] = idHash(given[ahead]);
    }
    int count = 0;
    for (int at = 0; at < size; at++) {
      SpanData span = given[at];
      int hash = idHashes[at & (READ_AHEAD - 1)];
      if (at + READ_AHEAD < size) {
        idHashes[at & (READ_AHEAD - 1)] = idHash(given[at + READ_AHEAD]);
      }
      SpanContext context = span.getSpanContext();
      if (!traceId.equals(context.getTraceId())) {
        throw severalTraces(spans);
      }
      String spanId = context.getSpanId();
      AgentSpan node = new AgentSpan(span, reader);
      if (byId.add(spanId, hash, node) < 0) {
        continue; // the first span of each id is kept, in the order given
      }
      if (onePass != null && !logsBySpan.containsKey(spanId)) { // a span with logs needs the conventions
        SpanFacts facts = onePass.apply(span);
        if (facts != null) {
          node.preset(facts);
        }
      }
      SpanContext parentContext = span.getParentSpanContext();
      if (parentContext.isValid()) {
        String parentId = parentContext.getSpanId();
        parentIds[count] = parentId;
        parentHashes[count] = parentId.hashCode();
      }
      starts[count] = span.getStartEpochNanos();
      ends[count] = span.getEndEpochNanos();
      node.index = count++; // its position in these arrays (and the index's) until the tree order is set
    }
    List<AgentSpan> roots = new ArrayList<>();
    // by the parent's position: its children did not arrive in start order (most do: a sibling
    // usually ends before the next starts), so only those lists are sorted
    boolean[] unordered = new boolean[count];
    for (int i = 0; i < count; i++) {
      AgentSpan node = byId.at(i);
      String parentId = parentIds[i];
      AgentSpan parent = parentId == null ? null : byId.get(parentId, parentHashes[i]);
      if (parent == null || parent == node) {
        node.link(null, parentId != null);
        roots.add(node);
      } else {
        List<AgentSpan> siblings = parent.childList();
        if (!siblings.isEmpty() && starts[siblings.get(siblings.size() - 1).index] >= starts[i]) {
          unordered[parent.index] = true; // equal starts too: the sort breaks the tie
        }
        node.link(parent, false);
      }
    }
    // start, then end, then name, then the order given (the sort is stable); without boxing
    Comparator<AgentSpan> siblingOrder = (a, b) -> {
      int order = Long.compare(starts[a.index], starts[b.index]);
      if (order == 0) {
        order = Long.compare(ends[a.index], ends[b.index]);
        if (order == 0) {
          order = a.span().getName().compareTo(b.span().getName());
        }
      }
      return order;
    };
    if (roots.size() > 1) {
      roots.sort(siblingOrder);
    }
    List<AgentSpan> nodes = new ArrayList<>(count);
    placeInTreeOrder(roots, nodes, unordered, siblingOrder);
    if (nodes.size() < count) {
      cutParentCycles(byId, count, roots, nodes, unordered, siblingOrder);
    }
    return new AgentTrace(traceId, null, Collections.unmodifiableList(roots),
        Collections.unmodifiableList(nodes), Collections.unmodifiableList(new ArrayList<>(logs)), null);
  }

  /**
   * Places the trees under these roots in pre-order, iteratively: deep traces must not overflow the
   * stack. A span's children are sorted when it is placed, before any of them is (their index still
   * holds their array position).
   */
  private static void placeInTreeOrder(List<AgentSpan> roots, List<AgentSpan> nodes, boolean[] unordered,
      Comparator<AgentSpan> siblingOrder) {
    ArrayDeque<AgentSpan> stack = new ArrayDeque<>();
    for (int i = roots.size() - 1; i >= 0; i--) {
      stack.push(roots.get(i));
    }
    while (!stack.isEmpty()) {
      AgentSpan node = stack.pop();
      boolean sort = unordered[node.index];
      node.place(nodes.size());
      nodes.add(node);
      List<AgentSpan> children = node.childList();
      if (sort) {
        children.sort(siblingOrder);
      }
      node.freezeChildren();
      for (int i = children.size() - 1; i >= 0; i--) {
        stack.push(children.get(i));
      }
    }
  }

  /**
   * Spans whose parent ids form a loop (2's parent is 3 and 3's is 2) are reached from no root: each
   * loop is cut at the first span of it met walking up from the first unplaced span given, which
   * becomes a root and an orphan, so that no span of the trace goes missing.
   */
  private static void cutParentCycles(SpanIndex byId, int count, List<AgentSpan> roots, List<AgentSpan> nodes,
      boolean[] unordered, Comparator<AgentSpan> siblingOrder) {
    Set<AgentSpan> placed = Collections.newSetFromMap(new IdentityHashMap<>());
    placed.addAll(nodes);
    for (int i = 0; i < count; i++) {
      AgentSpan unplaced = byId.at(i);
      if (placed.contains(unplaced)) {
        continue;
      }
      Set<AgentSpan> walked = Collections.newSetFromMap(new IdentityHashMap<>());
      AgentSpan inLoop = unplaced;
      while (walked.add(inLoop)) {
        inLoop = inLoop.parentOrNull(); // never null: a chain that reached a root would be placed
      }
      inLoop.parentOrNull().childList().remove(inLoop);
      inLoop.link(null, true);
      roots.add(inLoop);
      int before = nodes.size();
      placeInTreeOrder(List.of(inLoop), nodes, unordered, siblingOrder);
      placed.addAll(nodes.subList(before, nodes.size()));
    }
  }

  /**
   * Spans by span id, for building the tree only: open addressing over one {@code long[]} whose
   * entries pack the id's hash and the span's position in the build's arrays, so a probe reads one
   * array, not three, and compares an id only when the hashes agree (in-process parents share the
   * id instance, so that compare is mostly a reference check); no entry object, no boxing.
   */
  private static final class SpanIndex {
    private final long[] table; // (hash << 32) | (position + 1); 0 is a free slot
    private final String[] ids; // by position
    private final AgentSpan[] spans; // by position
    private final int mask;
    private int size;

    SpanIndex(int expected) {
      int capacity = Integer.highestOneBit(Math.max(4, expected + expected / 3)) << 1; // load < 3/4
      table = new long[capacity];
      ids = new String[expected];
      spans = new AgentSpan[expected];
      mask = capacity - 1;
    }

    private static int slot(int hash, int mask) {
      return (hash ^ (hash >>> 16)) & mask;
    }

    /**
     * Adds the span unless one with this id is there; returns its position in the order added, or
     * -1 when the id is there already.
     *
     * @param hash the id's {@code hashCode()}
     */
    int add(String spanId, int hash, AgentSpan span) {
      for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
        long entry = table[i];
        if (entry == 0) {
          int position = size++;
          table[i] = ((long) hash << 32) | (position + 1L);
          ids[position] = spanId;
          spans[position] = span;
          return position;
        }
        if ((int) (entry >>> 32) == hash && sameId(ids[(int) entry - 1], spanId)) {
          return -1;
        }
      }
    }

    /** Returns the span with this id, whose {@code hashCode()} is hash, or null. */
    AgentSpan get(String spanId, int hash) {
      for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
        long entry = table[i];
        if (entry == 0) {
          return null;
        }
        if ((int) (entry >>> 32) == hash && sameId(ids[(int) entry - 1], spanId)) {
          return spans[(int) entry - 1];
        }
      }
    }

    /** The spans in the order added. */
    AgentSpan at(int position) {
      return spans[position];
    }

    private static boolean sameId(String present, String spanId) {
      return present == spanId || present.equals(spanId);
    }
  }

  private static int idHash(SpanData span) {
    return span.getSpanContext().getSpanId().hashCode();
  }

  private static Map<String, List<LogRecordData>> logsBySpan(List<LogRecordData> logs) {
    if (logs.isEmpty()) {
      return Map.of();
    }
    Map<String, List<LogRecordData>> bySpan = new HashMap<>();
    for (LogRecordData log : logs) {
      bySpan.computeIfAbsent(log.getSpanContext().getSpanId(), id -> new ArrayList<>()).add(log);
    }
    return bySpan;
  }

  /** Reads one span's facts with the trace's conventions and the log records of each span. */
  static final class FactsReader {
    private final List<TraceConvention> conventions;
    private final Map<String, List<LogRecordData>> logsBySpan;

    FactsReader(List<TraceConvention> conventions, Map<String, List<LogRecordData>> logsBySpan) {
      this.conventions = conventions;
      this.logsBySpan = logsBySpan;
    }

    /** Asks the conventions in order; the first that returns facts wins. */
    SpanFacts read(SpanData span) {
      List<LogRecordData> logs = logsBySpan.isEmpty()
          ? List.of() : logsBySpan.getOrDefault(span.getSpanId(), List.of());
      return Conventions.read(span, logs, conventions);
    }
  }

  /**
   * Returns a copy of this trace with the name failure messages give it (the extension passes the
   * test's display name).
   *
   * @param label the label; may be null
   * @return the labelled trace
   */
  public AgentTrace withLabel(String label) {
    return new AgentTrace(traceId, label, roots, nodes, logs, appendix);
  }

  /**
   * Returns a copy of this trace whose shape, tool call and lint failure messages end with the
   * given text, such as the mock LLM's transcript ({@code LLM exchange: ...}).
   *
   * @param appendix the text to append after the trace tree; may be null for none
   * @return the trace with the appendix
   */
  public AgentTrace withAppendix(String appendix) {
    return new AgentTrace(traceId, label, roots, nodes, logs, appendix);
  }

  /**
   * Returns the text failure messages end with.
   *
   * @return the appendix, or null
   */
  public String appendix() {
    return appendix;
  }

  /**
   * Returns what failure messages call this trace.
   *
   * @return the label, or null when there is none
   */
  public String label() {
    return label;
  }

  /**
   * Returns the trace id.
   *
   * @return the 32-hex-digit trace id
   */
  public String traceId() {
    return traceId;
  }

  /**
   * Returns the canonical tree text, box-drawn with annotations aligned:
   *
   * <pre>
   * invoke_agent assistant
   * ├── chat gpt-4                  tokens 10→15
   * ├── execute_tool calculate      {"a":2,"b":2} → 4
   * └── chat gpt-4                  tokens 12→8
   * </pre>
   *
   * @return the tree text, lines separated by {@code \n}, no trailing newline
   */
  public String render() {
    return TraceText.render(this);
  }

  /**
   * Returns the root spans (one for a well-formed trace; orphans are roots too).
   *
   * @return the roots
   */
  public List<AgentSpan> roots() {
    return roots;
  }

  /**
   * Returns every span of the tree in pre-order (parent before children, siblings by start).
   *
   * @return the spans in tree order
   */
  public List<AgentSpan> nodes() {
    return nodes;
  }

  /**
   * Returns the OpenTelemetry spans in tree order.
   *
   * @return the spans
   */
  public List<SpanData> spans() {
    return nodes.stream().map(AgentSpan::span).toList();
  }

  /**
   * Returns the log records of this trace.
   *
   * @return the log records
   */
  public List<LogRecordData> logs() {
    return logs;
  }

  /**
   * Returns the spans matching a condition, in tree order.
   *
   * @param condition the condition
   * @return the matching spans
   */
  public List<AgentSpan> find(Predicate<? super AgentSpan> condition) {
    List<AgentSpan> found = new ArrayList<>();
    for (AgentSpan node : nodes) {
      if (condition.test(node)) {
        found.add(node);
      }
    }
    return Collections.unmodifiableList(found);
  }

  /**
   * Returns the spans whose display name or span name matches, in tree order; a display name also
   * matches as the trace text shows it ({@code GET /x} finds {@code GET  /x}).
   *
   * @param nameGlob the name, {@code *} matching any text ({@code "chat *"})
   * @return the matching spans
   */
  public List<AgentSpan> spansNamed(String nameGlob) {
    java.util.regex.Pattern glob = dev.spanproof.assertions.internal.Shape.glob(nameGlob);
    return find(n -> isNamed(n, glob));
  }

  /**
   * Whether the glob matches the span's display name, its span name, or its display name as the
   * trace text shows it ({@code GET  /x} as {@code GET /x}): a span is named as a shape line names it.
   */
  static boolean isNamed(AgentSpan span, java.util.regex.Pattern glob) {
    String display = span.displayName();
    return glob.matcher(display).matches() || glob.matcher(span.name()).matches()
        || glob.matcher(TraceText.name(display)).matches();
  }

  /**
   * Returns the spans of a GenAI operation ({@code chat}, {@code execute_tool}, ...), in tree order.
   * An operation spanproof does not read as an agent, LLM or tool call ({@code embeddings},
   * Spring AI's {@code framework}) is matched as the span's {@code gen_ai.operation.name} records it.
   *
   * @param operation the normalised operation name
   * @return the matching spans
   */
  public List<AgentSpan> spansWithOperation(String operation) {
    Objects.requireNonNull(operation, "spansWithOperation(null): the operation must not be null; pass one such as \"execute_tool\"");
    // read from the span, not n.attributes(): a search must not leave an attribute index on every span
    return find(n -> operation.equals(n.facts().operation())
        || (n.role() == SpanRole.OTHER && operation.equals(n.span().getAttributes().get(OPERATION_NAME_KEY))));
  }

  /**
   * Returns the spans carrying an attribute with this value, in tree order, compared as
   * {@link AgentSpanAssert#hasAttribute(String, Object)} compares it: as text ({@code *} wildcards),
   * a list or array item by item with an array attribute.
   *
   * @param key the attribute key
   * @param value the value
   * @return the matching spans
   * @throws IllegalArgumentException if {@code value} is null: find spans without the attribute with
   *     {@code find(span -> span.attribute(key).isEmpty())}
   */
  public List<AgentSpan> spansWithAttribute(String key, Object value) {
    Objects.requireNonNull(key, "spansWithAttribute(null, …): the attribute key must not be null");
    if (value == null) {
      throw new IllegalArgumentException("spansWithAttribute(\"" + key + "\", null): an attribute cannot hold null;"
          + " find the spans without it with find(span -> span.attribute(\"" + key + "\").isEmpty())");
    }
    return find(n -> AttributeMatch.matches(n.attributes(), key, value));
  }

  /**
   * Returns the tokens used per model (the responding model when known), in first-use order. A
   * request traced twice counts once, under the outer span's model, or the inner one's when the
   * outer span records none.
   *
   * @return usage by model
   */
  public Map<String, TokenUsage> tokensByModel() {
    Map<String, TokenUsage> byModel = new LinkedHashMap<>();
    for (AgentSpan node : nodes) {
      if (node.role() == SpanRole.LLM && node.facts().usage() != null && !isNestedLlm(node)) {
        String model = modelOf(node);
        byModel.merge(model == null ? "(unknown model)" : model, node.facts().usage(), TokenUsage::plus);
      }
    }
    return Collections.unmodifiableMap(byModel);
  }

  /**
   * Returns how long the trace took: from the earliest span start to the latest span end. A span
   * that never ended has no end and does not count, so the figure can be short; assert with
   * {@link AgentTraceAssert#tookAtMost(java.time.Duration)}, which refuses such a trace.
   *
   * @return the duration
   */
  public java.time.Duration duration() {
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (AgentSpan node : nodes) {
      start = Math.min(start, node.span().getStartEpochNanos());
      end = Math.max(end, node.span().getEndEpochNanos());
    }
    return java.time.Duration.ofNanos(Math.max(0, end - start));
  }

  /**
   * Lints the trace with the default rules ({@link LintRule#defaults()}).
   *
   * @return the report
   */
  public LintReport lint() {
    return lint(LintRule.defaults());
  }

  /**
   * Lints the trace with the given rules.
   *
   * @param rules the rules to apply
   * @return the report
   */
  public LintReport lint(java.util.Set<LintRule> rules) {
    return new LintReport(dev.spanproof.assertions.internal.Lint.run(this, rules));
  }

  /**
   * Returns the spans that failed, in tree order.
   *
   * @return the error spans
   */
  public List<AgentSpan> errors() {
    return find(AgentSpan::isError);
  }

  /**
   * Returns the spans of the given role, in tree order.
   *
   * @param role the role
   * @return the spans
   */
  public List<AgentSpan> spansOf(SpanRole role) {
    return find(n -> n.role() == role);
  }

  /**
   * Returns the agent runs in tree order: the agent spans but those that create an agent
   * ({@code create_agent}, as AutoGen writes before the first run), which are no run.
   *
   * @return the agent runs
   */
  public List<AgentRun> agents() {
    return spansOf(SpanRole.AGENT).stream().filter(span -> !"create_agent".equals(span.facts().operation()))
        .map(AgentRun::of).toList();
  }

  /**
   * Returns the first run of the named agent.
   *
   * @param name the agent's name
   * @return the run, empty when no agent of that name ran
   */
  public Optional<AgentRun> agent(String name) {
    return agents().stream().filter(a -> name.equals(a.name())).findFirst();
  }

  /**
   * Returns every run of the named agent, in tree order: an agent a team or a loop calls several
   * times has one run per call.
   *
   * @param name the agent's name
   * @return the runs, empty when no agent of that name ran
   */
  public List<AgentRun> agentRuns(String name) {
    Objects.requireNonNull(name, "agentRuns(null): the agent name must not be null");
    return agents().stream().filter(a -> name.equals(a.name())).toList();
  }

  /**
   * Returns the LLM calls in tree order.
   *
   * @return the LLM calls
   */
  public List<LlmCall> llmCalls() {
    return spansOf(SpanRole.LLM).stream().map(LlmCall::of).toList();
  }

  /**
   * Returns the tools the agent executed, in tree order.
   *
   * @return the tool calls
   */
  public List<ToolCall> toolCalls() {
    List<ToolCall> calls = new ArrayList<>();
    for (AgentSpan node : nodes) {
      if (node.role() == SpanRole.TOOL) {
        calls.add(ToolCall.of(node));
      }
    }
    return Collections.unmodifiableList(calls);
  }

  /**
   * Returns the tool calls the model asked for, over all LLM calls in tree order.
   *
   * @return the requested tool calls
   */
  public List<RequestedToolCall> requestedToolCalls() {
    return llmCalls().stream().flatMap(c -> c.requestedToolCalls().stream()).toList();
  }

  /**
   * Returns the tokens used over the trace. An LLM span nested directly in another LLM span (an
   * instrumentation wrapping another) is counted once, through the outer span.
   *
   * @return the summed usage
   */
  public TokenUsage tokens() {
    return sumTokens(nodes);
  }

  static TokenUsage sumTokens(List<AgentSpan> spans) {
    return sumTokens(spans, null);
  }

  /**
   * Sums the usage of the LLM spans among these spans. A span nested in another LLM span that
   * reports usage is the same request and is left out, unless {@code among} is given and the outer
   * span is not in it: a list filtered by model keeps the inner span when the outer one is not of
   * that model.
   */
  static TokenUsage sumTokens(List<AgentSpan> spans, Set<AgentSpan> among) {
    return usageOf(spans, among).sum();
  }

  /**
   * A sum of usage, and the LLM calls of its scope whose tokens are unknown: no usage reported, not
   * failed (a failed call used none), and no other span of the same request reporting it (the span
   * it is nested in, or one nested in it). An upper bound over them cannot be checked.
   */
  record UsageSum(TokenUsage sum, List<AgentSpan> unreported) {}

  /** {@link #sumTokens(List, Set)} with the calls that reported no usage, in the same pass. */
  static UsageSum usageOf(List<AgentSpan> spans, Set<AgentSpan> among) {
    long input = 0;
    long output = 0;
    long cachedInput = 0;
    long reasoningOutput = 0;
    List<AgentSpan> unreported = null;
    for (AgentSpan span : spans) {
      SpanFacts facts = span.facts();
      if (facts.role() != SpanRole.LLM) {
        continue;
      }
      TokenUsage usage = facts.usage();
      if (usage == null) {
        if (!span.isError() && !isNestedLlm(span, among) && !reportedInside(span)) {
          if (unreported == null) {
            unreported = new ArrayList<>();
          }
          unreported.add(span);
        }
      } else if (!isNestedLlm(span, among)) {
        input = TokenUsage.add(input, usage.input());
        output = TokenUsage.add(output, usage.output());
        cachedInput = TokenUsage.add(cachedInput, usage.cachedInput());
        reasoningOutput = TokenUsage.add(reasoningOutput, usage.reasoningOutput());
      }
    }
    TokenUsage sum = input == 0 && output == 0 && cachedInput == 0 && reasoningOutput == 0
        ? TokenUsage.ZERO : new TokenUsage(input, output, cachedInput, reasoningOutput);
    return new UsageSum(sum, unreported == null ? List.of() : unreported);
  }

  /**
   * Counts the model requests among the LLM spans: a span nested in another of them (no agent or
   * tool between the two) is the same request traced twice and is not counted.
   */
  static long countLlmRequests(List<AgentSpan> llmSpans) {
    Set<AgentSpan> among = identitySet(llmSpans);
    long count = 0;
    for (AgentSpan span : llmSpans) {
      if (!among.contains(nearestLlmAncestor(span))) {
        count++;
      }
    }
    return count;
  }

  /** True when the nearest agent/tool/LLM ancestor is an LLM span that itself reports usage. */
  static boolean isNestedLlm(AgentSpan span) {
    return isNestedLlm(span, null);
  }

  /** {@link #isNestedLlm(AgentSpan)}, with the outer span among these spans when they are given. */
  private static boolean isNestedLlm(AgentSpan span, Set<AgentSpan> among) {
    AgentSpan outer = nearestLlmAncestor(span);
    return outer != null && outer.facts().usage() != null && (among == null || among.contains(outer));
  }

  /** Whether an LLM span nested in this one (no agent or tool between) reports usage. */
  private static boolean reportedInside(AgentSpan llmSpan) {
    return firstNestedLlm(llmSpan, span -> span.facts().usage() != null) != null;
  }

  /**
   * The first LLM span nested in this one (no agent or tool between them), breadth first, that
   * passes the test; null when none does.
   */
  private static AgentSpan firstNestedLlm(AgentSpan llmSpan, Predicate<AgentSpan> test) {
    ArrayDeque<AgentSpan> inside = new ArrayDeque<>(llmSpan.childList());
    while (!inside.isEmpty()) {
      AgentSpan span = inside.poll();
      if (span.role() == SpanRole.LLM && test.test(span)) {
        return span;
      }
      if (span.role() != SpanRole.AGENT && span.role() != SpanRole.TOOL) {
        inside.addAll(span.childList());
      }
    }
    return null;
  }

  /** The spans as a set by identity, for {@link #sumTokens(List, Set)}. */
  static Set<AgentSpan> identitySet(List<AgentSpan> spans) {
    Set<AgentSpan> set = Collections.newSetFromMap(new IdentityHashMap<>());
    set.addAll(spans);
    return set;
  }

  /**
   * The model of an LLM span, or when it records none (a framework's span around the client's) the
   * model of the first LLM span nested in it.
   */
  private static String modelOf(AgentSpan llmSpan) {
    String model = LlmCall.of(llmSpan).model();
    if (model != null) {
      return model;
    }
    AgentSpan inner = firstNestedLlm(llmSpan, span -> LlmCall.of(span).model() != null);
    return inner == null ? null : LlmCall.of(inner).model();
  }

  /** The LLM span this span is nested in, with no agent or tool span between them, or null. */
  private static AgentSpan nearestLlmAncestor(AgentSpan span) {
    for (AgentSpan p = span.parentOrNull(); p != null; p = p.parentOrNull()) {
      switch (p.role()) {
        case LLM:
          return p;
        case TOOL:
        case AGENT:
          return null;
        default:
          break;
      }
    }
    return null;
  }

  /**
   * Returns the trace's name for messages: its label, or its rendered tree.
   *
   * @return a short description
   */
  @Override
  public String toString() {
    return label != null ? "AgentTrace[" + label + "]" : "AgentTrace[" + traceId + "]";
  }
}
