package dev.spanproof.assertions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.assertions.conventions.AdkConvention;
import dev.spanproof.assertions.conventions.Conventions;
import dev.spanproof.assertions.conventions.GenAiConvention;
import dev.spanproof.assertions.conventions.OpenInferenceConvention;
import dev.spanproof.assertions.conventions.OpenLlmetryConvention;
import dev.spanproof.assertions.conventions.SpanFacts;
import dev.spanproof.assertions.conventions.SpringAiConvention;
import dev.spanproof.assertions.conventions.TraceConvention;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With exactly the built-in conventions, plain GenAI spans are read in one pass without the
 * conventions ({@code Conventions.read}); every span here must read the same both ways.
 */
class ConventionsFastPathTest {

  /** The built-in conventions as subclasses: the same reading, but never the one-pass path. */
  private static final List<TraceConvention> ASKED_IN_TURN = List.of(
      new OpenInferenceConvention() { }, new AdkConvention() { }, new SpringAiConvention() { },
      new OpenLlmetryConvention() { }, new GenAiConvention() { });

  @Test
  void every_kind_of_span_reads_the_same_with_and_without_the_one_pass_path() {
    for (SpanData span : everyKindOfSpan()) {
      SpanFacts onePass = Conventions.read(span, List.of(), Conventions.builtIn());
      SpanFacts inTurn = Conventions.read(span, List.of(), ASKED_IN_TURN);
      assertThat(onePass).as("%s %s", span.getName(), span.getAttributes()).isEqualTo(inTurn);
    }
  }

  @Test
  void a_trace_read_while_it_is_built_has_the_facts_the_conventions_read_on_access() {
    List<SpanData> spans = everyKindOfSpan();
    // exactly the built-in conventions (this module's tests also register one through ServiceLoader,
    // which AgentTrace.of(spans) would add, and then every span is read on access)
    List<AgentTrace> whileBuilt = AgentTrace.groupByTrace(spans, List.of(), Conventions.builtIn());
    List<AgentTrace> onAccess = AgentTrace.groupByTrace(spans, List.of(), ASKED_IN_TURN);
    assertThat(whileBuilt).hasSameSizeAs(onAccess);
    int compared = 0;
    for (int t = 0; t < whileBuilt.size(); t++) {
      List<AgentSpan> built = whileBuilt.get(t).nodes();
      List<AgentSpan> read = onAccess.get(t).nodes();
      assertThat(built).hasSameSizeAs(read);
      for (int i = 0; i < built.size(); i++) {
        AgentSpan a = built.get(i);
        AgentSpan b = read.get(i);
        assertThat(a.span()).isSameAs(b.span());
        assertThat(a.facts()).as(a.name()).isEqualTo(b.facts());
        assertThat(a.isNamed(b.displayName())).isTrue();
        assertThat(a.isNamed(b.name())).isTrue();
        assertThat(a.isNamed(b.displayName() + "x")).isEqualTo(b.isNamed(b.displayName() + "x"));
        compared++;
      }
      assertThat(whileBuilt.get(t).render()).isEqualTo(onAccess.get(t).render());
    }
    // a few of the hand-numbered spans reuse a counted id: a trace keeps the first span of an id
    assertThat(compared).isEqualTo(spans.stream().map(s -> s.getTraceId() + s.getSpanId()).distinct().count());
  }

  private static List<SpanData> everyKindOfSpan() {
    List<SpanData> spans = new ArrayList<>();
    int id = 1;
    for (Object[] attributes : attributeSets()) {
      for (String name : List.of("chat gpt-4", "invoke_agent planner", "execute_tool calculate",
          "invoke_workflow w", "text_completion", "spring_ai chat_client", "some span", "call_llm")) {
        spans.add(TestSpans.span(name, String.format("%016x", id++), null, 1, 2, attributes));
      }
    }
    spans.addAll(TraceFixture.calculator().spans());
    spans.add(withScope(TestSpans.span("execute_tool x", "00000000000000aa", null, 1, 2,
        "gen_ai.operation.name", "execute_tool"), "gcp.vertex.agent"));
    spans.add(failed(TestSpans.span("chat gpt-4", "00000000000000ab", null, 1, 2,
        "gen_ai.operation.name", "chat"), "java.io.IOException"));
    spans.add(failed(TestSpans.span("other", "00000000000000ac", null, 1, 2), null));
    spans.add(TestSpans.span("chat many", "00000000000000ad", null, 1, 2, many()));
    return spans;
  }

  @Test
  void a_key_of_two_types_reads_as_the_conventions_read_it() {
    Attributes both = Attributes.builder()
        .put(AttributeKey.longKey("gen_ai.usage.input_tokens"), 7L)
        .put(AttributeKey.stringKey("gen_ai.usage.input_tokens"), "9")
        .put("gen_ai.operation.name", "chat")
        .put("gen_ai.provider.name", "openai")
        .build();
    SpanData span = TestSpanData.builder()
        .setName("chat gpt-4").setKind(io.opentelemetry.api.trace.SpanKind.CLIENT)
        .setStartEpochNanos(1).setEndEpochNanos(2).setHasEnded(true).setStatus(StatusData.unset())
        .setAttributes(both).setTotalAttributeCount(both.size()).build();
    assertThat(Conventions.read(span, List.of(), Conventions.builtIn()))
        .isEqualTo(Conventions.read(span, List.of(), ASKED_IN_TURN));
  }

