package dev.spanproof.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions: routing by URL prefix, isolation, closing, counting and waiting. */
class OtlpReceiverSessionTest {

  private OtlpReceiver receiver;
  private static final List<SpanData> RUN = AgentRun.spans();

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void binds_loopback_on_a_dynamic_port_and_names_its_urls() {
    try (OtlpReceiver.Session session = receiver.openSession(spans -> {})) {
      assertThat(receiver.endpoint()).isEqualTo("http://127.0.0.1:" + receiver.port());
      assertThat(receiver.port()).isPositive().isNotEqualTo(4318);
      assertThat(session.endpoint()).isEqualTo(receiver.endpoint() + "/s/" + session.id());
      assertThat(session.tracesEndpoint()).isEqualTo(session.endpoint() + "/v1/traces");
    }
  }

  @Test
  void two_sessions_receive_only_their_own_spans() {
    // GIVEN two sessions on one receiver, and one exporter pointed at each
    List<SpanData> first = new CopyOnWriteArrayList<>();
    List<SpanData> second = new CopyOnWriteArrayList<>();
    try (OtlpReceiver.Session one = receiver.openSession(first::addAll);
        OtlpReceiver.Session two = receiver.openSession(second::addAll)) {
      // WHEN each exports a different part of the run
      assertThat(export(one.tracesEndpoint(), RUN.subList(0, 2)).isSuccess()).isTrue();
      assertThat(export(two.tracesEndpoint(), RUN.subList(2, 5)).isSuccess()).isTrue();

      // THEN each session got its own part, and nothing of the other's
      assertThat(first).extracting(SpanData::getSpanId)
          .containsExactlyInAnyOrderElementsOf(RUN.subList(0, 2).stream().map(SpanData::getSpanId).toList());
      assertThat(second).extracting(SpanData::getSpanId)
          .containsExactlyInAnyOrderElementsOf(RUN.subList(2, 5).stream().map(SpanData::getSpanId).toList());
      assertThat(one.receivedSpans()).isEqualTo(2);
      assertThat(two.receivedSpans()).isEqualTo(3);
    }
  }

  @Test
  void base_endpoint_plus_v1_traces_delivers_as_env_var_configured_exporters_send_it() {
    List<SpanData> received = new CopyOnWriteArrayList<>();
    try (OtlpReceiver.Session session = receiver.openSession(received::addAll)) {
      byte[] body = ExportTraceServiceRequest.getDefaultInstance().toByteArray();
      // OTEL_EXPORTER_OTLP_ENDPOINT=<base>: SDKs append "/v1/traces", with or without a slash
      assertThat(Http.post(session.endpoint() + "/v1/traces", Http.PROTOBUF, body).status()).isEqualTo(200);
      assertThat(Http.post(session.endpoint() + "//v1/traces", Http.PROTOBUF, body).status()).isEqualTo(200);
      assertThat(Http.post(session.tracesEndpoint() + "/", Http.PROTOBUF, body).status()).isEqualTo(200);
      assertThat(session.receivedBatches()).isEqualTo(3);
      assertThat(session.receivedSpans()).isZero();
    }
  }

