package dev.spanproof.assertions.conventions;

import dev.spanproof.assertions.GenAiAttributes;
import dev.spanproof.assertions.SpanRole;
import dev.spanproof.assertions.TokenUsage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/** The built-in conventions, and helpers for writing one. */
public final class Conventions {

  private Conventions() {}

  /**
   * Returns the built-in conventions in the order they are asked: the specific ones (OpenInference,
   * Google ADK, Spring AI, OpenLLMetry) before the general GenAI one, which also reads the old names, AutoGen and
   * OpenLLMetry.
   *
   * @return the built-in conventions
   */
  public static List<TraceConvention> builtIn() {
    return List.of(
        new OpenInferenceConvention(),
        new AdkConvention(),
        new SpringAiConvention(),
        new OpenLlmetryConvention(),
        new GenAiConvention());
  }

  /**
   * Returns the conventions registered through {@link ServiceLoader}, then the built-in ones.
   *
   * @return the conventions to ask, in order
   */
  public static List<TraceConvention> defaults() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    synchronized (DEFAULTS) {
      // scanning the class path for service files costs milliseconds: once per class loader
      return DEFAULTS.computeIfAbsent(loader, l -> {
        List<TraceConvention> all = new ArrayList<>();
        ServiceLoader.load(TraceConvention.class, l).forEach(all::add);
        all.addAll(builtIn());
        return List.copyOf(all);
      });
    }
  }

  private static final java.util.Map<ClassLoader, List<TraceConvention>> DEFAULTS = new java.util.WeakHashMap<>();

  private static final List<Class<?>> BUILT_IN_CLASSES = List.of(OpenInferenceConvention.class,
      AdkConvention.class, SpringAiConvention.class, OpenLlmetryConvention.class, GenAiConvention.class);

  // one reader per thread: it is reused from span to span (AgentTrace reads each span once)
  private static final ThreadLocal<BuiltInReader> BUILT_IN_READER = ThreadLocal.withInitial(BuiltInReader::new);

  /**
   * Reads one span as {@link dev.spanproof.assertions.AgentTrace} does: asks the conventions in
   * order, the first that returns facts wins; a span none recognises is an
   * {@link SpanRole#OTHER} span named by its span name, with convention {@code "none"}.
   *
   * <p>When the conventions are exactly {@link #builtIn()} (the same classes, in the same order),
   * plain GenAI spans are read in one pass over their attributes, with the same result.
   *
   * @param span the span
   * @param logs the log records emitted in the span's context; often empty
   * @param conventions the conventions to ask, in order
   * @return the facts
   * @throws IllegalStateException when a convention fails to read the span (the message names it)
   */
  public static SpanFacts read(SpanData span, List<LogRecordData> logs,
      List<? extends TraceConvention> conventions) {
    if (logs.isEmpty() && isBuiltIn(conventions)) {
      SpanFacts facts = BUILT_IN_READER.get().apply(span);
      if (facts != null) {
        return facts;
      }
    }
    Attrs attrs = Attrs.of(span.getAttributes());
    for (TraceConvention convention : conventions) {
      Optional<SpanFacts> facts;
      try {
        facts = convention.read(span, attrs, logs);
      } catch (RuntimeException e) {
        throw new IllegalStateException("Convention \"" + convention.name() + "\" ("
            + convention.getClass().getName() + ") failed to read span \"" + span.getName()
            + "\": " + e, e);
      }
      if (facts != null && facts.isPresent()) {
        return facts.get();
      }
    }
    return SpanFacts.builder("none", SpanRole.OTHER)
        .operation(span.getName())
        .errorType(errorType(span, attrs))
        .build();
  }

  /**
   * Returns a reader that makes one pass over a span's attributes and returns what
   * {@link #read(SpanData, List, List)} would, for the spans the given conventions read as plain
   * GenAI spans; for any other span it returns null, and {@code read} is what answers. It exists
   * only when the conventions are exactly {@link #builtIn()} (the same classes, in the same order):
   * otherwise this returns null. Its answers depend on the span alone, so asking it early, before
   * the facts are needed, changes nothing but when the work is done; it never throws (a span it
   * cannot read is left to the conventions). {@link dev.spanproof.assertions.AgentTrace} uses it while
   * it builds the tree, when each span is read anyway.
   *
   * <p>Not thread-safe: one reader per thread (it reuses its buffers from span to span). A span with
   * log records must go to {@code read}, which reads the logs too.
   *
   * @param conventions the conventions a trace is read with
   * @return the reader, or null when the conventions are not exactly the built-in ones
   */
  public static Function<SpanData, SpanFacts> onePassReader(List<? extends TraceConvention> conventions) {
    return isBuiltIn(conventions) ? new BuiltInReader() : null;
  }

  private static boolean isBuiltIn(List<? extends TraceConvention> conventions) {
    if (conventions.size() != BUILT_IN_CLASSES.size()) {
      return false;
    }
    for (int i = 0; i < BUILT_IN_CLASSES.size(); i++) {
      if (conventions.get(i).getClass() != BUILT_IN_CLASSES.get(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns why a span failed: its {@code error.type}, else for an ERROR status the type of its
   * exception event (or {@code "error"} without one); null when it did not fail.
   *
   * @param span the span
   * @param attributes its attributes
   * @return the error type, or null
   */
  public static String errorType(SpanData span, Attrs attributes) {
    return errorType(span, attributes.string(GenAiAttributes.ERROR_TYPE));
  }

  /** {@link #errorType(SpanData, Attrs)} given the span's {@code error.type} as text (or null). */
  static String errorType(SpanData span, String type) {
    if (type != null) {
      return type;
    }
    if (span.getStatus().getStatusCode() != StatusCode.ERROR) {
      return null;
    }
    for (EventData event : span.getEvents()) {
      if ("exception".equals(event.getName())) {
        String exceptionType = event.getAttributes().get(AttributeKey.stringKey("exception.type"));
        if (exceptionType != null) {
          return exceptionType;
        }
      }
    }
    return "error";
  }

  /**
   * Reads GenAI token usage under current and old names.
   *
   * @param a the attributes
   * @return the usage, or null when neither input nor output tokens are reported
   */
  public static TokenUsage genAiUsage(Attrs a) {
    Long input = a.firstLong(GenAiAttributes.USAGE_INPUT_TOKENS, GenAiAttributes.USAGE_PROMPT_TOKENS);
    Long output =
        a.firstLong(GenAiAttributes.USAGE_OUTPUT_TOKENS, GenAiAttributes.USAGE_COMPLETION_TOKENS);
    if (input == null && output == null) {
      return null;
    }
    Long cached = a.firstLong(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS);
    Long reasoning = a.firstLong(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS);
    return new TokenUsage(
        nz(input), nz(output), nz(cached), nz(reasoning));
  }

  static long nz(Long value) {
    return value == null ? 0 : Math.max(0, value);
  }
}