  private static List<Object[]> attributeSets() {
    String out = "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"c1\",\"name\":\"calc\","
        + "\"arguments\":{\"a\":1}}]}]";
    return List.of(
        new Object[0],
        new Object[] {"gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
            "gen_ai.request.model", "gpt-4", "gen_ai.response.model", "gpt-4-0613",
            "gen_ai.usage.input_tokens", 10, "gen_ai.usage.output_tokens", 5,
            "gen_ai.usage.cache_read.input_tokens", 3, "gen_ai.usage.reasoning.output_tokens", 2,
            "gen_ai.response.finish_reasons", List.of("stop"), "gen_ai.tool.definitions", "[{\"name\":\"calc\"}]",
            "gen_ai.output.messages", out},
        new Object[] {"gen_ai.operation.name", "chat", "gen_ai.system", "openai",
            "gen_ai.usage.prompt_tokens", 10, "gen_ai.usage.completion_tokens", 15,
            "anthropic.message.stop_reason", "end_turn"},
        new Object[] {"gen_ai.operation.name", "chat", "gen_ai.usage.input_tokens", "82",
            "gen_ai.usage.output_tokens", "x", "gen_ai.response.finish_reasons", "[\"STOP\"]"},
        new Object[] {"gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
            "gen_ai.usage.input_tokens", "82", "gen_ai.usage.output_tokens", 1.5,
            "gen_ai.response.finish_reasons", "stop, length"},
        new Object[] {"gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "planner",
            "gen_ai.agent.id", "a1", "error.type", "timeout"},
        new Object[] {"gen_ai.operation.name", "agent"},
        new Object[] {"gen_ai.operation.name", "workflow", "gen_ai.workflow.name", "w"},
        new Object[] {"gen_ai.operation.name", "completion", "gen_ai.request.model", "m"},
        new Object[] {"gen_ai.operation.name", "embeddings"},
        new Object[] {"gen_ai.operation.name", "call_llm", "gen_ai.system", "gcp.vertex.agent"},
        new Object[] {"gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "calculate",
            "gen_ai.tool.call.id", "call_1", "gen_ai.tool.call.arguments", "{\"a\":1}",
            "gen_ai.tool.call.result", "2"},
        new Object[] {"gen_ai.operation.name", "tool", "gen_ai.tool_call.id", "adk_1"},
        new Object[] {"gen_ai.operation.name", "execute_tool", "spring.ai.tool.call.arguments", "{}",
            "spring.ai.tool.call.id", "s1"},
        new Object[] {"gen_ai.operation.name", "execute_tool", "gcp.vertex.agent.tool_call_args", "{}"},
        new Object[] {"gen_ai.system", "gcp.vertex.agent"},
        new Object[] {"llm.request.type", "chat", "gen_ai.system", "openai"},
        new Object[] {"llm.request.type", "chat", "gen_ai.operation.name", "chat"},
        new Object[] {"traceloop.span.kind", "tool", "traceloop.entity.name", "calc"},
        new Object[] {"openinference.span.kind", "LLM", "llm.model_name", "gpt-4"},
        new Object[] {"openinference.span.kind", "AGENT"},
        new Object[] {"spring.ai.kind", "tool_call", "gen_ai.operation.name", "framework"},
        new Object[] {"gen_ai.operation.name", "framework"},
        new Object[] {"error.type", 500L});
  }

  private static Object[] many() {
    List<Object> keyValues = new ArrayList<>(List.of("gen_ai.operation.name", "chat"));
    for (int i = 0; i < 30; i++) {
      keyValues.add("x." + i);
      keyValues.add("v" + i);
    }
    return keyValues.toArray();
  }

  private static SpanData withScope(SpanData span, String scope) {
    return TestSpanData.builder()
        .setName(span.getName()).setKind(span.getKind()).setSpanContext(span.getSpanContext())
        .setParentSpanContext(span.getParentSpanContext())
        .setStartEpochNanos(span.getStartEpochNanos()).setEndEpochNanos(span.getEndEpochNanos())
        .setHasEnded(true).setStatus(span.getStatus()).setAttributes(span.getAttributes())
        .setTotalAttributeCount(span.getAttributes().size())
        .setInstrumentationScopeInfo(InstrumentationScopeInfo.create(scope))
        .build();
  }

  private static SpanData failed(SpanData span, String exceptionType) {
    AttributesBuilder exception = Attributes.builder();
    if (exceptionType != null) {
      exception.put("exception.type", exceptionType);
    }
    return TestSpanData.builder()
        .setName(span.getName()).setKind(span.getKind()).setSpanContext(span.getSpanContext())
        .setParentSpanContext(span.getParentSpanContext())
        .setStartEpochNanos(span.getStartEpochNanos()).setEndEpochNanos(span.getEndEpochNanos())
        .setHasEnded(true).setStatus(StatusData.create(StatusCode.ERROR, "failed"))
        .setAttributes(span.getAttributes()).setTotalAttributeCount(span.getAttributes().size())
        .setEvents(List.of(EventData.create(1, "exception", exception.build())))
        .setTotalRecordedEvents(1)
        .build();
  }
}
