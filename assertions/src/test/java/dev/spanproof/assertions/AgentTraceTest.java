package dev.spanproof.assertions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanproof.assertions.conventions.Conventions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AgentTraceTest {

  @Test
  void renders_the_canonical_tree_text() {
    assertThat(TraceFixture.calculator().render()).isEqualTo("""
        invoke_agent assistant
        ├── chat gpt-4              tokens 10→15
        ├── execute_tool calculate  {"a":2,"b":2} → 4
        └── chat gpt-4              tokens 12→8""");
  }

  @Test
  void reads_llm_calls_tool_calls_and_tokens() {
    AgentTrace trace = TraceFixture.calculator();
    assertThat(trace.llmCalls()).extracting(LlmCall::model, LlmCall::provider, LlmCall::usage)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("gpt-4", "openai", TokenUsage.of(10, 15)),
            org.assertj.core.groups.Tuple.tuple("gpt-4", "openai", TokenUsage.of(12, 8)));
    assertThat(trace.toolCalls()).singleElement().satisfies(call -> {
      assertThat(call.name()).isEqualTo("calculate");
      assertThat(call.arguments()).isEqualTo("{\"a\":2,\"b\":2}");
      assertThat(call.result()).isEqualTo("4");
      assertThat(call.isError()).isFalse();
    });
    assertThat(trace.tokens()).isEqualTo(TokenUsage.of(22, 23));
    assertThat(trace.agents()).extracting(AgentRun::name).containsExactly("assistant");
    assertThat(trace.label()).isEqualTo("addsWithTheCalculatorTool");
  }

  @Test
  void builds_the_tree_from_parent_ids_not_start_times() {
    TraceFixture f = new TraceFixture();
    Span root = f.agent(null, "planner");
    Span first = f.agent(root, "researcher");
    f.chat(root, "gpt-4", 1, 1); // starts after researcher, but is the planner's child
    f.chat(first, "gpt-4o", 2, 2);
    AgentTrace trace = f.trace();
    assertThat(trace.render()).isEqualTo("""
        invoke_agent planner
        ├── invoke_agent researcher
        │   └── chat gpt-4o  tokens 2→2
        └── chat gpt-4       tokens 1→1""");
    AgentSpan nested = trace.nodes().get(2);
    assertThat(nested.depth()).isEqualTo(2);
    assertThat(nested.ancestors()).extracting(AgentSpan::displayName)
        .containsExactly("invoke_agent researcher", "invoke_agent planner");
    assertThat(trace.roots().get(0).descendants()).hasSize(3);
    assertThat(trace.agent("researcher")).get().extracting(a -> a.tokens().total()).isEqualTo(4L);
  }

  @Test
  void orders_tied_siblings_by_end_time_then_name() {
    SpanData root = TestSpans.span("root", "0000000000000001", null, 0, 100);
    SpanData late = TestSpans.span("b-late", "0000000000000002", "0000000000000001", 10, 50);
    SpanData early = TestSpans.span("c-early", "0000000000000003", "0000000000000001", 10, 20);
    SpanData sameEnd = TestSpans.span("a-same", "0000000000000004", "0000000000000001", 10, 20);
    AgentTrace trace = AgentTrace.of(List.of(late, root, early, sameEnd));
    assertThat(trace.render()).isEqualTo("""
        root
        ├── a-same
        ├── c-early
        └── b-late""");
  }

  @Test
  void orders_siblings_by_start_whatever_order_they_were_given_in() {
    // children that ended in reverse order (parallel calls) come last-started first from the exporter;
    // the nested agent's children arrive in start order, the root's do not
    SpanData root = TestSpans.span("root", "0000000000000001", null, 0, 100);
    SpanData third = TestSpans.span("third", "0000000000000002", "0000000000000001", 30, 40);
    SpanData first = TestSpans.span("first", "0000000000000003", "0000000000000001", 10, 45);
    SpanData inner1 = TestSpans.span("inner-1", "0000000000000005", "0000000000000004", 21, 22);
    SpanData inner2 = TestSpans.span("inner-2", "0000000000000006", "0000000000000004", 23, 24);
    SpanData second = TestSpans.span("second", "0000000000000004", "0000000000000001", 20, 50);
    AgentTrace trace = AgentTrace.of(List.of(third, first, inner1, inner2, second, root));
    assertThat(trace.render()).isEqualTo("""
        root
        ├── first
        ├── second
        │   ├── inner-1
        │   └── inner-2
        └── third""");
    assertThat(trace.nodes()).extracting(AgentSpan::index).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void a_span_is_named_by_its_display_name_or_its_recorded_name() {
    TraceFixture f = new TraceFixture();
    Span root = f.agent(null, "planner");
    f.span(root, "ChatCompletion", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4");
    f.chat(root, "gpt-4o", 1, 1); // recorded as "chat gpt-4o", its display name too
    f.span(root, "GET /weather");
    // both ways of reading: while the tree is built (exactly the built-in conventions) and on access
    for (AgentTrace trace : List.of(AgentTrace.of(f.spans(), List.of(), Conventions.builtIn()), f.trace())) {
      assertNamesOf(trace);
    }
  }

  private static void assertNamesOf(AgentTrace trace) {
    AgentSpan renamed = trace.nodes().get(1);
    assertThat(renamed.isNamed("chat gpt-4")).isTrue();
    assertThat(renamed.isNamed("ChatCompletion")).isTrue();
    assertThat(renamed.isNamed("chat gpt-4o")).isFalse();
    assertThat(renamed.isNamed("chat")).isFalse();
    assertThat(renamed.isNamed("ChatCompletion")).as("once it is known the names differ").isTrue();
    AgentSpan plain = trace.nodes().get(2);
    assertThat(plain.isNamed("chat gpt-4o")).isTrue();
    assertThat(plain.isNamed("chat gpt-4")).isFalse();
    assertThat(plain.isNamed("chat gpt-4")).as("once it is known the names agree").isFalse();
    assertThat(plain.isNamed("chat gpt-4o")).isTrue();
    AgentSpan other = trace.nodes().get(3);
    assertThat(other.isNamed("GET /weather")).isTrue();
    assertThat(other.isNamed("GET")).isFalse();
  }

  @Test
  void treats_spans_with_a_missing_parent_as_orphan_roots() {
    SpanData root = TestSpans.span("root", "0000000000000001", null, 0, 100);
    SpanData orphan = TestSpans.span("lost", "0000000000000002", "00000000000000ff", 10, 50);
    AgentTrace trace = AgentTrace.of(List.of(root, orphan));
    assertThat(trace.roots()).extracting(AgentSpan::name, AgentSpan::isOrphan)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("root", false),
            org.assertj.core.groups.Tuple.tuple("lost", true));
  }

  @Test
  void keeps_the_first_span_of_each_id_and_reads_every_kept_span_on_a_long_trace() {
    // longer than the build reads ids ahead (16 spans), with repeats near and far from the first
    List<SpanData> spans = new ArrayList<>();
    spans.add(TestSpans.span("invoke_agent planner", "0000000000000001", null, 0, 1_000,
        "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "planner"));
    for (int i = 1; i <= 40; i++) {
      spans.add(TestSpans.span("execute_tool t" + i, String.format("%016x", i + 1), "0000000000000001",
          i * 10, i * 10 + 5, "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "t" + i));
    }
    spans.add(3, TestSpans.span("execute_tool again", String.format("%016x", 3), "0000000000000001", 1, 2));
    spans.add(TestSpans.span("execute_tool late", String.format("%016x", 5), "0000000000000001", 3, 4));
    spans.add(TestSpans.span("execute_tool root copy", "0000000000000001", null, 5, 6));

    AgentTrace trace = AgentTrace.of(spans);

    assertThat(trace.nodes()).hasSize(41);
    assertThat(trace.roots()).extracting(AgentSpan::name).containsExactly("invoke_agent planner");
    assertThat(trace.toolCalls()).extracting(ToolCall::name)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 40).mapToObj(i -> "t" + i).toList());
    assertThat(trace.agents()).extracting(AgentRun::name).containsExactly("planner");
  }

  @Test
  void classifies_spans_by_operation_and_by_span_name() {
    TraceFixture f = new TraceFixture();
    Span workflow = f.span(null, "invoke_workflow onboarding", "gen_ai.operation.name", "invoke_workflow",
        "gen_ai.workflow.name", "onboarding");
    f.span(workflow, "create_agent helper", "gen_ai.operation.name", "create_agent", "gen_ai.agent.name", "helper");
    f.span(workflow, "text_completion davinci");
    f.span(workflow, "generate_content gemini-2.0-flash", "gen_ai.operation.name", "generate_content",
        "gen_ai.request.model", "gemini-2.0-flash");
    f.span(workflow, "GET /weather");
    AgentTrace trace = f.trace();
    assertThat(trace.nodes()).extracting(AgentSpan::role).containsExactly(
        SpanRole.WORKFLOW, SpanRole.AGENT, SpanRole.LLM, SpanRole.LLM, SpanRole.OTHER);
    assertThat(trace.render()).isEqualTo("""
        invoke_workflow onboarding
        ├── create_agent helper
        ├── text_completion davinci
        ├── generate_content gemini-2.0-flash
        └── GET /weather""");
  }

  @Test
  void reads_old_genai_names_and_string_typed_values() {
    TraceFixture f = new TraceFixture();
    f.span(null, "chat gpt-4o", "gen_ai.operation.name", "chat", "gen_ai.system", "openai",
        "gen_ai.request.model", "gpt-4o", "gen_ai.usage.prompt_tokens", 7L,
        "gen_ai.usage.completion_tokens", "9", "gen_ai.response.finish_reasons", "[\"stop\"]");
    LlmCall call = f.trace().llmCalls().get(0);
    assertThat(call.provider()).isEqualTo("openai");
    assertThat(call.usage()).isEqualTo(TokenUsage.of(7, 9));
    assertThat(call.finishReasons()).containsExactly("stop");
  }

  @Test
  void renders_errors() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    Span tool = f.tool(agent, "divide", "{\"a\":1,\"b\":0}", null);
    f.fail(tool, "java.lang.ArithmeticException");
    assertThat(f.trace().render()).isEqualTo("""
        invoke_agent a
        └── execute_tool divide  {"a":1,"b":0}  error: java.lang.ArithmeticException""");
  }

  @Test
  void cuts_a_long_result_on_a_code_point_boundary() {
    // 78 letters, then emoji (two chars each): the cut after 79 chars would fall inside the first
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    f.tool(agent, "emoji", "{\"q\":1}", "x".repeat(78) + "🔧🔧🔧");
    AgentTrace trace = f.trace();
    assertThat(trace.render()).isEqualTo("invoke_agent a\n"
        + "└── execute_tool emoji  {\"q\":1} → " + "x".repeat(78) + "…");
    assertThat(trace.render().codePoints()).noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    AgentAssertions.assertThat(trace).hasShape(trace.render());
    // a cut that does not split a pair keeps the emoji whole
    TraceFixture g = new TraceFixture();
    g.tool(g.agent(null, "a"), "emoji", "{\"q\":1}", "x".repeat(77) + "🔧🔧🔧");
    assertThat(g.trace().render()).endsWith("→ " + "x".repeat(77) + "🔧…");
  }

  @Test
  void groups_spans_by_trace_in_start_order() {
    TraceFixture f = new TraceFixture();
    f.agent(null, "first");
    f.agent(null, "second");
    List<AgentTrace> traces = AgentTrace.groupByTrace(f.spans(), List.of());
    assertThat(traces).extracting(AgentTrace::render).containsExactly("invoke_agent first", "invoke_agent second");
  }

  @Test
  void refuses_spans_of_several_traces() {
    TraceFixture f = new TraceFixture();
    f.agent(null, "first");
    f.agent(null, "second");
    List<SpanData> spans = f.spans();
    assertThatThrownBy(() -> AgentTrace.of(spans))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The spans belong to 2 traces " + new java.util.TreeSet<>(
            spans.stream().map(SpanData::getTraceId).toList())
            + "; use AgentTrace.groupByTrace(spans, logs) to get one AgentTrace per trace.");
  }

  @Test
  void spans_whose_parents_loop_are_cut_into_an_orphan_root_not_dropped() {
    SpanData agent = TestSpans.span("invoke_agent a", "0000000000000001", null, 1, 10,
        "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "a");
    SpanData tool = TestSpans.span("execute_tool rm", "0000000000000002", "0000000000000003", 2, 3,
        "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "rm");
    SpanData other = TestSpans.span("x", "0000000000000003", "0000000000000002", 2, 3);
    SpanData child = TestSpans.span("y", "0000000000000004", "0000000000000003", 2, 3);
    AgentTrace trace = AgentTrace.of(List.of(agent, tool, other, child));
    assertThat(trace.nodes()).hasSize(4);
    assertThat(trace.render()).isEqualTo("""
        invoke_agent a
        execute_tool rm
        └── x
            └── y""");
    assertThat(trace.roots()).extracting(AgentSpan::isOrphan).containsExactly(false, true);
    assertThatThrownBy(() -> dev.spanproof.assertions.AgentAssertions.assertThat(trace).toolCalls().neverCalled("rm"))
        .hasMessage("""
            Expecting the trace never to call rm but it was called once
            in the trace:
              invoke_agent a
              execute_tool rm
              ▲ call #1 of rm
              └── x
                  └── y""");
    // the loop alone: no span is reached from a root
    AgentTrace loop = AgentTrace.of(List.of(tool, other));
    assertThat(loop.render()).isEqualTo("execute_tool rm\n└── x");
  }

  @Test
  void refuses_no_spans() {
    assertThatThrownBy(() -> AgentTrace.of(List.of()))
        .hasMessage("Cannot build an AgentTrace from no spans: no span was exported. Check that the agent "
            + "uses the OpenTelemetry instance of the test and that its spans ended.");
  }

  @Test
  void counts_one_llm_call_for_a_request_traced_twice() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    f.chatTracedTwice(agent, "gpt-4", 10, 5);
    // the outer span without usage: the inner one is still the same request
    Span bare = f.span(agent, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4");
    f.chat(bare, "gpt-4-0613", 3, 2);
    AgentTrace trace = f.trace().withLabel("twice");
    // llmCalls() lists every LLM span; the count, like the tokens, counts requests: 10→5 once
    assertThat(trace.llmCalls()).hasSize(4);
    assertThat(trace.tokens()).isEqualTo(TokenUsage.of(13, 7));
    dev.spanproof.assertions.AgentAssertions.assertThat(trace).llmCallCount().isEqualTo(2);
    dev.spanproof.assertions.AgentAssertions.assertThat(trace).llmCalls().count().isEqualTo(2);
    dev.spanproof.assertions.AgentAssertions.assertThat(trace).llmCalls().hasSize(4);
    // without the span it is nested in, the inner span is a request of its own
    dev.spanproof.assertions.AgentAssertions.assertThat(trace).llmCalls().model("gpt-4-0613").count().isEqualTo(1);
    dev.spanproof.assertions.AgentAssertions.assertThat(trace).llmCalls().model("gpt-4*").count().isEqualTo(2);
    assertThatThrownBy(() -> dev.spanproof.assertions.AgentAssertions.assertThat(trace).llmCallCount().isAtMost(1))
        .hasMessage("""
            Expecting the number of LLM calls of the trace of "twice" to be at most 1 but it was 2 (1 over)
            in the trace:
              invoke_agent a
              ├── chat gpt-4           tokens 10→5
              │   └── chat gpt-4       tokens 10→5
              └── chat gpt-4
                  └── chat gpt-4-0613  tokens 3→2""");
  }
}
