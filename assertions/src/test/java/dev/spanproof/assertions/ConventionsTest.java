package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.call;

import dev.spanproof.assertions.conventions.Attrs;
import dev.spanproof.assertions.conventions.Conventions;
import dev.spanproof.assertions.conventions.SpanFacts;
import dev.spanproof.assertions.conventions.TraceConvention;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The same calculator agent as each instrumentation traces it: the same assertions pass on each. */
class ConventionsTest {

  private static final String SHAPE = """
      invoke_agent assistant
        chat gpt-4                  tokens 10→15
        execute_tool calculate      {"a":2,"b":2} → 4
        chat gpt-4                  tokens 12→8
      """;

  private static void assertCalculator(AgentTrace trace) {
    assertThat(trace)
        .toolCalls().containsExactly(call("calculate").withArguments("{\"a\":2,\"b\":2}").withResult("4"));
    assertThat(trace).tokens().hasInput(22).hasOutput(23).hasTotal(45);
    assertThat(trace).llmCalls().hasSize(2).allHaveUsage();
    assertThat(trace).agent("assistant").toolCalls().calledOnce("calculate");
  }

  @Test
  void current_genai_conventions() {
    AgentTrace trace = TraceFixture.calculator();
    assertCalculator(trace);
    assertThat(trace).hasShape(SHAPE).isWellInstrumented();
    assertThat(trace.nodes()).extracting(s -> s.facts().convention()).containsOnly("genai");
  }

  @Test
  void old_genai_names_as_openllmetry_writes_them() {
    TraceFixture f = new TraceFixture();
    Span agent = f.span(null, "assistant.agent", "traceloop.span.kind", "agent", "traceloop.entity.name", "assistant");
    f.span(agent, "openai.chat", "llm.request.type", "chat", "gen_ai.system", "openai", "gen_ai.request.model", "gpt-4",
        "gen_ai.usage.prompt_tokens", 10, "gen_ai.usage.completion_tokens", 15, "llm.usage.total_tokens", 25);
    f.span(agent, "calculate.tool", "traceloop.span.kind", "tool", "traceloop.entity.name", "calculate",
        "traceloop.entity.input", "{\"args\":[],\"kwargs\":{\"a\":2,\"b\":2}}", "traceloop.entity.output", "4");
    f.span(agent, "openai.chat", "llm.request.type", "chat", "gen_ai.system", "openai", "gen_ai.request.model", "gpt-4",
        "gen_ai.usage.prompt_tokens", 12, "gen_ai.usage.completion_tokens", 8);
    AgentTrace trace = f.trace();
    assertCalculator(trace);
    assertThat(trace).hasShape(SHAPE).isWellInstrumented();
    assertThat(trace.llmCalls().get(0).provider()).isEqualTo("openai");
  }

