package dev.spanproof.junit.internal;

import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.junit.AgentTraces;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link AgentTraces} over one test's {@link TestCapture}.
 *
 * <p>Not for public use.
 */
public final class CapturedTraces implements AgentTraces {

  private final TestCapture capture;
  private final Duration spanTimeout;
  private final CaptureRegistry registry;
  private final java.util.function.Supplier<dev.spanproof.otlp.OtlpReceiver.Session> otlp;

  public CapturedTraces(TestCapture capture, Duration spanTimeout, CaptureRegistry registry,
      java.util.function.Supplier<dev.spanproof.otlp.OtlpReceiver.Session> otlp) {
    this.capture = capture;
    this.spanTimeout = spanTimeout;
    this.registry = registry;
    this.otlp = otlp;
  }

  @Override
  public String otlpEndpoint() {
    return otlp.get().endpoint();
  }

  @Override
  public String otlpTracesEndpoint() {
    return otlp.get().tracesEndpoint();
  }

  @Override
  public AgentTrace single() {
    List<AgentTrace> traces = all();
    if (traces.size() == 1) {
      return traces.get(0);
    }
    StringBuilder message = new StringBuilder("Expecting the test \"")
        .append(capture.label()).append("\" to have produced exactly one trace but ");
    if (traces.isEmpty()) {
      message.append("it produced none.");
      appendWhyNone(message);
    } else {
      message.append("it produced ").append(traces.size()).append(":");
      for (int i = 0; i < traces.size(); i++) {
        message.append("\n\ntrace #").append(i + 1).append(":\n").append(indent(traces.get(i).render()));
      }
      message.append("\n\nUse AgentTraces.all() to assert on each, or make the agent start one root span per run.");
    }
    throw new AssertionError(message.toString());
  }

  @Override
  public List<AgentTrace> all() {
    capture.awaitOpenSpans(spanTimeout);
    return group(capture.endedSpans());
  }

  @Override
  public List<AgentTrace> awaitTraces(int count, Duration timeout) {
    if (count < 1) {
      throw new IllegalArgumentException("awaitTraces(count, timeout) needs a count of at least 1, was " + count);
    }
    boolean reached = capture.awaitEnded(spans -> completeTraces(spans) >= count, timeout);
    List<AgentTrace> traces = group(capture.endedSpans());
    if (!reached) {
      StringBuilder message = new StringBuilder("Expecting the test \"").append(capture.label())
          .append("\" to produce ").append(count).append(count == 1 ? " trace" : " traces")
          .append(" within ").append(timeout).append(" but ").append(completeTraces(capture.endedSpans()))
          .append(" completed.");
      List<SpanData> open = capture.openSpans();
      if (!open.isEmpty()) {
        message.append("\nSpans still open: ").append(names(open)).append('.');
      }
      if (traces.isEmpty()) {
        appendWhyNone(message);
      }
      throw new AssertionError(message.toString());
    }
    return traces;
  }

  @Override
  public List<SpanData> spans() {
    capture.awaitOpenSpans(spanTimeout);
    return capture.endedSpans();
  }

  @Override
  public List<LogRecordData> logRecords() {
    return capture.logRecords();
  }

  @Override
  public void clear() {
    capture.clear();
  }

  private List<AgentTrace> group(List<SpanData> spans) {
    return AgentTrace.groupByTrace(spans, capture.logRecords()).stream()
        .map(trace -> trace.withLabel(capture.label()))
        .toList();
  }

  /** Traces whose root span (no parent among the captured spans) has ended, with no span still open. */
  private int completeTraces(List<SpanData> ended) {
    Set<String> openTraceIds = capture.openSpans().stream()
        .map(SpanData::getTraceId).collect(Collectors.toSet());
    Set<String> spanIds = ended.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    return (int) ended.stream()
        .filter(s -> !s.getParentSpanContext().isValid() || !spanIds.contains(s.getParentSpanId()))
        .map(SpanData::getTraceId)
        .filter(id -> !openTraceIds.contains(id))
        .distinct()
        .count();
  }

  private void appendWhyNone(StringBuilder message) {
    List<SpanData> open = capture.openSpans();
    if (!open.isEmpty()) {
      message.append("\nSpans still open after ").append(spanTimeout).append(": ").append(names(open))
          .append(". End every span (span.end() in a finally block).");
    }
    List<SpanData> stray = registry.unattributedSpans();
    if (!stray.isEmpty()) {
      message.append("\n").append(stray.size()).append(" span(s) could not be attributed to any test: ")
          .append(names(stray)).append(". They started on a thread without the test's OpenTelemetry ")
          .append("context while several tests ran; propagate it (Context.taskWrapping(executor)).");
    } else if (open.isEmpty()) {
      message.append("\nNo span was started in this test. Does the agent use the OpenTelemetry the test ")
          .append("was given (the OpenTelemetry parameter, or GlobalOpenTelemetry)? A tracer taken from ")
          .append("another OpenTelemetry, or cached in a static field before spanproof installed the global, ")
          .append("records nothing (docs/junit-extension.md, \"Static tracers\").");
    }
  }

  static String names(List<SpanData> spans) {
    return spans.stream().map(s -> "\"" + s.getName() + "\"").collect(Collectors.joining(", "));
  }

  static String indent(String text) {
    return text.lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
  }
}
