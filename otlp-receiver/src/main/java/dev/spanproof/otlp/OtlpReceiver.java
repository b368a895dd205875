package dev.spanproof.otlp;

import com.sun.net.httpserver.HttpServer;
import dev.spanproof.otlp.internal.Inbox;
import dev.spanproof.otlp.internal.TraceHttpHandler;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An OTLP/HTTP trace receiver on {@code 127.0.0.1}: agents in other processes or languages export
 * their spans to it, and each export request arrives as a list of {@link SpanData} in a sink.
 *
 * <p>It reads what OpenTelemetry's OTLP/HTTP exporters send: {@code POST .../v1/traces} with an
 * {@code ExportTraceServiceRequest} as binary protobuf ({@code application/x-protobuf}) or
 * OTLP/JSON ({@code application/json}), plain, gzip or deflate. A malformed request is answered with a 4xx
 * status and a message saying what was wrong, and the receiver goes on serving.
 *
 * <p>One receiver serves many tests: each {@link #openSession(Consumer) session} has its own URL
 * prefix, so an exporter pointed at a session delivers to that session's sink only:
 *
 * <pre>{@code
 * List<SpanData> spans = new CopyOnWriteArrayList<>();
 * try (OtlpReceiver receiver = OtlpReceiver.start();
 *     OtlpReceiver.Session session = receiver.openSession(spans::addAll)) {
 *   ProcessBuilder agent = new ProcessBuilder("python", "agent.py");
 *   agent.environment().put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", session.tracesEndpoint());
 *   agent.environment().put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
 *   agent.inheritIO().start().waitFor();
 *   session.awaitSpans(3, Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>A sink is called on a receiver thread before the exporter gets its answer, so once an
 * exporter's {@code flush()} or {@code shutdown()} has completed, its spans are in the sink. Calls
 * to one session's sink never overlap.
 */
public final class OtlpReceiver implements AutoCloseable {

  /**
   * The largest request body accepted by default, in bytes, before and after decompression: 16
   * MiB. Larger requests are answered with 413 Content Too Large.
   */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 16L * 1024 * 1024;

  private static final String HOST = "127.0.0.1";

  /** How long close() waits for sinks still running before it interrupts them. */
  private static final Duration SINK_GRACE = Duration.ofSeconds(5);

  /** How long close() then waits for the interrupted threads to end. */
  private static final Duration INTERRUPTED_GRACE = Duration.ofSeconds(1);

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  /** The executor's threads (dead ones pruned as new ones start), joined on close. */
  private final java.util.Set<Thread> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final String endpoint;
  private final Map<String, Inbox> sessions = new ConcurrentHashMap<>();
  private final Map<String, Session> openSessions = new ConcurrentHashMap<>();
  private final Session defaultSession;
  private final AtomicLong nextSessionId = new AtomicLong(1);
  private volatile boolean closed;

  private OtlpReceiver(long maxRequestBytes, Consumer<List<SpanData>> defaultSink) {
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open an OTLP receiver on " + HOST, e);
    }
    endpoint = "http://" + HOST + ":" + server.getAddress().getPort();
    Inbox defaultInbox = null;
    if (defaultSink != null) {
      defaultInbox = new Inbox(endpoint + "/v1/traces", defaultSink);
      defaultSession = new Session(this, "", endpoint, defaultInbox);
    } else {
      defaultSession = null;
    }
    server.createContext("/", new TraceHttpHandler(sessions, defaultInbox, maxRequestBytes));
    // A few threads serve concurrent exporters; they end when idle, so an idle receiver holds
    // only the server's dispatcher thread.
    executor =
        new ThreadPoolExecutor(
            8, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads(server, workers));
    executor.allowCoreThreadTimeOut(true);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Starts a receiver that delivers to sessions only: open one with {@link
   * #openSession(Consumer)}. Requests to {@code /v1/traces} itself are answered with 404.
   *
   * @return the running receiver; close it to free its port and threads
   */
  public static OtlpReceiver start() {
    return builder().start();
  }

  /**
   * Starts a receiver whose own {@link #tracesEndpoint()} delivers to {@code sink}, for use
   * without sessions. Sessions can still be opened.
   *
   * @param sink receives the spans of each export request, in request order
   * @return the running receiver; close it to free its port and threads
   */
  public static OtlpReceiver start(Consumer<List<SpanData>> sink) {
    return builder().defaultSink(sink).start();
  }

  /**
   * Returns a builder, for a receiver with a request size limit other than {@link
   * #DEFAULT_MAX_REQUEST_BYTES}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens a session: a URL prefix of its own, {@code http://127.0.0.1:PORT/s/<id>}, whose export
   * requests go to {@code sink} and nowhere else.
   *
   * @param sink receives the spans of each export request to this session, in request order
   * @return the session; close it to stop delivery (later requests get a 404)
   * @throws IllegalStateException when the receiver is closed
   */
  public Session openSession(Consumer<List<SpanData>> sink) {
    Objects.requireNonNull(sink, "sink");
    if (closed) {
      throw new IllegalStateException("This OTLP receiver at " + endpoint + " is closed");
    }
    String id = Long.toString(nextSessionId.getAndIncrement());
    String sessionEndpoint = endpoint + "/s/" + id;
    Inbox inbox = new Inbox(sessionEndpoint + "/v1/traces", sink);
    Session session = new Session(this, id, sessionEndpoint, inbox);
    openSessions.put(id, session);
    sessions.put(id, inbox);
    if (closed) { // closed concurrently: do not leave a session behind
      session.close();
      throw new IllegalStateException("This OTLP receiver at " + endpoint + " is closed");
    }
    return session;
  }

  /**
   * Returns the session that {@link #tracesEndpoint()} delivers to, for a receiver started with a
   * sink: its counts tell how many requests and spans arrived.
   *
   * @return the default session
   * @throws IllegalStateException when the receiver was started without a sink
   */
  public Session defaultSession() {
    if (defaultSession == null) {
      throw new IllegalStateException(
          "This OTLP receiver was started without a sink: use OtlpReceiver.start(sink), or"
              + " openSession(sink)");
    }
    return defaultSession;
  }

  /**
   * Returns the receiver's base URL, {@code http://127.0.0.1:PORT}, the value for {@code
   * OTEL_EXPORTER_OTLP_ENDPOINT} (exporters append {@code /v1/traces}).
   *
   * @return the base URL, without a trailing slash
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Returns the URL that delivers to the default sink, {@code http://127.0.0.1:PORT/v1/traces}:
   * the value for {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} and for {@code
   * OtlpHttpSpanExporterBuilder.setEndpoint}.
   *
   * @return the full traces URL
   */
  public String tracesEndpoint() {
    return endpoint + "/v1/traces";
  }

  /**
   * Returns the port the receiver listens on, on {@code 127.0.0.1}.
   *
   * @return the port, chosen by the operating system
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Stops the receiver: closes every session, frees the port and ends the receiver's threads. A
   * sink still running gets up to five seconds to return; then its thread is interrupted, and
   * close waits at most one second more before it returns, whatever the sink does. Requests under
   * way or queued are refused. Closing again does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Refuse first, without waiting: waiting here for the lock a sink holds would hang for as long
    // as the sink blocks. The wait below is bounded.
    for (Session session : openSessions.values()) {
      forget(session.id);
      session.inbox.refuse();
    }
    if (defaultSession != null) {
      defaultSession.inbox.refuse();
    }
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(SINK_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow(); // interrupts the sinks still running, and deliveries queued behind
      }
      // Returning with threads still winding down would look like a leak to whoever counts them: the
      // executor terminates when its last worker has left, a moment before that thread has ended.
      long deadline = System.nanoTime() + INTERRUPTED_GRACE.toNanos();
      for (Thread worker : workers) {
        if (worker == Thread.currentThread()) {
          continue; // a sink that closes its own receiver
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          break; // a sink that ignores interrupts keeps its (daemon) thread; close moves on
        }
        worker.join(left);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "OtlpReceiver{" + endpoint + (closed ? ", closed" : "") + "}";
  }

  private void forget(String id) {
    sessions.remove(id);
    openSessions.remove(id);
  }

  private static ThreadFactory threads(HttpServer server, java.util.Set<Thread> workers) {
    AtomicInteger count = new AtomicInteger();
    int port = server.getAddress().getPort();
    return runnable -> {
      Thread thread =
          new Thread(runnable, "spanproof-otlp-" + port + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      workers.removeIf(t -> !t.isAlive());
      workers.add(thread);
      return thread;
    };
  }

  /** Configures a receiver before it starts. */
  public static final class Builder {

    private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private Consumer<List<SpanData>> defaultSink;

    private Builder() {}

    /**
     * Sets the largest request body accepted, before and after decompression; larger requests are
     * answered with 413.
     *
     * @param maxRequestBytes a positive number of bytes
     * @return this builder
     */
    public Builder maxRequestBytes(long maxRequestBytes) {
      if (maxRequestBytes <= 0) {
        throw new IllegalArgumentException("maxRequestBytes must be positive: " + maxRequestBytes);
      }
      this.maxRequestBytes = maxRequestBytes;
      return this;
    }

    /**
     * Sets the sink that the receiver's own {@link OtlpReceiver#tracesEndpoint()} delivers to.
     *
     * @param sink receives the spans of each export request
     * @return this builder
     */
    public Builder defaultSink(Consumer<List<SpanData>> sink) {
      this.defaultSink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Starts the receiver on a free port of {@code 127.0.0.1}.
     *
     * @return the running receiver
     */
    public OtlpReceiver start() {
      return new OtlpReceiver(maxRequestBytes, defaultSink);
    }
  }

  /**
   * One destination on a receiver, typically one test's: export requests to its {@link
   * #tracesEndpoint()} go to its sink only, and are counted so a test can wait for them.
   */
  public static final class Session implements AutoCloseable {

    private final OtlpReceiver receiver;
    private final String id;
    private final String endpoint;
    private final Inbox inbox;

    private Session(OtlpReceiver receiver, String id, String endpoint, Inbox inbox) {
      this.receiver = receiver;
      this.id = id;
      this.endpoint = endpoint;
      this.inbox = inbox;
    }

    /**
     * Returns the session's id, the last segment of its {@link #endpoint()}; empty for a
     * receiver's default session.
     *
     * @return the id, unique within its receiver
     */
    public String id() {
      return id;
    }

    /**
     * Returns the session's base URL, {@code http://127.0.0.1:PORT/s/<id>}: the value for {@code
     * OTEL_EXPORTER_OTLP_ENDPOINT}, to which exporters append {@code /v1/traces}.
     *
     * @return the base URL, without a trailing slash
     */
    public String endpoint() {
      return endpoint;
    }

    /**
     * Returns the session's full traces URL, {@code http://127.0.0.1:PORT/s/<id>/v1/traces}: the
     * value for {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} and {@code
     * OtlpHttpSpanExporterBuilder.setEndpoint}.
     *
     * @return the full traces URL
     */
    public String tracesEndpoint() {
      return endpoint + "/v1/traces";
    }

    /**
     * Returns how many export requests were accepted and delivered, including requests without
     * spans.
     *
     * @return the number of delivered batches
     */
    public long receivedBatches() {
      return inbox.batches();
    }

    /**
     * Returns how many spans were delivered.
     *
     * @return the number of delivered spans
     */
    public long receivedSpans() {
      return inbox.spans();
    }

    /**
     * Returns how many requests to this session were refused (malformed, too large, wrong path).
     *
     * @return the number of refused requests
     */
    public long rejectedRequests() {
      return inbox.rejected();
    }

    /**
     * Returns the HTTP status and message of the last refused request, such as {@code "400
     * resourceSpans[0].scopeSpans[0].spans[0].traceId must be 16 bytes but has 3"}.
     *
     * @return the last refusal, or empty when none
     */
    public Optional<String> lastRejection() {
      return inbox.lastRejection();
    }

    /**
     * Waits until at least {@code spans} spans in total have been delivered to this session: for
     * agents in other processes, whose exporters flush on their own schedule.
     *
     * @param spans the total number of spans to wait for
     * @param timeout how long to wait at most
     * @throws InterruptedException when interrupted while waiting
     * @throws TimeoutException when they did not arrive in time; the message says what did arrive
     *     and why the last refused request was refused
     */
    public void awaitSpans(long spans, Duration timeout)
        throws InterruptedException, TimeoutException {
      inbox.awaitSpans(spans, timeout);
    }

    /**
     * Returns whether the session still delivers.
     *
     * @return false once closed
     */
    public boolean isOpen() {
      return inbox.isOpen();
    }

    /**
     * Stops delivery: once this returns the sink is not called again, and requests to the
     * session's URLs are answered with 404 naming the unknown session. Closing again does nothing.
     */
    @Override
    public void close() {
      receiver.forget(id);
      inbox.close();
    }

    @Override
    public String toString() {
      return "OtlpReceiver.Session{" + tracesEndpoint() + (isOpen() ? "" : ", closed") + "}";
    }
  }
}
