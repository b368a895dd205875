package dev.spanproof.assertions.bench;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds a large agent trace through the real SDK: a root agent, sub-agents of 9 chat/tool spans each. */
final class Traces {

  static final int CHILDREN_PER_AGENT = 9;

  private Traces() {}

  static int subAgents(int spans) {
    return (spans - 1) / (CHILDREN_PER_AGENT + 1);
  }

  static List<SpanData> agentTrace(int spans) {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      Tracer tracer = provider.get("bench");
      long now = 1;
      Span root = tracer.spanBuilder("invoke_agent root").setNoParent().setStartTimestamp(now++, TimeUnit.NANOSECONDS)
          .setAttribute("gen_ai.operation.name", "invoke_agent").setAttribute("gen_ai.agent.name", "root").startSpan();
      for (int a = 0; a < subAgents(spans); a++) {
        Span agent = tracer.spanBuilder("invoke_agent sub-" + a).setParent(Context.root().with(root))
            .setStartTimestamp(now++, TimeUnit.NANOSECONDS)
            .setAttribute("gen_ai.operation.name", "invoke_agent").setAttribute("gen_ai.agent.name", "sub-" + a)
            .startSpan();
        List<Span> children = new ArrayList<>();
        for (int c = 0; c < CHILDREN_PER_AGENT; c++) {
          boolean chat = c % 2 == 0;
          Span child = tracer.spanBuilder(chat ? "chat gpt-4" : "execute_tool t").setParent(Context.root().with(agent))
              .setStartTimestamp(now++, TimeUnit.NANOSECONDS)
              .setAttribute("gen_ai.operation.name", chat ? "chat" : "execute_tool")
              .startSpan();
          if (chat) {
            child.setAttribute("gen_ai.provider.name", "openai");
            child.setAttribute("gen_ai.request.model", "gpt-4");
            child.setAttribute("gen_ai.usage.input_tokens", 3L);
            child.setAttribute("gen_ai.usage.output_tokens", 2L);
          } else {
            child.setAttribute("gen_ai.tool.name", "t");
            child.setAttribute("gen_ai.tool.call.arguments", "{\"agent\":" + a + ",\"call\":" + c + "}");
            child.setAttribute("gen_ai.tool.call.result", "ok");
          }
          children.add(child);
        }
        for (Span child : children) {
          child.end(now++, TimeUnit.NANOSECONDS);
        }
        agent.end(now++, TimeUnit.NANOSECONDS);
      }
      root.end(now, TimeUnit.NANOSECONDS);
      return new ArrayList<>(exporter.getFinishedSpanItems());
    }
  }
}
