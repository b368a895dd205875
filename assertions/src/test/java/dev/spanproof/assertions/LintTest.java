package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LintTest {

  @Test
  void a_well_instrumented_trace_is_clean() {
    org.assertj.core.api.Assertions.assertThat(TraceFixture.calculator().lint().isClean()).isTrue();
    assertThat(TraceFixture.calculator()).isWellInstrumented();
    org.assertj.core.api.Assertions.assertThat(TraceFixture.calculator().lint()).hasToString("no findings");
  }

  @Test
  void should_fail_for_llm_spans_without_agent_spans_and_without_usage() {
    TraceFixture f = new TraceFixture();
    Span root = f.span(null, "POST /ask");
    f.chat(root, "gpt-4", 10, 15);
    f.span(root, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4");
    AgentTrace trace = f.trace().withLabel("answers");
    assertThatThrownBy(() -> assertThat(trace).isWellInstrumented())
        .hasMessage("""
            Expecting the trace of "answers" to be well instrumented but lint found 2 problems:
              1. [no-agent-spans] 2 LLM spans but no agent span: "chat gpt-4"
                  fix: give the agent runtime the test's OpenTelemetry (its tracer provider), or wrap each run in an \
            invoke_agent span, so LLM and tool calls hang under the agent that made them
              2. [llm-without-usage] 1 LLM span without token usage: "chat gpt-4"
                  fix: record gen_ai.usage.input_tokens/output_tokens: for streamed OpenAI calls ask for usage \
            (stream_options.include_usage), and use an instrumentation version that records it
            in the trace:
              POST /ask
              ├── chat gpt-4  tokens 10→15
              └── chat gpt-4""");
  }

  @Test
  void finds_agent_spans_without_llm_spans() {
    TraceFixture f = new TraceFixture();
    f.agent(null, "assistant");
    LintReport report = f.trace().lint();
    org.assertj.core.api.Assertions.assertThat(report.findings()).extracting(LintFinding::rule)
        .containsExactly(LintRule.NO_LLM_SPANS);
    org.assertj.core.api.Assertions.assertThat(report.findings().get(0)).hasToString("""
        [no-llm-spans] 1 agent span but no LLM span: "invoke_agent assistant"
           fix: instrument the model client (for openai-java: OpenAITelemetry.create(openTelemetry).wrap(client)), \
        or enable the framework's model observations""");
  }

  @Test
  void spring_ai_chat_client_span_is_the_agent_that_made_its_calls() {
    AgentTrace trace = ConventionsTest.springAi11WeatherTrace();
    org.assertj.core.api.Assertions.assertThat(trace.lint()).hasToString("no findings");
    assertThat(trace).isWellInstrumented();
  }

  @Test
  void a_workflow_span_is_the_runtime_that_made_its_calls() {
    TraceFixture f = new TraceFixture();
    Span workflow = f.span(null, "joke_generator.workflow", "traceloop.span.kind", "workflow",
        "traceloop.entity.name", "joke_generator");
    f.span(workflow, "openai.chat", "llm.request.type", "chat", "gen_ai.system", "openai", "gen_ai.request.model",
        "gpt-4", "gen_ai.usage.prompt_tokens", 10, "gen_ai.usage.completion_tokens", 15);
    Span genAiWorkflow = f.span(workflow, "invoke_workflow triage", "gen_ai.operation.name", "invoke_workflow");
    f.chat(genAiWorkflow, "gpt-4", 3, 4);
    AgentTrace trace = f.trace();
    org.assertj.core.api.Assertions.assertThat(trace.spansOf(SpanRole.WORKFLOW)).hasSize(2);
    org.assertj.core.api.Assertions.assertThat(trace.lint().findings(LintRule.NO_AGENT_SPANS)).isEmpty();
  }

  @Test
  void finds_a_spring_ai_chat_client_without_llm_spans() {
    TraceFixture f = new TraceFixture("org.springframework.ai");
    Span client = f.span(null, "spring_ai chat_client", "gen_ai.operation.name", "framework",
        "spring.ai.kind", "chat_client", "gen_ai.system", "spring_ai");
    f.span(client, "call", "gen_ai.operation.name", "framework", "spring.ai.kind", "advisor",
        "gen_ai.system", "spring_ai");
    AgentTrace trace = f.trace().withLabel("weather");
    assertThatThrownBy(() -> assertThat(trace).isWellInstrumented())
        .hasMessage("""
            Expecting the trace of "weather" to be well instrumented but lint found 1 problem:
              1. [no-llm-spans] 1 agent span but no LLM span: "spring_ai chat_client"
                  fix: instrument the model client (for openai-java: OpenAITelemetry.create(openTelemetry).wrap(client)), \
            or enable the framework's model observations
            in the trace:
              spring_ai chat_client
              └── call""");
  }

  @Test
  void finds_duplicate_llm_spans() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.chatTracedTwice(agent, "gpt-4", 10, 15);
    f.span(agent, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.response.id", "r1",
        "gen_ai.usage.input_tokens", 1L, "gen_ai.usage.output_tokens", 1L);
    f.span(agent, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.response.id", "r1",
        "gen_ai.usage.input_tokens", 1L, "gen_ai.usage.output_tokens", 1L);
    LintReport report = f.trace().lint();
    org.assertj.core.api.Assertions.assertThat(report.findings(LintRule.DUPLICATE_LLM_SPANS)).singleElement()
        .satisfies(finding -> org.assertj.core.api.Assertions.assertThat(finding.spans()).hasSize(2));
  }

  @Test
  void finds_an_llm_span_nested_in_another_through_other_spans() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    Span outer = f.chat(agent, "gpt-4", 10, 15);
    Span http = f.span(outer, "POST");
    f.chat(http, "gpt-4", 10, 15);
    AgentTrace trace = f.trace();
    org.assertj.core.api.Assertions.assertThat(trace.lint().findings()).singleElement().hasToString("""
        [duplicate-llm-spans] 1 LLM span duplicates another LLM span of the same request (nested in it, or with the \
        same gen_ai.response.id): "chat gpt-4"
           fix: the model client is instrumented twice (a framework observation and an SDK wrapper, or a java agent \
        and a library instrumentation): keep one""");
    org.assertj.core.api.Assertions.assertThat(trace.lint().findings().get(0).spans())
        .containsExactly(trace.nodes().get(3));
  }

  @Test
  void finds_orphan_and_unended_spans() {
    SpanData root = TestSpans.span("invoke_agent a", "0000000000000001", null, 0, 100,
        "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "a");
    SpanData chat = TestSpans.span("chat gpt-4", "0000000000000002", "0000000000000001", 1, 5,
        "gen_ai.operation.name", "chat", "gen_ai.usage.input_tokens", 1L, "gen_ai.usage.output_tokens", 1L);
    SpanData orphan = TestSpans.span("execute_tool lost", "0000000000000003", "00000000000000aa", 6, 7,
        "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "lost");
    SpanData open = io.opentelemetry.sdk.testing.trace.TestSpanData.builder()
        .setName("execute_tool slow").setKind(io.opentelemetry.api.trace.SpanKind.INTERNAL)
        .setSpanContext(io.opentelemetry.api.trace.SpanContext.create(TestSpans.TRACE_ID, "0000000000000004",
            io.opentelemetry.api.trace.TraceFlags.getSampled(), io.opentelemetry.api.trace.TraceState.getDefault()))
        .setParentSpanContext(root.getSpanContext())
        .setStartEpochNanos(8).setEndEpochNanos(0).setHasEnded(false)
        .setStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
        .setAttributes(TraceFixture.attributes("gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "slow"))
        .setTotalRecordedEvents(0).setTotalRecordedLinks(0).setTotalAttributeCount(2).build();
    AgentTrace trace = AgentTrace.of(List.of(root, chat, orphan, open));
    org.assertj.core.api.Assertions.assertThat(trace.lint()).hasToString("""
        1. [orphan-spans] 1 span whose parent is not in the trace: "execute_tool lost"
            fix: end every span before the test reads them, and carry the OpenTelemetry Context across threads \
        (Context.current().wrap(task)) so children find their parent
        2. [unended-spans] 1 span never ended: "execute_tool slow"
            fix: end every span in a finally block (span.end()), and wait for asynchronous work before asserting""");
  }

  @Test
  void finds_mixed_conventions() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.chat(agent, "gpt-4", 1, 1);
    f.span(agent, "ChatCompletion", "openinference.span.kind", "LLM", "llm.model_name", "gpt-4",
        "llm.token_count.prompt", 1L, "llm.token_count.completion", 1L);
    org.assertj.core.api.Assertions.assertThat(f.trace().lint().findings(LintRule.MIXED_CONVENTIONS))
        .singleElement().extracting(LintFinding::problem).isEqualTo("spans of 2 conventions in one trace: "
            + "OpenTelemetry GenAI (\"invoke_agent assistant\", \"chat gpt-4\"), OpenInference (\"chat gpt-4\")");
  }

  @Test
  void a_users_convention_and_openllmetry_spans_beside_genai_ones_are_not_mixed_conventions() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.chat(agent, "gpt-4", 10, 15);
    f.span(agent, "acme.run", "acme.tool", "calculate", "acme.args", "{\"a\":2}");
    f.span(agent, "answer.task", "traceloop.span.kind", "task", "traceloop.entity.name", "answer");
    f.span(agent, "openai.chat", "llm.request.type", "chat", "gen_ai.system", "openai", "gen_ai.request.model",
        "gpt-4", "gen_ai.usage.prompt_tokens", 12, "gen_ai.usage.completion_tokens", 8);
    List<dev.spanproof.assertions.conventions.TraceConvention> conventions =
        new java.util.ArrayList<>(List.of(new ReadmeExamplesTest.AcmeConvention()));
    conventions.addAll(dev.spanproof.assertions.conventions.Conventions.builtIn());
    AgentTrace trace = AgentTrace.of(f.spans(), List.of(), conventions);
    org.assertj.core.api.Assertions.assertThat(trace.nodes()).extracting(s -> s.facts().convention())
        .containsExactly("genai", "genai", "acme", "openllmetry", "openllmetry");
    org.assertj.core.api.Assertions.assertThat(trace.lint()).hasToString("no findings");
  }

  @Test
  void lint_leaves_no_attribute_index_behind() {
    for (AgentTrace trace : List.of(TraceFixture.calculator(), ConventionsTest.springAi11WeatherTrace())) {
      trace.lint();
      org.assertj.core.api.Assertions.assertThat(trace.nodes()).filteredOn(AgentSpan::attributesIndexed)
          .extracting(AgentSpan::displayName)
          .isSubsetOf("spring_ai chat_client", "call"); // Spring AI's own spans, whose kind lint reads
    }
  }

  @Test
  void opt_in_rules_find_tools_without_arguments_and_unexecuted_requests() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.span(agent, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.usage.input_tokens", 1L,
        "gen_ai.usage.output_tokens", 1L, "gen_ai.output.messages",
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"c9\",\"name\":\"search\",\"arguments\":{}}]}]");
    f.tool(agent, "lookup", null, "x");
    AgentTrace trace = f.trace();
    assertThat(trace).isWellInstrumented();
    assertThatThrownBy(() -> assertThat(trace).isWellInstrumented(
            EnumSet.of(LintRule.TOOL_WITHOUT_ARGUMENTS, LintRule.REQUESTED_TOOL_NOT_EXECUTED)))
        .hasMessageContaining("""
              1. [tool-without-arguments] 1 tool span without arguments: "execute_tool lookup"
            """)
        .hasMessageContaining("""
              2. [requested-tool-not-executed] the model asked for tool calls the agent never executed: \
            search {} (asked for in "chat gpt-4", call id c9)
            """);
  }
}
