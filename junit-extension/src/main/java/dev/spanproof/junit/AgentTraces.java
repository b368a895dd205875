package dev.spanproof.junit;

import dev.spanproof.assertions.AgentTrace;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;

/**
 * The traces one test produced: the spans its agent ended, grouped by trace id, in the order the
 * traces started. Declare it as a test (or {@code @BeforeEach}) parameter of an {@link AgentTest}.
 *
 * <p>Reading methods first wait (bounded by {@link AgentTest#SPAN_TIMEOUT_PROPERTY}) for spans of
 * this test that are still open, so an agent that ends its spans just after returning needs no
 * extra waiting code. Only this test's spans are seen, also under JUnit parallel execution.
 */
public interface AgentTraces {

  /**
   * Returns the only trace this test produced, labelled with the test's name for failure messages.
   *
   * @return the single trace
   * @throws AssertionError if the test produced no trace or more than one (the message lists them)
   */
  AgentTrace single();

  /**
   * Returns every trace this test produced, oldest first.
   *
   * @return the traces, possibly empty
   */
  List<AgentTrace> all();

  /**
   * Waits until this test has at least {@code count} traces whose spans have all ended, for agents
   * that finish on another thread after the test body moved on.
   *
   * @param count how many traces to wait for
   * @param timeout how long to wait at most
   * @return the traces, oldest first
   * @throws AssertionError if fewer traces ended within the timeout (the message says what exists)
   */
  List<AgentTrace> awaitTraces(int count, Duration timeout);

  /**
   * Returns the raw ended spans of this test, in the order they ended.
   *
   * @return the spans
   */
  List<SpanData> spans();

  /**
   * Returns the log records emitted in this test's traces (the official openai-java
   * instrumentation puts message content and requested tool calls there).
   *
   * @return the log records, in emission order
   */
  List<LogRecordData> logRecords();

  /**
   * Returns this test's OTLP/HTTP endpoint, for agents in other processes or languages: spans they
   * export there (protobuf or JSON) join this test's traces. Pass it as
   * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (exporters append {@code /v1/traces}).
   *
   * @return the base URL, {@code http://127.0.0.1:PORT/s/<id>}
   */
  String otlpEndpoint();

  /**
   * Returns this test's full OTLP/HTTP traces URL, for {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or
   * {@code OtlpHttpSpanExporter.builder().setEndpoint(...)}.
   *
   * @return the URL ending in {@code /v1/traces}
   */
  String otlpTracesEndpoint();

  /** Forgets the spans and log records captured so far, e.g. after a warm-up call. */
  void clear();
}