  @Test
  void a_closed_session_is_answered_with_404_naming_it_and_its_sink_is_not_called() {
    List<SpanData> received = new CopyOnWriteArrayList<>();
    OtlpReceiver.Session session = receiver.openSession(received::addAll);
    String url = session.tracesEndpoint();
    session.close();

    Http.Reply reply = Http.post(url, Http.PROTOBUF, TestRequests.oneSpan().toByteArray());

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.contentType()).isEqualTo(Http.PROTOBUF);
    assertThat(reply.message())
        .isEqualTo("Unknown OTLP session '" + session.id() + "': it was closed or never opened on this receiver");
    assertThat(received).isEmpty();
    assertThat(session.isOpen()).isFalse();
    // OpenTelemetry's exporter sees the failure too
    assertThat(export(url, RUN).isSuccess()).isFalse();
  }

  @Test
  void a_session_less_receiver_delivers_its_root_traces_endpoint_to_its_sink() {
    List<SpanData> received = new CopyOnWriteArrayList<>();
    try (OtlpReceiver standalone = OtlpReceiver.start(received::addAll)) {
      assertThat(standalone.tracesEndpoint()).isEqualTo(standalone.endpoint() + "/v1/traces");

      assertThat(export(standalone.tracesEndpoint(), RUN).isSuccess()).isTrue();

      assertThat(received).hasSameSizeAs(RUN);
      assertThat(standalone.defaultSession().receivedSpans()).isEqualTo(RUN.size());
      assertThat(standalone.defaultSession().receivedBatches()).isEqualTo(1);
    }
  }

  @Test
  void a_receiver_without_default_sink_refuses_its_root_endpoint() {
    Http.Reply reply =
        Http.post(receiver.tracesEndpoint(), Http.JSON, "{\"resourceSpans\":[]}");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.message())
        .isEqualTo(
            "This receiver has no default sink: open a session and send to its endpoint,"
                + " /s/<id>/v1/traces");
    assertThatThrownBy(receiver::defaultSession)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("started without a sink");
  }

  @Test
  void wrong_paths_and_methods_are_answered_with_what_to_use_instead() {
    try (OtlpReceiver.Session session = receiver.openSession(spans -> {})) {
      byte[] body = new byte[0];
      String base = "/s/" + session.id();

      Http.Reply baseOnly = Http.post(session.endpoint(), Http.PROTOBUF, body);
      assertThat(baseOnly.status()).isEqualTo(404);
      assertThat(baseOnly.message())
          .isEqualTo(base + " is a base endpoint: send traces to " + base + "/v1/traces"
              + " (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT takes the full URL, OTEL_EXPORTER_OTLP_ENDPOINT the base)");

      Http.Reply metrics = Http.post(session.endpoint() + "/v1/metrics", Http.PROTOBUF, body);
      assertThat(metrics.status()).isEqualTo(404);
      assertThat(metrics.message())
          .isEqualTo("This receiver accepts traces only, at " + base + "/v1/traces; nothing receives metrics at "
              + base + "/v1/metrics");

      Http.Reply elsewhere = Http.post(receiver.endpoint() + "/api/traces", Http.PROTOBUF, body);
      assertThat(elsewhere.status()).isEqualTo(404);
      assertThat(elsewhere.message())
          .isEqualTo("No OTLP endpoint at /api/traces: send traces to /v1/traces, or to a session's /s/<id>/v1/traces");

      Http.Reply get = Http.send(session.tracesEndpoint(), "GET", null, null, body);
      assertThat(get.status()).isEqualTo(405);
      assertThat(get.contentType()).startsWith("text/plain");
      assertThat(get.message()).isEqualTo("Method GET not allowed: OTLP/HTTP exports with POST");

      // the refusals aimed at the session are counted there, so a waiting test can say why
      assertThat(session.rejectedRequests()).isEqualTo(3);
      assertThat(session.lastRejection()).hasValue("405 Method GET not allowed: OTLP/HTTP exports with POST");
    }
  }

  @Test
  void spans_of_a_batch_exporter_are_in_the_sink_once_force_flush_completes() {
    // GIVEN a real SDK exporting in batches over OTLP to a session
    List<SpanData> received = new CopyOnWriteArrayList<>();
    try (OtlpReceiver.Session session = receiver.openSession(received::addAll)) {
      SdkTracerProvider provider =
          SdkTracerProvider.builder()
              .addSpanProcessor(
                  BatchSpanProcessor.builder(
                          OtlpHttpSpanExporter.builder().setEndpoint(session.tracesEndpoint()).build())
                      .setScheduleDelay(Duration.ofHours(1)) // only an explicit flush exports
                      .build())
              .build();
      Tracer tracer = provider.get("flush-test");
      Span parent = tracer.spanBuilder("invoke_agent").startSpan();
      tracer.spanBuilder("chat").setParent(Context.current().with(parent)).startSpan().end();
      parent.end();

      // WHEN the provider is flushed
      assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

      // THEN the spans are there, nested as they were
      assertThat(received).extracting(SpanData::getName).containsExactlyInAnyOrder("invoke_agent", "chat");
      SpanData chat = received.stream().filter(s -> s.getName().equals("chat")).findFirst().orElseThrow();
      assertThat(chat.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
      assertThat(chat.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void await_spans_returns_once_they_arrived_and_otherwise_says_what_did() throws Exception {
    try (OtlpReceiver.Session session = receiver.openSession(spans -> {})) {
      assertThat(export(session.tracesEndpoint(), RUN).isSuccess()).isTrue();
      session.awaitSpans(RUN.size(), Duration.ofSeconds(5));

      Http.post(session.tracesEndpoint(), Http.JSON, "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":"
          + "[{\"traceId\":\"abc123\",\"spanId\":\"0011223344556677\"}]}]}]}");

      assertThatThrownBy(() -> session.awaitSpans(RUN.size() + 1, Duration.ofMillis(50)))
          .isInstanceOf(TimeoutException.class)
          .hasMessage("Waited 50 ms for 6 spans at " + session.tracesEndpoint()
              + " but received 5 spans in 1 request; 1 request refused, the last with: 400"
              + " resourceSpans[0].scopeSpans[0].spans[0].traceId must be 16 bytes but has 3");
    }
  }

  @Test
  void await_spans_says_what_to_check_when_no_request_arrived_as_from_a_grpc_exporter() throws Exception {
    try (OtlpReceiver.Session session = receiver.openSession(spans -> {})) {
      OtlpGrpcSpanExporter grpc = OtlpGrpcSpanExporter.builder().setEndpoint(session.tracesEndpoint())
          .setTimeout(Duration.ofSeconds(5)).build();
      try {
        assertThat(grpc.export(RUN).join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
      } finally {
        grpc.shutdown().join(10, TimeUnit.SECONDS);
      }

      assertThatThrownBy(() -> session.awaitSpans(1, Duration.ofMillis(50)))
          .isInstanceOf(TimeoutException.class)
          .hasMessage("Waited 50 ms for 1 span at " + session.tracesEndpoint() + " but received 0 spans in 0 requests;"
              + " no request reached it: check that the exporter's endpoint is this URL, and that the exporter speaks"
              + " OTLP/HTTP (this receiver does not speak gRPC: use OtlpHttpSpanExporter rather than"
              + " OtlpGrpcSpanExporter, or set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)");
    }
  }

  @Test
  void a_sink_that_throws_gets_a_500_and_the_receiver_keeps_serving() {
    try (OtlpReceiver.Session failing = receiver.openSession(spans -> {
          throw new IllegalStateException("disk full");
        });
        OtlpReceiver.Session working = receiver.openSession(spans -> {})) {
      Http.Reply reply = Http.post(failing.tracesEndpoint(), Http.PROTOBUF, TestRequests.oneSpan().toByteArray());

      assertThat(reply.status()).isEqualTo(500);
      assertThat(reply.message()).isEqualTo("The span sink failed: java.lang.IllegalStateException: disk full");
      try (OtlpReceiver.Session asserting = receiver.openSession(spans -> {
        throw new AssertionError("expected no spans");
      })) {
        Http.Reply fromAssertion =
            Http.post(asserting.tracesEndpoint(), Http.PROTOBUF, TestRequests.oneSpan().toByteArray());
        assertThat(fromAssertion.status()).isEqualTo(500);
        assertThat(fromAssertion.message())
            .isEqualTo("The span sink failed: java.lang.AssertionError: expected no spans");
      }
      assertThat(export(working.tracesEndpoint(), RUN).isSuccess()).isTrue();
    }
  }

  @Test
  void closing_the_receiver_closes_its_sessions_and_frees_the_port() throws Exception {
    OtlpReceiver.Session session = receiver.openSession(spans -> {});
    int port = receiver.port();

    receiver.close();

    assertThat(session.isOpen()).isFalse();
    assertThatThrownBy(() -> receiver.openSession(spans -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("This OTLP receiver at http://127.0.0.1:" + port + " is closed");
    try (java.net.ServerSocket reuse = new java.net.ServerSocket(port, 0, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThat(reuse.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void opentelemetrys_exporter_logs_the_receivers_error_message() {
    // OTLP/HTTP answers errors with a google.rpc.Status; OpenTelemetry's exporter logs its message,
    // so an agent's own log says why its spans were refused.
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger exporterLogger = Logger.getLogger("io.opentelemetry.exporter");
    exporterLogger.addHandler(capture);
    try {
      OtlpReceiver.Session session = receiver.openSession(spans -> {});
      session.close();

      assertThat(export(session.tracesEndpoint(), RUN).isSuccess()).isFalse();

      assertThat(logged).anySatisfy(message -> assertThat(message)
          .contains("HTTP status code 404")
          .contains("Unknown OTLP session '" + session.id() + "': it was closed or never opened on this receiver"));
    } finally {
      exporterLogger.removeHandler(capture);
    }
  }

  @Test
  void concurrent_exports_to_many_sessions_never_cross() throws Exception {
    // GIVEN 40 sessions, each with its own sink
    int sessionCount = 40;
    List<OtlpReceiver.Session> sessions = new java.util.ArrayList<>();
    List<List<SpanData>> sinks = new java.util.ArrayList<>();
    for (int i = 0; i < sessionCount; i++) {
      List<SpanData> sink = new CopyOnWriteArrayList<>();
      sinks.add(sink);
      sessions.add(receiver.openSession(sink::addAll));
    }
    // WHEN 8 threads export concurrently, each session receiving spans named after it
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < sessionCount; i++) {
          int index = i;
          results.add(pool.submit(() -> {
            byte[] body = TestRequests.of(TestRequests.span().setName("session-" + index).build()).toByteArray();
            return Http.post(sessions.get(index).tracesEndpoint(), Http.PROTOBUF, body).status() == 200;
          }));
        }
      }
      for (java.util.concurrent.Future<Boolean> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    // THEN each sink holds its own three spans and nothing else
    for (int i = 0; i < sessionCount; i++) {
      assertThat(sinks.get(i)).extracting(SpanData::getName).containsOnly("session-" + i).hasSize(3);
      sessions.get(i).close();
    }
  }

  @Test
  void close_returns_while_a_sink_blocks_forever_interrupting_it_and_refusing_the_request_queued_behind()
      throws Exception {
    // GIVEN a sink that never returns unless interrupted, and two exports to its session
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean interrupted = new AtomicBoolean();
    OtlpReceiver.Session session = receiver.openSession(spans -> {
      calls.incrementAndGet();
      entered.countDown();
      try {
        never.await();
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
    });
    int port = receiver.port();
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(session.tracesEndpoint()).setRetryPolicy(null).build();
    try {
      CompletableResultCode first = exporter.export(RUN);
      assertThat(entered.await(10, TimeUnit.SECONDS)).as("the sink was called").isTrue();
      CompletableResultCode second = exporter.export(RUN); // queued behind the blocked sink

      // WHEN the receiver closes: a hang fails the test instead of stalling the build
      assertTimeoutPreemptively(Duration.ofSeconds(30), receiver::close);

      // THEN the sink was interrupted, the queued request never reached it, and no thread is left
      assertThat(interrupted).isTrue();
      assertThat(session.isOpen()).isFalse();
      assertThat(first.join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
      assertThat(second.join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
      assertThat(calls).hasValue(1);
      assertThat(threadNames()).noneMatch(name -> name.startsWith("spanproof-otlp-" + port + "-"));
    } finally {
      exporter.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void closed_receivers_leave_no_threads_behind() {
    long dispatchersBefore = threadNames().stream().filter(n -> n.startsWith("HTTP-Dispatcher")).count();
    List<Integer> ports = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      try (OtlpReceiver used = OtlpReceiver.start(spans -> {})) {
        ports.add(used.port());
        assertThat(Http.post(used.tracesEndpoint(), Http.PROTOBUF, TestRequests.oneSpan().toByteArray()).status())
            .isEqualTo(200);
      }
    }

    List<String> names = threadNames();
    for (int port : ports) {
      assertThat(names).noneMatch(name -> name.startsWith("spanproof-otlp-" + port + "-"));
    }
    assertThat(names.stream().filter(n -> n.startsWith("HTTP-Dispatcher")).count())
        .isLessThanOrEqualTo(dispatchersBefore);
  }

  private static List<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
  }

  private static CompletableResultCode export(String url, List<SpanData> spans) {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(url).setRetryPolicy(null).build();
    try {
      return exporter.export(spans).join(10, TimeUnit.SECONDS);
    } finally {
      exporter.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
