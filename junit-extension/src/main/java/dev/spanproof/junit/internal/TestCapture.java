package dev.spanproof.junit.internal;

import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything one test captured: its ended spans, the spans still open and its log records. Written
 * by the span and log routers from any thread; read by the test's thread.
 *
 * <p>Not for public use.
 */
public final class TestCapture {

  private final String testId;
  private final String label;
  private volatile SnapshotTarget snapshotTarget;
  private final Object lock = new Object();
  private final List<SpanData> ended = new ArrayList<>();
  private final List<LogRecordData> logs = new ArrayList<>();
  private final Set<ReadableSpan> open = ConcurrentHashMap.newKeySet();
  private final Set<String> traceIds = ConcurrentHashMap.newKeySet();

  public TestCapture(String testId, String label) {
    this.testId = testId;
    this.label = label;
  }

  /** Where this test's snapshots go, and how they are compared; set by the extension. */
  public record SnapshotTarget(SpanproofConfig config, Class<?> testClass, String stem) {}

  /** Sets where this test's snapshots go. */
  public void snapshotTarget(SnapshotTarget target) {
    this.snapshotTarget = target;
  }

  /** Where this test's snapshots go, or null outside an extension-run test. */
  public SnapshotTarget snapshotTarget() {
    return snapshotTarget;
  }

  /** The test's unique id (JUnit's unique id). */
  public String testId() {
    return testId;
  }

  /** The test's name as failure messages show it. */
  public String label() {
    return label;
  }

  void started(ReadableSpan span) {
    traceIds.add(span.getSpanContext().getTraceId());
    open.add(span);
  }

  void ended(ReadableSpan span) {
    SpanData data = span.toSpanData();
    synchronized (lock) {
      open.remove(span);
      ended.add(data);
      lock.notifyAll();
    }
  }

  /** Spans that arrived already ended, from another process (OTLP). */
  public void received(List<SpanData> spans) {
    synchronized (lock) {
      spans.forEach(span -> traceIds.add(span.getTraceId()));
      ended.addAll(spans);
      lock.notifyAll();
    }
  }

  void emitted(LogRecordData log) {
    synchronized (lock) {
      logs.add(log);
    }
  }

  Set<String> traceIds() {
    return traceIds;
  }

  /** The ended spans, in end order. */
  public List<SpanData> endedSpans() {
    synchronized (lock) {
      return List.copyOf(ended);
    }
  }

  /** The log records, in emission order. */
  public List<LogRecordData> logRecords() {
    synchronized (lock) {
      return List.copyOf(logs);
    }
  }

  /** Spans started in this test and not ended yet. */
  public List<SpanData> openSpans() {
    return open.stream().map(ReadableSpan::toSpanData).toList();
  }

  /** Forgets what was captured so far; open spans stay tracked. */
  public void clear() {
    synchronized (lock) {
      ended.clear();
      logs.clear();
    }
  }

  /**
   * Waits until no span of this test is open, or the timeout passes.
   *
   * @return the spans still open afterwards (empty when all ended)
   */
  public List<SpanData> awaitOpenSpans(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!open.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return openSpans();
  }

  /**
   * Waits until {@code condition} holds over the ended spans, or the timeout passes.
   *
   * @return whether the condition held
   */
  public boolean awaitEnded(java.util.function.Predicate<List<SpanData>> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!condition.test(ended)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }
}
