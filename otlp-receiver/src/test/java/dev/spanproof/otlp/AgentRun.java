package dev.spanproof.otlp;

import static io.opentelemetry.api.common.AttributeKey.booleanArrayKey;
import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleArrayKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longArrayKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.api.common.AttributeKey.valueKey;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A traced agent run made with the real OpenTelemetry SDK: nested spans of every kind, attributes
 * of every type, events, a link, an error, a remote parent with trace state, two scopes, and
 * limits that make the SDK drop attributes, events and links. Its spans are the originals that a
 * receiver must reproduce.
 */
final class AgentRun {

  static final long T0 = 1_700_000_000_123_456_789L;

  private AgentRun() {}

  static List<SpanData> spans() {
    List<SpanData> finished = new ArrayList<>();
    SpanExporter capture =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            finished.addAll(spans);
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(
                        stringKey("service.name"), "calculator-agent",
                        longKey("service.instance.replica"), 3L),
                    "https://opentelemetry.io/schemas/1.37.0"));
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .setSpanLimits(
                SpanLimits.builder()
                    .setMaxNumberOfAttributes(16)
                    .setMaxNumberOfEvents(3)
                    .setMaxNumberOfLinks(1)
                    .setMaxNumberOfAttributesPerEvent(2)
                    .build())
            .addSpanProcessor(SimpleSpanProcessor.create(capture))
            .build();
    try {
      Tracer agentTracer =
          provider
              .tracerBuilder("dev.spanproof.test.agent")
              .setInstrumentationVersion("1.2.3")
              .setSchemaUrl("https://opentelemetry.io/schemas/1.30.0")
              .build();
      Tracer toolTracer = provider.get("dev.spanproof.test.tools");

      SpanContext remoteCaller =
          SpanContext.createFromRemoteParent(
              "0af7651916cd43dd8448eb211c80319c",
              "b7ad6b7169203331",
              TraceFlags.getSampled(),
              TraceState.builder().put("vendor", "a1").put("other", "b2").build());
      Span agent =
          agentTracer
              .spanBuilder("invoke_agent planner")
              .setParent(Context.root().with(Span.wrap(remoteCaller)))
              .setSpanKind(SpanKind.SERVER)
              .setStartTimestamp(T0, NANOSECONDS)
              .setAttribute("gen_ai.operation.name", "invoke_agent")
              .setAttribute("gen_ai.agent.name", "planner")
              .setAttribute("agent.note", "2+2 → 4 ✓ \"quoted\" \\ back\nslash")
              .setAttribute("agent.empty", "")
              .setAttribute(booleanKey("agent.streaming"), true)
              .setAttribute(longKey("gen_ai.usage.input_tokens"), 22L)
              .setAttribute(longKey("agent.max_long"), Long.MAX_VALUE)
              .setAttribute(longKey("agent.min_long"), Long.MIN_VALUE)
              .setAttribute(doubleKey("gen_ai.request.temperature"), 0.25)
              .setAttribute(doubleKey("agent.tiny"), 1.0E-300)
              .setAttribute(
                  stringArrayKey("gen_ai.response.finish_reasons"), List.of("tool_calls", "stop"))
              .setAttribute(booleanArrayKey("agent.flags"), List.of(true, false, true))
              .setAttribute(longArrayKey("agent.token_counts"), List.of(10L, 12L, -1L))
              .startSpan();
      Context agentContext = Context.current().with(agent);

      Span chat =
          agentTracer
              .spanBuilder("chat gpt-4")
              .setParent(agentContext)
              .setSpanKind(SpanKind.CLIENT)
              .setStartTimestamp(T0 + 1_000, NANOSECONDS)
              .setAttribute(doubleArrayKey("llm.scores"), List.of(0.5, -1.5, 3.0E10))
              .setAttribute(longKey("gen_ai.usage.output_tokens"), 15L)
              // Complex values (OpenTelemetry 1.5x's Value attributes): a map, bytes, a mixed array.
              .setAttribute(
                  valueKey("gen_ai.tool.definition"),
                  Value.of(
                      KeyValue.of("name", Value.of("calculate")),
                      KeyValue.of("parameters", Value.of(Value.of("a"), Value.of("b"))),
                      KeyValue.of("strict", Value.of(true))))
              .setAttribute(valueKey("llm.raw"), Value.of(new byte[] {0, 1, 2, (byte) 0xFF}))
              .setAttribute(valueKey("llm.mixed"), Value.of(Value.of("a"), Value.of(1L), Value.of(2.5)))
              .startSpan();
      chat.addEvent(
          "gen_ai.choice",
          Attributes.of(stringKey("finish_reason"), "tool_calls", longKey("index"), 0L),
          T0 + 2_000,
          NANOSECONDS);
      // Three attributes on an event limited to two: the SDK drops one and counts it.
      chat.addEvent(
          "gen_ai.content.completion",
          Attributes.of(stringKey("a"), "1", stringKey("b"), "2", stringKey("c"), "3"),
          T0 + 2_500,
          NANOSECONDS);
      chat.setStatus(StatusCode.OK);
      chat.end(T0 + 3_000, NANOSECONDS);

      Span tool =
          toolTracer
              .spanBuilder("execute_tool calculate")
              .setParent(agentContext)
              .setSpanKind(SpanKind.INTERNAL)
              .setStartTimestamp(T0 + 4_000, NANOSECONDS)
              .addLink(chat.getSpanContext(), Attributes.of(stringKey("link.reason"), "requested by"))
              .addLink(remoteCaller) // over the limit of one link: dropped and counted
              .setAttribute("gen_ai.tool.name", "calculate")
              .setAttribute("gen_ai.tool.call.arguments", "{\"a\":2,\"b\":0}")
              .startSpan();
      tool.recordException(new ArithmeticException("/ by zero"));
      tool.setStatus(StatusCode.ERROR, "division by zero");
      tool.end(T0 + 5_000, NANOSECONDS);

      Span producer =
          agentTracer
              .spanBuilder("publish result")
              .setParent(agentContext)
              .setSpanKind(SpanKind.PRODUCER)
              .setStartTimestamp(T0 + 6_000, NANOSECONDS)
              .startSpan();
      for (int i = 0; i < 5; i++) { // five events, limit three
        producer.addEvent("tick " + i, T0 + 6_100 + i, NANOSECONDS);
      }
      for (int i = 0; i < 20; i++) { // twenty attributes, limit sixteen
        producer.setAttribute("attribute." + i, i);
      }
      producer.end(T0 + 7_000, NANOSECONDS);

      agent.end(T0 + 8_000, NANOSECONDS);

      Span consumer =
          toolTracer
              .spanBuilder("consume result")
              .setNoParent()
              .setSpanKind(SpanKind.CONSUMER)
              .setStartTimestamp(T0 + 9_000, NANOSECONDS)
              .startSpan();
      consumer.end(T0 + 10_000, NANOSECONDS);
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    return List.copyOf(finished);
  }
}
