package dev.spanproof.benchmarks.assertions;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One large agent trace made by a real {@link SdkTracerProvider} into an {@link InMemorySpanExporter},
 * as an instrumented agent would make it: an agent root, then blocks of ten spans, each block
 *
 * <pre>
 * chat gpt-4                 tokens 10→5
 * execute_tool calculate     {"i":k} → k
 * chat gpt-4                 tokens 10→5
 * execute_tool calculate     {"i":k} → k
 * invoke_agent analyst
 *   chat gpt-4o-mini         tokens 7→3
 *   execute_tool lookup      {"q":k} → found
 *   chat gpt-4o-mini         tokens 7→3
 * chat gpt-4                 tokens 10→5
 * execute_tool calculate     {"i":k} → k
 * </pre>
 *
 * so a trace of {@code n} requested spans has {@code 1 + 10 * (n / 10)} spans (10,001 for 10k). Timestamps
 * are explicit and strictly increasing, so sibling order is deterministic.
 */
public final class AgentTraceFixture implements AutoCloseable {

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  static final AttributeKey<String> TOOL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
  static final AttributeKey<String> TOOL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");

  /** Blocks of this many spans follow the root. */
  public static final int BLOCK = 10;

  private final SdkTracerProvider provider;
  private final InMemorySpanExporter exporter;
  private final int blocks;
  private long clock = 1_700_000_000_000_000_000L;
  private int toolCallIds;

  private AgentTraceFixture(int requestedSpans) {
    this.exporter = InMemorySpanExporter.create();
    this.provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    this.blocks = Math.max(1, requestedSpans / BLOCK);
  }

  /**
   * Makes the trace.
   *
   * @param requestedSpans about how many spans (rounded down to whole blocks, plus the root)
   * @return the fixture, whose exporter holds the ended spans
   */
  public static AgentTraceFixture create(int requestedSpans) {
    AgentTraceFixture fixture = new AgentTraceFixture(requestedSpans);
    fixture.record();
    return fixture;
  }

  /** The exporter holding the spans (what the OpenTelemetry sdk-testing way keeps). */
  public InMemorySpanExporter exporter() {
    return exporter;
  }

  /** A snapshot of the ended spans, in the order they ended. */
  public List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  /** How many blocks of {@link #BLOCK} spans follow the root. */
  public int blocks() {
    return blocks;
  }

  /** How many spans the trace has. */
  public int spanCount() {
    return 1 + BLOCK * blocks;
  }

  /** Calls of {@code calculate} in the trace. */
  public long calculateCalls() {
    return 3L * blocks;
  }

  /** Calls of {@code lookup} in the trace. */
  public long lookupCalls() {
    return blocks;
  }

  /** Input tokens over the trace. */
  public long inputTokens() {
    return blocks * (3L * 10 + 2L * 7);
  }

  /** Output tokens over the trace. */
  public long outputTokens() {
    return blocks * (3L * 5 + 2L * 3);
  }

  private void record() {
    Tracer tracer = provider.get("dev.spanproof.benchmarks");
    Span root = start(tracer, "invoke_agent planner", Context.root());
    root.setAttribute(OPERATION, "invoke_agent");
    root.setAttribute(AGENT_NAME, "planner");
    Context rootContext = Context.root().with(root);
    for (int b = 0; b < blocks; b++) {
      chat(tracer, rootContext, "gpt-4", 10, 5);
      tool(tracer, rootContext, "calculate", "{\"i\":" + b + "}", Integer.toString(b));
      chat(tracer, rootContext, "gpt-4", 10, 5);
      tool(tracer, rootContext, "calculate", "{\"i\":" + (b + 1) + "}", Integer.toString(b + 1));
      Span analyst = start(tracer, "invoke_agent analyst", rootContext);
      analyst.setAttribute(OPERATION, "invoke_agent");
      analyst.setAttribute(AGENT_NAME, "analyst");
      Context analystContext = rootContext.with(analyst);
      chat(tracer, analystContext, "gpt-4o-mini", 7, 3);
      tool(tracer, analystContext, "lookup", "{\"q\":" + b + "}", "found");
      chat(tracer, analystContext, "gpt-4o-mini", 7, 3);
      end(analyst);
      chat(tracer, rootContext, "gpt-4", 10, 5);
      tool(tracer, rootContext, "calculate", "{\"i\":" + (b + 2) + "}", Integer.toString(b + 2));
    }
    end(root);
  }

  private void chat(Tracer tracer, Context parent, String model, long in, long out) {
    Span chat = tracer.spanBuilder("chat " + model).setParent(parent).setSpanKind(SpanKind.CLIENT)
        .setStartTimestamp(++clock, TimeUnit.NANOSECONDS).startSpan();
    chat.setAttribute(OPERATION, "chat");
    chat.setAttribute(PROVIDER, "openai");
    chat.setAttribute(REQUEST_MODEL, model);
    chat.setAttribute(RESPONSE_MODEL, model);
    chat.setAttribute(INPUT_TOKENS, in);
    chat.setAttribute(OUTPUT_TOKENS, out);
    end(chat);
  }

  private void tool(Tracer tracer, Context parent, String name, String arguments, String result) {
    Span tool = start(tracer, "execute_tool " + name, parent);
    tool.setAttribute(OPERATION, "execute_tool");
    tool.setAttribute(TOOL_NAME, name);
    tool.setAttribute(TOOL_CALL_ID, "call_" + (++toolCallIds));
    tool.setAttribute(TOOL_ARGUMENTS, arguments);
    tool.setAttribute(TOOL_RESULT, result);
    end(tool);
  }

  private Span start(Tracer tracer, String name, Context parent) {
    return tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.INTERNAL)
        .setStartTimestamp(++clock, TimeUnit.NANOSECONDS).startSpan();
  }

  private void end(Span span) {
    span.end(++clock, TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    provider.close();
  }
}
