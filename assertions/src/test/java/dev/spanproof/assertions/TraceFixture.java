package dev.spanproof.assertions;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds real spans through the OpenTelemetry SDK with a controlled clock: each span starts one
 * tick after the previous one, and {@link #trace()} ends the open ones children first.
 */
final class TraceFixture {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final Tracer tracer;
  private final List<Span> open = new ArrayList<>();
  private long now = 1_000_000;

  TraceFixture() {
    this("test");
  }

  TraceFixture(String scope) {
    tracer = provider.get(scope);
  }

  /** Starts a span; attributes as key/value pairs (String, Long, Integer, Double, List of String). */
  Span span(Span parent, String name, Object... keyValues) {
    SpanBuilder builder = tracer.spanBuilder(name).setStartTimestamp(now++, TimeUnit.NANOSECONDS);
    if (parent == null) {
      builder.setNoParent();
    } else {
      builder.setParent(Context.root().with(parent));
    }
    builder.setAllAttributes(attributes(keyValues));
    Span span = builder.startSpan();
    open.add(span);
    return span;
  }

  Span agent(Span parent, String name) {
    return span(parent, "invoke_agent " + name,
        "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", name, "gen_ai.provider.name", "openai");
  }

  Span chat(Span parent, String model, long in, long out) {
    return span(parent, "chat " + model, "gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
        "gen_ai.request.model", model, "gen_ai.usage.input_tokens", in, "gen_ai.usage.output_tokens", out);
  }

  /** One request traced by two instrumentations: an LLM span with the same LLM span inside it. */
  Span chatTracedTwice(Span parent, String model, long in, long out) {
    Span outer = chat(parent, model, in, out);
    chat(outer, model, in, out);
    return outer;
  }

  Span tool(Span parent, String name, String args, String result) {
    return span(parent, "execute_tool " + name, "gen_ai.operation.name", "execute_tool",
        "gen_ai.tool.name", name, "gen_ai.tool.call.arguments", args, "gen_ai.tool.call.result", result);
  }

  /**
   * A {@code chat gpt-4} span (tokens 10→15) offering the calculate tool, with its JSON schema, whose
   * answer asks for one tool call.
   */
  Span chatOfferingCalculate(Span parent, String callId, String tool, String argumentsJson) {
    return span(parent, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4",
        "gen_ai.usage.input_tokens", 10L, "gen_ai.usage.output_tokens", 15L,
        "gen_ai.tool.definitions", "[{\"type\":\"function\",\"name\":\"calculate\",\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"]}}]",
        "gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"" + callId
            + "\",\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "}]}]");
  }

  void fail(Span span, String errorType) {
    span.setAttribute("error.type", errorType);
    span.setStatus(StatusCode.ERROR);
  }

  static Attributes attributes(Object... keyValues) {
    AttributesBuilder attributes = Attributes.builder();
    for (int i = 0; i < keyValues.length; i += 2) {
      String key = (String) keyValues[i];
      Object value = keyValues[i + 1];
      if (value == null) {
        continue;
      }
      if (value instanceof String s) {
        attributes.put(key, s);
      } else if (value instanceof Integer n) {
        attributes.put(key, (long) n);
      } else if (value instanceof Long n) {
        attributes.put(key, n);
      } else if (value instanceof Double d) {
        attributes.put(key, d);
      } else if (value instanceof List<?> list) {
        attributes.put(AttributeKey.stringArrayKey(key), list.stream().map(String::valueOf).toList());
      } else {
        throw new IllegalArgumentException("unsupported attribute value " + value);
      }
    }
    return attributes.build();
  }

  /** Ends every open span (latest first), returns the exported spans. */
  List<SpanData> spans() {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).end(now++, TimeUnit.NANOSECONDS);
    }
    open.clear();
    return exporter.getFinishedSpanItems();
  }

  /**
   * Ends every open span but the given ones, which are read while still running (as a test that
   * asserts before the agent finished sees them: {@code ReadableSpan.toSpanData()}, no end time).
   */
  AgentTrace traceLeavingOpen(Span... stillOpen) {
    List<Span> running = List.of(stillOpen);
    for (int i = open.size() - 1; i >= 0; i--) {
      if (!running.contains(open.get(i))) {
        open.get(i).end(now++, TimeUnit.NANOSECONDS);
      }
    }
    open.clear();
    List<SpanData> spans = new ArrayList<>(exporter.getFinishedSpanItems());
    for (Span span : running) {
      spans.add(((io.opentelemetry.sdk.trace.ReadableSpan) span).toSpanData());
    }
    return AgentTrace.of(spans);
  }

  AgentTrace trace() {
    return AgentTrace.of(spans());
  }

  /** The design's calculator agent: chat, tool, chat. */
  static AgentTrace calculator() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.chat(agent, "gpt-4", 10, 15);
    f.tool(agent, "calculate", "{\"a\":2,\"b\":2}", "4");
    f.chat(agent, "gpt-4", 12, 8);
    return f.trace().withLabel("addsWithTheCalculatorTool");
  }

  /** The calculator agent that skipped the tool: one chat span only. */
  static AgentTrace calculatorWithoutTool() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.chat(agent, "gpt-4", 10, 15);
    return f.trace().withLabel("addsWithTheCalculatorTool");
  }

  /** A travel agent's tool calls: weather(Paris), time(Paris), weather(Rome) — in that order. */
  static AgentTrace travel() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "travel");
    f.tool(agent, "get_weather", "{\"city\":\"Paris\",\"unit\":\"C\"}", "sunny");
    f.tool(agent, "get_time", "{\"city\":\"Paris\"}", "12:00");
    f.tool(agent, "get_weather", "{\"city\":\"Rome\",\"unit\":\"C\"}", "rain");
    return f.trace().withLabel("plansATrip");
  }

  /**
   * A rendered tree as failures show it, indented by two spaces, with {@code ▲ marker} under line
   * {@code line} (from 0) at {@code depth}; no marker for a line of -1.
   */
  static String marked(String tree, int line, int depth, String marker) {
    String[] lines = tree.stripIndent().split("\n");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      out.append(i == 0 ? "" : "\n").append("  ").append(lines[i]);
      if (i == line) {
        out.append("\n  ").append(" ".repeat(4 * depth)).append("▲ ").append(marker);
      }
    }
    return out.toString();
  }

  /**
   * One agent span and the tools it executed, given as name, arguments, result triples:
   * {@code agentCalling("a", "lookup", "Paris", "ok")}.
   */
  static AgentTrace agentCalling(String agent, String... toolNameArgumentsResult) {
    if (toolNameArgumentsResult.length % 3 != 0) {
      throw new IllegalArgumentException("give each tool as name, arguments, result");
    }
    TraceFixture f = new TraceFixture();
    Span span = f.agent(null, agent);
    for (int i = 0; i < toolNameArgumentsResult.length; i += 3) {
      f.tool(span, toolNameArgumentsResult[i], toolNameArgumentsResult[i + 1], toolNameArgumentsResult[i + 2]);
    }
    return f.trace();
  }
}
