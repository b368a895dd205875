package dev.spanproof.otlp.internal;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Where one endpoint's spans go: the sink, and the counts a test waits on. Deliveries to one inbox
 * are serialized, so a sink sees one batch at a time; once {@link #close()} returns the sink is
 * never called again, and once {@link #refuse()} returns no new call starts. Not for public use.
 */
public final class Inbox {

  private final String tracesEndpoint;
  private final Consumer<List<SpanData>> sink;

  /** Held while the sink runs, and by close(): close waits for a delivery under way. */
  private final ReentrantLock delivery = new ReentrantLock();

  private volatile boolean open = true;

  // Guarded by "this"; waiters wait on "this".
  private long batches;
  private long spans;
  private long rejected;
  private String lastRejection;

  /**
   * Creates an inbox.
   *
   * @param tracesEndpoint the URL that delivers here, for messages
   * @param sink receives each accepted batch
   */
  public Inbox(String tracesEndpoint, Consumer<List<SpanData>> sink) {
    this.tracesEndpoint = tracesEndpoint;
    this.sink = sink;
  }

  /**
   * Hands a batch to the sink, unless the inbox was closed.
   *
   * @param batch the spans of one request, possibly none
   * @return false when the inbox is closed and the batch was not delivered
   */
  boolean deliver(List<SpanData> batch) {
    try {
      // Interruptibly: a receiver that closes interrupts a delivery queued behind a sink that
      // does not return, and the queued one is refused instead of waiting on.
      delivery.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      if (!open) {
        return false;
      }
      sink.accept(batch);
      synchronized (this) {
        batches++;
        spans += batch.size();
        notifyAll();
      }
      return true;
    } finally {
      delivery.unlock();
    }
  }

  /** Records a refused request, so that a test that times out can say why. */
  synchronized void reject(int httpStatus, String message) {
    rejected++;
    lastRejection = httpStatus + " " + message;
    notifyAll();
  }

  /** Stops delivery; waits for a delivery under way on another thread. */
  public void close() {
    // Reentrant: a sink that closes its own session does not deadlock.
    delivery.lock();
    try {
      open = false;
    } finally {
      delivery.unlock();
    }
  }

  /**
   * Stops delivery without waiting: no sink call starts after this returns, but one under way on
   * another thread may still be running. For a receiver that closes, and bounds its own wait.
   */
  public void refuse() {
    open = false;
  }

  /**
   * Returns whether batches are still delivered.
   *
   * @return false once closed
   */
  public boolean isOpen() {
    return open;
  }

  /**
   * Returns the export requests delivered.
   *
   * @return the number of batches
   */
  public synchronized long batches() {
    return batches;
  }

  /**
   * Returns the spans delivered.
   *
   * @return the number of spans
   */
  public synchronized long spans() {
    return spans;
  }

  /**
   * Returns the requests refused.
   *
   * @return the number of refused requests
   */
  public synchronized long rejected() {
    return rejected;
  }

  /**
   * Returns the status and message of the last refused request.
   *
   * @return the refusal, or empty
   */
  public synchronized Optional<String> lastRejection() {
    return Optional.ofNullable(lastRejection);
  }

  /**
   * Waits until at least {@code count} spans have been delivered.
   *
   * @param count the spans to wait for
   * @param timeout how long to wait at most
   * @throws InterruptedException when interrupted while waiting
   * @throws TimeoutException when they did not arrive in time, saying what did
   */
  public synchronized void awaitSpans(long count, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (spans < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException(describeWait(count, timeout));
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  private String describeWait(long count, Duration timeout) {
    StringBuilder message =
        new StringBuilder("Waited ")
            .append(timeout.toMillis())
            .append(" ms for ")
            .append(plural(count, "span"))
            .append(" at ")
            .append(tracesEndpoint)
            .append(" but received ")
            .append(plural(spans, "span"))
            .append(" in ")
            .append(plural(batches, "request"));
    if (rejected > 0) {
      message
          .append("; ")
          .append(plural(rejected, "request"))
          .append(" refused, the last with: ")
          .append(lastRejection);
    }
    if (batches == 0 && rejected == 0) {
      message.append("; no request reached it: check that the exporter's endpoint is this URL, and that the exporter"
          + " speaks OTLP/HTTP (this receiver does not speak gRPC: use OtlpHttpSpanExporter rather than"
          + " OtlpGrpcSpanExporter, or set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)");
    }
    if (!open) {
      message.append("; the session is closed");
    }
    return message.toString();
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
