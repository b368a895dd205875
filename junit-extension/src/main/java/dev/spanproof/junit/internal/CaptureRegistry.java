package dev.spanproof.junit.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which running test a span or log record belongs to, so that tests running in parallel in
 * one JVM never see each other's telemetry.
 *
 * <p>Attribution, first match wins: the test key in the parent {@link Context} (set by the
 * extension for the test's thread and carried along wherever the agent propagates context); the
 * test that owns the span's trace id (children of an attributed root, on any thread); the only
 * test running, when exactly one is. Anything else is kept aside as unattributed, for diagnostics.
 *
 * <p>Not for public use.
 */
public final class CaptureRegistry {

  /** The context key that carries the current test's capture. */
  public static final ContextKey<TestCapture> TEST_KEY = ContextKey.named("spanproof-test");

  private static final int UNATTRIBUTED_LIMIT = 50;

  private final Set<TestCapture> active = ConcurrentHashMap.newKeySet();
  private final Map<String, TestCapture> byTraceId = new ConcurrentHashMap<>();
  private final Map<ReadableSpan, TestCapture> openSpans = new ConcurrentHashMap<>();
  private final Deque<SpanData> unattributed = new ArrayDeque<>();

  /** Starts attributing telemetry to {@code capture}. */
  public void activate(TestCapture capture) {
    active.add(capture);
  }

  /** Stops attributing telemetry to {@code capture} and forgets its trace ids. */
  public void deactivate(TestCapture capture) {
    active.remove(capture);
    capture.traceIds().forEach(id -> byTraceId.remove(id, capture));
    openSpans.values().removeIf(c -> c == capture);
  }

  /** The most recent spans no test could be attributed to (bounded). */
  public List<SpanData> unattributedSpans() {
    synchronized (unattributed) {
      return List.copyOf(unattributed);
    }
  }

  private TestCapture attribute(Context context, String traceId) {
    TestCapture fromContext = context.get(TEST_KEY);
    if (fromContext != null && active.contains(fromContext)) {
      return fromContext;
    }
    TestCapture owner = byTraceId.get(traceId);
    if (owner != null) {
      return owner;
    }
    if (active.size() == 1) {
      for (TestCapture only : active) {
        return only;
      }
    }
    return null;
  }

  /** The span processor that feeds captures. */
  public SpanProcessor spanProcessor() {
    return new SpanProcessor() {
      @Override
      public void onStart(Context parentContext, ReadWriteSpan span) {
        String traceId = span.getSpanContext().getTraceId();
        TestCapture capture = attribute(parentContext, traceId);
        if (capture == null) {
          return;
        }
        byTraceId.putIfAbsent(traceId, capture);
        openSpans.put(span, capture);
        capture.started(span);
      }

      @Override
      public boolean isStartRequired() {
        return true;
      }

      @Override
      public void onEnd(ReadableSpan span) {
        TestCapture capture = openSpans.remove(span);
        if (capture != null) {
          capture.ended(span);
          return;
        }
        synchronized (unattributed) {
          unattributed.addLast(span.toSpanData());
          while (unattributed.size() > UNATTRIBUTED_LIMIT) {
            unattributed.removeFirst();
          }
        }
      }

      @Override
      public boolean isEndRequired() {
        return true;
      }
    };
  }

  /** The log record processor that feeds captures. */
  public LogRecordProcessor logRecordProcessor() {
    return (context, logRecord) -> {
      SpanContext spanContext = logRecord.getSpanContext();
      if (!spanContext.isValid()) {
        spanContext = Span.fromContext(context).getSpanContext();
      }
      TestCapture capture = attribute(context, spanContext.getTraceId());
      if (capture != null) {
        capture.emitted(toData(logRecord));
      }
    };
  }

  private static io.opentelemetry.sdk.logs.data.LogRecordData toData(ReadWriteLogRecord logRecord) {
    return logRecord.toLogRecordData();
  }
}