  @Test
  void spring_ai_with_string_values_and_its_own_tool_keys() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant"); // the application's own agent span
    Span client = f.span(agent, "spring_ai chat_client", "spring.ai.kind", "chat_client");
    f.span(client, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.system", "openai",
        "gen_ai.request.model", "gpt-4", "gen_ai.usage.input_tokens", "10", "gen_ai.usage.output_tokens", "15",
        "gen_ai.usage.total_tokens", "25", "gen_ai.response.finish_reasons", "[\"tool_calls\"]");
    f.span(client, "execute_tool calculate", "spring.ai.tool.definition.name", "calculate",
        "spring.ai.tool.call.id", "call_1", "spring.ai.tool.call.arguments", "{\"a\": 2, \"b\": 2}",
        "spring.ai.tool.call.result", "4");
    f.span(client, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.system", "openai",
        "gen_ai.request.model", "gpt-4", "gen_ai.usage.input_tokens", "12", "gen_ai.usage.output_tokens", "8");
    AgentTrace trace = f.trace();
    assertCalculator(trace);
    assertThat(trace).hasShape("""
        invoke_agent assistant
          spring_ai chat_client
            chat gpt-4                  tokens 10→15
            execute_tool calculate      {"a":2,"b":2} → 4
            chat gpt-4                  tokens 12→8
        """);
    assertThat(trace.toolCalls().get(0).callId()).isEqualTo("call_1");
    assertThat(trace.llmCalls().get(0).finishReasons()).containsExactly("tool_calls");
    assertThat(trace.nodes()).extracting(s -> s.facts().convention())
        .containsExactly("genai", "spring-ai", "spring-ai", "spring-ai", "spring-ai");
  }

  @Test
  void google_adk_with_tools_under_call_llm() {
    TraceFixture f = new TraceFixture("gcp.vertex.agent");
    Span invocation = f.span(null, "invocation");
    Span agent = f.span(invocation, "invoke_agent assistant", "gen_ai.operation.name", "invoke_agent",
        "gen_ai.agent.name", "assistant");
    Span first = f.span(agent, "call_llm", "gen_ai.system", "gcp.vertex.agent", "gen_ai.operation.name", "call_llm",
        "gen_ai.request.model", "gpt-4", "gen_ai.usage.input_tokens", 10, "gen_ai.usage.output_tokens", 15,
        "gen_ai.response.finish_reasons", List.of("STOP"),
        "gcp.vertex.agent.llm_request", """
            {"model":"gpt-4","config":{"tools":[{"functionDeclarations":[{"name":"calculate",
             "parameters":{"type":"OBJECT","properties":{"a":{"type":"INTEGER"},"b":{"type":"INTEGER"}},"required":["a","b"]}}]}]}}""",
        "gcp.vertex.agent.llm_response", """
            {"content":{"role":"model","parts":[{"functionCall":{"id":"adk-1","name":"calculate","args":{"a":2,"b":2}}}]}}""");
    f.span(first, "execute_tool calculate", "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "calculate",
        "gen_ai.tool.type", "com.google.adk.tools.FunctionTool", "gen_ai.tool_call.id", "adk-1",
        "gcp.vertex.agent.tool_call_args", "{\"a\":2,\"b\":2}", "gcp.vertex.agent.tool_response", "4");
    f.span(agent, "call_llm", "gen_ai.system", "gcp.vertex.agent", "gen_ai.operation.name", "call_llm",
        "gen_ai.request.model", "gpt-4", "gen_ai.usage.input_tokens", 12, "gen_ai.usage.output_tokens", 8);
    AgentTrace trace = f.trace();
    assertCalculator(trace);
    assertThat(trace).hasShape("""
        invocation
        └── invoke_agent assistant
            ├── call_llm                    tokens 10→15
            │   └── execute_tool calculate  {"a":2,"b":2} → 4
            └── chat gpt-4                  tokens 12→8
        """);
    assertThat(trace).executedEveryRequestedToolCall().isWellInstrumented();
    assertThat(trace).toolCalls().first().hasArgumentsValidAgainstSchema();
    assertThat(trace).llmCalls().first().hasFinishReason("stop")
        .requestedToolCalls().containsExactly(call("calculate").withArguments("{\"a\":2,\"b\":2}"));
    assertThat(trace.toolCalls().get(0).callId()).isEqualTo("adk-1");
  }

  @Test
  void openinference_span_kinds_and_token_counts() {
    TraceFixture f = new TraceFixture();
    Span agent = f.span(null, "assistant", "openinference.span.kind", "AGENT", "agent.name", "assistant");
    f.span(agent, "ChatCompletion", "openinference.span.kind", "LLM", "llm.model_name", "gpt-4", "llm.provider", "openai",
        "llm.token_count.prompt", 10, "llm.token_count.completion", 15, "llm.token_count.total", 25,
        "llm.output_messages.0.message.tool_calls.0.tool_call.function.name", "calculate",
        "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments", "{\"a\":2,\"b\":2}",
        "llm.output_messages.0.message.tool_calls.0.tool_call.id", "call_1");
    f.span(agent, "calculate", "openinference.span.kind", "TOOL", "tool.name", "calculate",
        "input.value", "{\"a\":2,\"b\":2}", "output.value", "4", "tool_call.id", "call_1");
    f.span(agent, "ChatCompletion", "openinference.span.kind", "LLM", "llm.model_name", "gpt-4",
        "llm.token_count.prompt", 12, "llm.token_count.completion", 8,
        "llm.token_count.prompt_details.cache_read", 4, "llm.token_count.completion_details.reasoning", 3);
    AgentTrace trace = f.trace();
    assertCalculator(trace);
    assertThat(trace).hasShape(SHAPE).executedEveryRequestedToolCall().isWellInstrumented();
    assertThat(trace).tokens().hasCachedInput(4).hasReasoningOutput(3);
  }

  @Test
  void autogen_agents_and_tools_with_an_instrumented_client() {
    TraceFixture f = new TraceFixture();
    f.span(null, "create_agent assistant", "gen_ai.operation.name", "create_agent", "gen_ai.system", "autogen",
        "gen_ai.agent.name", "assistant");
    TraceFixture.class.getName();
    AgentTrace created = f.trace();
    assertThat(created.nodes()).extracting(AgentSpan::role).containsExactly(SpanRole.AGENT);

    TraceFixture g = new TraceFixture();
    Span agent = g.span(null, "invoke_agent assistant", "gen_ai.operation.name", "invoke_agent",
        "gen_ai.system", "autogen", "gen_ai.agent.name", "assistant");
    g.chat(agent, "gpt-4", 10, 15);
    g.span(agent, "execute_tool calculate", "gen_ai.operation.name", "execute_tool", "gen_ai.system", "autogen",
        "gen_ai.tool.name", "calculate", "gen_ai.tool.call.id", "call_1", "gen_ai.tool.call.arguments",
        "{\"a\":2,\"b\":2}", "gen_ai.tool.call.result", "4");
    g.chat(agent, "gpt-4", 12, 8);
    AgentTrace trace = g.trace();
    assertCalculator(trace);
    assertThat(trace).hasShape(SHAPE).isWellInstrumented();
  }

  @Test
  void requested_tool_calls_from_openai_java_choice_log_records() {
    TraceFixture f = new TraceFixture();
    InMemoryLogRecordExporter logExporter = InMemoryLogRecordExporter.create();
    SdkLoggerProvider loggers = SdkLoggerProvider.builder()
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(logExporter)).build();
    Span agent = f.agent(null, "assistant");
    Span chat = f.chat(agent, "gpt-4", 10, 15);
    loggers.get("openai-java").logRecordBuilder()
        .setContext(Context.root().with(chat))
        .setEventName("gen_ai.choice")
        .setBody(Value.of(
            KeyValue.of("index", Value.of(0L)),
            KeyValue.of("finish_reason", Value.of("tool_calls")),
            KeyValue.of("message", Value.of(KeyValue.of("tool_calls", Value.of(Value.of(
                KeyValue.of("id", Value.of("call_1")),
                KeyValue.of("type", Value.of("function")),
                KeyValue.of("function", Value.of(
                    KeyValue.of("name", Value.of("calculate")),
                    KeyValue.of("arguments", Value.of("{\"a\":2,\"b\":2}")))))))))))
        .emit();
    List<SpanData> spans = f.spans();
    List<LogRecordData> logs = logExporter.getFinishedLogRecordItems();
    AgentTrace trace = AgentTrace.groupByTrace(spans, logs).get(0);
    assertThat(trace.requestedToolCalls()).containsExactly(new RequestedToolCall("calculate", "call_1", "{\"a\":2,\"b\":2}"));
    assertThat(trace).llmCalls().first().requestedToolCalls().calledOnce("calculate");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertThat(trace).executedEveryRequestedToolCall())
        .hasMessage("""
            Expecting the trace to execute every tool call the model asked for but these were never executed:
              calculate {"a":2,"b":2} (asked for in "chat gpt-4", call id call_1)
            in the trace:
              invoke_agent assistant
              └── chat gpt-4  tokens 10→15""");
  }

  @Test
  void requested_tool_calls_from_genai_output_messages() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.span(agent, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4",
        "gen_ai.output.messages", """
            [{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"calculate","arguments":{"a":2,"b":2}}],
              "finish_reason":"tool_call"}]""",
        "gen_ai.tool.definitions", """
            [{"type":"function","name":"calculate","parameters":{"type":"object",
              "properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}}]""");
    f.tool(agent, "calculate", "{\"a\":2,\"b\":\"two\"}", "error");
    AgentTrace trace = f.trace();
    assertThat(trace.requestedToolCalls()).containsExactly(new RequestedToolCall("calculate", "call_1", "{\"a\":2,\"b\":2}"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertThat(trace).toolCalls().haveArgumentsValidAgainstSchemas())
        .hasMessage("""
            Expecting the arguments of tool call calculate of the trace to be valid against its JSON schema but \
            $.b: string found, integer expected
            in the trace:
              invoke_agent assistant
              ├── chat gpt-4
              └── execute_tool calculate  {"a":2,"b":"two"} → error
                  ▲ $.b: string found, integer expected""");
  }

  @Test
  void a_user_convention_comes_first() {
    TraceConvention mine = new TraceConvention() {
      @Override
      public String name() {
        return "acme";
      }

      @Override
      public Optional<SpanFacts> read(SpanData span, Attrs attributes, List<LogRecordData> logs) {
        if (!span.getName().startsWith("acme.")) {
          return Optional.empty();
        }
        return Optional.of(SpanFacts.builder(name(), SpanRole.TOOL)
            .subject(attributes.string("acme.tool"))
            .toolArguments(attributes.string("acme.args"))
            .build());
      }
    };
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.span(agent, "acme.tool_run", "acme.tool", "calculate", "acme.args", "{\"a\":2,\"b\":2}");
    List<TraceConvention> conventions = new ArrayList<>();
    conventions.add(mine);
    conventions.addAll(Conventions.builtIn());
    AgentTrace trace = AgentTrace.of(f.spans(), List.of(), conventions);
    assertThat(trace).hasShape("""
        invoke_agent assistant
          execute_tool calculate  {"a":2,"b":2}
        """);
    assertThat(trace).toolCalls().containsExactly(call("calculate").withArgumentsContaining("{\"a\":2}"));
  }

  @Test
  void a_convention_registered_with_the_service_loader_is_asked_first() {
    TraceFixture f = new TraceFixture();
    Span agent = f.span(null, "svc.agent helper");
    f.chat(agent, "gpt-4", 1, 2);
    AgentTrace trace = f.trace();
    assertThat(trace).hasShape("""
        invoke_agent helper
          chat gpt-4  tokens 1→2
        """).agent("helper").tokens().hasTotal(3);
    assertThat(trace.roots().get(0).facts().convention()).isEqualTo("svc");
  }

  @Test
  void a_failing_convention_is_named() {
    TraceConvention broken = new TraceConvention() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public Optional<SpanFacts> read(SpanData span, Attrs attributes, List<LogRecordData> logs) {
        throw new IllegalStateException("boom");
      }
    };
    TraceFixture f = new TraceFixture();
    f.span(null, "x");
    List<SpanData> spans = f.spans();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentTrace.of(spans, List.of(), List.of(broken)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Convention \"broken\" (")
        .hasMessageEndingWith(") failed to read span \"x\": java.lang.IllegalStateException: boom");
  }
}
