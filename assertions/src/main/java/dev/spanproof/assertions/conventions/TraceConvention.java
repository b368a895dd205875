package dev.spanproof.assertions.conventions;

import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Optional;

/**
 * Reads spans of one instrumentation into agent vocabulary. Implement it to teach spanproof an
 * instrumentation it does not know, and register it with
 * {@link dev.spanproof.assertions.AgentTrace#of(java.util.Collection, java.util.Collection, List)}
 * or through {@link java.util.ServiceLoader} ({@code META-INF/services/dev.spanproof.assertions.conventions.TraceConvention}).
 *
 * <p>For each span the conventions are asked in order (user ones first, then
 * {@link Conventions#builtIn()}); the first that returns facts wins. A span no convention
 * recognises is an {@link dev.spanproof.assertions.SpanRole#OTHER} span. They are asked when the
 * span's facts are first needed, not when the trace is built, and once per span; a trace read from
 * several threads may ask them from any of those threads, so an implementation must not depend on
 * the calling thread (the built-in ones hold no state).
 *
 * <p>When the conventions are exactly {@link Conventions#builtIn()} (the default when none is
 * registered), plain GenAI spans are read in one pass over their attributes instead of through
 * each convention and an {@link Attrs}, with the same result ({@link Conventions#read}); a
 * convention of your own in the list sends every span through the conventions in turn.
 */
public interface TraceConvention {

  /**
   * Returns the convention's name, shown in lint findings ("mixed conventions").
   *
   * @return a short name such as {@code "genai"}
   */
  String name();

  /**
   * Reads one span.
   *
   * @param span the span
   * @param attributes the span's attributes, indexed by key name
   * @param logs the log records emitted in this span's context (for the requested tool calls of
   *     instrumentations that log the model's choice); often empty
   * @return the facts, or empty when this convention does not recognise the span
   */
  Optional<SpanFacts> read(SpanData span, Attrs attributes, List<LogRecordData> logs);
}
