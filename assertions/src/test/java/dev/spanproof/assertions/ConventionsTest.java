package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;
import static dev.spanproof.assertions.AgentAssertions.call;
import static org.assertj.core.api.Assertions.tuple;

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
  void openllmetry_tools_called_with_positional_arguments_carry_them() {
    TraceFixture f = new TraceFixture();
    Span workflow = f.span(null, "plan.workflow", "traceloop.span.kind", "workflow", "traceloop.entity.name", "plan");
    f.span(workflow, "calculate.tool", "traceloop.span.kind", "tool", "traceloop.entity.name", "calculate",
        "traceloop.entity.input", "{\"args\":[2,3],\"kwargs\":{}}", "traceloop.entity.output", "5");
    f.span(workflow, "convert.tool", "traceloop.span.kind", "tool", "traceloop.entity.name", "convert",
        "traceloop.entity.input", "{\"args\":[2],\"kwargs\":{\"unit\":\"km\"}}", "traceloop.entity.output", "3.2");
    f.span(workflow, "now.tool", "traceloop.span.kind", "tool", "traceloop.entity.name", "now",
        "traceloop.entity.input", "{\"args\":[],\"kwargs\":{}}", "traceloop.entity.output", "noon");
    AgentTrace trace = f.trace();
    assertThat(trace).hasShape("""
        invoke_workflow plan
        ├── execute_tool calculate  [2,3] → 5
        ├── execute_tool convert    {"args":[2],"kwargs":{"unit":"km"}} → 3.2
        └── execute_tool now        {} → noon
        """);
    assertThatThrownBy(() -> assertThat(trace).toolCalls().tool("calculate").first().hasArguments("{}"))
        .hasMessageStartingWith("Expecting tool call calculate of the trace to be calculate {} but calculate was"
            + " called with [2,3]; expected {}\nin the trace:\n");
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

  /** The spans Spring AI 1.1.0 emits for a {@code ChatClient} with one tool, attribute for attribute. */
  static AgentTrace springAi11WeatherTrace() {
    TraceFixture f = new TraceFixture("org.springframework.ai");
    Span client = f.span(null, "spring_ai chat_client", "spring.ai.chat.client.advisors", "[\"call\"]",
        "gen_ai.operation.name", "framework", "spring.ai.chat.client.stream", "false", "spring.ai.kind", "chat_client",
        "gen_ai.system", "spring_ai", "spring.ai.chat.client.tool.names", "[\"current_temperature\"]");
    Span call = f.span(client, "call", "spring.ai.advisor.name", "call", "gen_ai.operation.name", "framework",
        "spring.ai.advisor.order", "2147483647", "spring.ai.kind", "advisor", "gen_ai.system", "spring_ai");
    f.span(call, "chat gpt-4o-mini", "gen_ai.usage.total_tokens", "52", "gen_ai.request.model", "gpt-4o-mini",
        "gen_ai.response.model", "gpt-4o-mini", "gen_ai.system", "openai", "gen_ai.response.id", "chatcmpl-1",
        "gen_ai.operation.name", "chat", "gen_ai.usage.input_tokens", "40", "gen_ai.usage.output_tokens", "12",
        "gen_ai.response.finish_reasons", "[\"TOOL_CALLS\"]",
        "spring.ai.model.request.tool.names", "[\"current_temperature\"]");
    f.span(call, "tool_call current_temperature", "spring.ai.tool.call.result", "\"21°C\"",
        "gen_ai.system", "spring_ai", "gen_ai.operation.name", "framework", "spring.ai.kind", "tool_call",
        "spring.ai.tool.call.arguments", "{\"city\":\"Paris\"}",
        "spring.ai.tool.definition.description", "The current temperature in a city",
        "spring.ai.tool.definition.name", "current_temperature",
        "spring.ai.tool.definition.schema", """
            {
              "$schema" : "https://json-schema.org/draft/2020-12/schema",
              "type" : "object",
              "properties" : {
                "city" : {
                  "type" : "string",
                  "description" : "the city"
                }
              },
              "required" : [ "city" ],
              "additionalProperties" : false
            }""");
    // Spring AI's internal tool loop accumulates usage: 40+60 in, 12+9 out on the second call.
    f.span(call, "chat gpt-4o-mini", "gen_ai.usage.total_tokens", "121", "gen_ai.request.model", "gpt-4o-mini",
        "gen_ai.response.model", "gpt-4o-mini", "gen_ai.system", "openai", "gen_ai.response.id", "chatcmpl-2",
        "gen_ai.operation.name", "chat", "gen_ai.usage.input_tokens", "100", "gen_ai.usage.output_tokens", "21",
        "gen_ai.response.finish_reasons", "[\"STOP\"]",
        "spring.ai.model.request.tool.names", "[\"current_temperature\"]");
    return f.trace();
  }

  @Test
  void spring_ai_1_1_tool_call_observations_are_tool_calls() {
    AgentTrace trace = springAi11WeatherTrace();
    assertThat(trace).hasShape("""
        spring_ai chat_client
        └── call
            ├── chat gpt-4o-mini                  tokens 40→12
            ├── execute_tool current_temperature  {"city":"Paris"} → "21°C"
            └── chat gpt-4o-mini                  tokens 100→21
        """);
    assertThat(trace).toolCalls()
        .containsExactly(call("current_temperature").withArguments("{\"city\":\"Paris\"}").withResult("\"21°C\""));
    ToolCall tool = trace.toolCalls().get(0);
    assertThat(tool.node().displayName()).isEqualTo("execute_tool current_temperature");
    assertThat(tool.node().name()).isEqualTo("tool_call current_temperature");
    assertThat(tool.callId()).isNull();
    assertThat(tool.node().facts().convention()).isEqualTo("spring-ai");
    assertThat(trace.nodes()).extracting(AgentSpan::role)
        .containsExactly(SpanRole.OTHER, SpanRole.OTHER, SpanRole.LLM, SpanRole.TOOL, SpanRole.LLM);
  }

  @Test
  void spring_ai_tool_schema_on_the_tool_span_validates_its_arguments() {
    assertThat(springAi11WeatherTrace()).toolCalls().haveArgumentsValidAgainstSchemas()
        .first().hasArgumentsValidAgainstSchema();
    TraceFixture f = new TraceFixture("org.springframework.ai");
    Span client = f.span(null, "spring_ai chat_client", "spring.ai.kind", "chat_client");
    f.span(client, "tool_call current_temperature", "gen_ai.operation.name", "framework",
        "spring.ai.kind", "tool_call", "spring.ai.tool.definition.name", "current_temperature",
        "spring.ai.tool.call.arguments", "{\"town\":\"Paris\"}", "spring.ai.tool.definition.schema",
        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],"
            + "\"additionalProperties\":false}");
    assertThatThrownBy(() -> assertThat(f.trace()).toolCalls().first().hasArgumentsValidAgainstSchema())
        .hasMessageStartingWith("Expecting the arguments of tool call current_temperature of the trace to be valid"
            + " against its JSON schema but $: property 'town' is not defined in the schema and the schema does not"
            + " allow additional properties; $: required property 'city' not found\n");
  }

  @Test
  void spring_ai_finish_reasons_are_read_in_lower_case() {
    AgentTrace trace = springAi11WeatherTrace();
    assertThat(trace).llmCalls().first().hasFinishReason("tool_calls");
    assertThat(trace).llmCalls().last().hasFinishReason("stop");
    assertThat(trace.llmCalls()).extracting(LlmCall::finishReasons)
        .containsExactly(List.of("tool_calls"), List.of("stop"));
    assertThatThrownBy(() -> assertThat(trace).llmCalls().first().hasFinishReason("TOOL_CALLS"))
        .hasMessageStartingWith("Expecting LLM call \"chat gpt-4o-mini\" of the trace to finish with TOOL_CALLS"
            + " but its finish reasons were [tool_calls]\nin the trace:\n");
    // the raw attribute keeps Spring AI's spelling
    assertThat(trace).llmCalls().first().span().hasAttribute("gen_ai.response.finish_reasons", "[\"TOOL_CALLS\"]");
  }

  @Test
  void spring_ai_usage_is_read_as_written_cumulative_over_the_tool_loop() {
    AgentTrace trace = springAi11WeatherTrace();
    // Documented limitation (README, Conventions): each chat span's usage is what Spring AI wrote.
    assertThat(trace.llmCalls()).extracting(c -> c.usage().input(), c -> c.usage().output())
        .containsExactly(tuple(40L, 12L), tuple(100L, 21L));
    assertThat(trace).llmCalls().last().tokens().hasInput(100).hasOutput(21);
    assertThat(trace).tokens().hasInput(140).hasOutput(33);
  }

  @Test
  void anthropic_java_stop_reason_is_the_finish_reason() {
    TraceFixture f = new TraceFixture("com.anthropic");
    Span agent = f.agent(null, "weather_agent");
    f.span(agent, "anthropic.messages.create", "gen_ai.operation.name", "chat", "gen_ai.provider.name", "anthropic",
        "gen_ai.request.model", "claude-sonnet-4-5", "gen_ai.response.model", "claude-sonnet-4-5",
        "gen_ai.response.id", "msg_1", "gen_ai.request.max_tokens", 1024L,
        "gen_ai.usage.input_tokens", 377L, "gen_ai.usage.output_tokens", 65L,
        "anthropic.message.stop_reason", "tool_use");
    f.span(agent, "anthropic.messages.create", "gen_ai.operation.name", "chat", "gen_ai.provider.name", "anthropic",
        "gen_ai.request.model", "claude-sonnet-4-5", "gen_ai.response.model", "claude-sonnet-4-5",
        "gen_ai.response.id", "msg_2", "gen_ai.request.max_tokens", 1024L,
        "gen_ai.usage.input_tokens", 420L, "gen_ai.usage.output_tokens", 14L,
        "anthropic.message.stop_reason", "end_turn");
    AgentTrace trace = f.trace();
    assertThat(trace).llmCalls().first().hasProvider("anthropic").hasFinishReason("tool_use");
    assertThat(trace).llmCalls().last().hasFinishReason("end_turn");
    assertThat(trace.llmCalls()).extracting(LlmCall::finishReasons)
        .containsExactly(List.of("tool_use"), List.of("end_turn"));
    assertThatThrownBy(() -> assertThat(trace).llmCalls().last().hasFinishReason("stop"))
        .hasMessageStartingWith("Expecting LLM call \"chat claude-sonnet-4-5\" of the trace to finish with stop"
            + " but its finish reasons were [end_turn]\nin the trace:\n");
  }

  @Test
  void attrs_read_json_encoded_arrays_as_json() {
    Attrs attrs = Attrs.of(io.opentelemetry.api.common.Attributes.builder()
        .put("tags", "[\"Paris, France\",\"Rome\"]")
        .put("quotes", "[\"say \\\"hi\\\"\"]")
        .put("plain", "stop, length")
        .put(io.opentelemetry.api.common.AttributeKey.stringArrayKey("paths"), List.of("C:\\tmp", "a\"b"))
        .build());
    assertThat(attrs.strings("tags")).containsExactly("Paris, France", "Rome");
    assertThat(attrs.strings("quotes")).containsExactly("say \"hi\"");
    assertThat(attrs.strings("plain")).containsExactly("stop", "length"); // comma-separated text, as documented
    // an array attribute as text is JSON that reads back
    assertThat(attrs.string("paths")).isEqualTo("[\"C:\\\\tmp\",\"a\\\"b\"]");
    assertThat(Attrs.of(io.opentelemetry.api.common.Attributes.builder().put("p", attrs.string("paths")).build())
        .strings("p")).containsExactly("C:\\tmp", "a\"b");
  }

  @Test
  void attributes_above_the_linear_scan_limit_are_read_by_name() {
    io.opentelemetry.api.common.AttributesBuilder many = io.opentelemetry.api.common.Attributes.builder();
    for (int i = 0; i < 30; i++) {
      many.put("llm.input_messages." + i + ".message.content", "m" + i);
    }
    Attrs attrs = Attrs.of(many.put("llm.token_count.prompt", "82").build());
    assertThat(attrs.string("llm.input_messages.29.message.content")).isEqualTo("m29");
    assertThat(attrs.longValue("llm.token_count.prompt")).isEqualTo(82L);
    assertThat(attrs.has("llm.token_count.completion")).isFalse();
  }

  @Test
  void gen_ai_finish_reasons_win_over_the_anthropic_stop_reason() {
    TraceFixture f = new TraceFixture();
    f.span(null, "chat claude-sonnet-4-5", "gen_ai.operation.name", "chat", "gen_ai.request.model", "claude-sonnet-4-5",
        "gen_ai.response.finish_reasons", List.of("stop"), "anthropic.message.stop_reason", "end_turn");
    assertThat(f.trace().llmCalls().get(0).finishReasons()).containsExactly("stop");
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
    // a parent is named as a shape line names it: its display name or its span name
    assertThat(trace).span("execute_tool calculate").hasParent("call_llm").hasParent("chat gpt-4");
    assertThatThrownBy(() -> assertThat(trace).span("execute_tool calculate").hasParent("invoke_agent assistant"))
        .hasMessageStartingWith("Expecting span \"execute_tool calculate\" of the trace to have parent"
            + " \"invoke_agent assistant\" but its parent is \"chat gpt-4\" (span name \"call_llm\")\nin the trace:\n");
  }

  @Test
  void openinference_requested_tool_calls_are_read_from_every_output_message() {
    TraceFixture f = new TraceFixture();
    Span agent = f.span(null, "assistant", "openinference.span.kind", "AGENT", "agent.name", "assistant");
    List<Object> attributes = new java.util.ArrayList<>(List.of("openinference.span.kind", "LLM",
        "llm.model_name", "gpt-4", "llm.token_count.prompt", 10, "llm.token_count.completion", 15));
    for (int m = 0; m < 20; m++) {
      attributes.addAll(List.of("llm.output_messages." + m + ".message.role", "assistant",
          "llm.output_messages." + m + ".message.tool_calls.0.tool_call.function.name", "tool" + m,
          "llm.output_messages." + m + ".message.tool_calls.0.tool_call.function.arguments", "{}"));
    }
    f.span(agent, "ChatCompletion", attributes.toArray());
    AgentTrace trace = f.trace();
    org.assertj.core.api.Assertions.assertThat(trace.requestedToolCalls()).extracting(RequestedToolCall::name)
        .hasSize(20).endsWith("tool18", "tool19");
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

  /** The openai-java instrumentation's gen_ai.choice log record asking for calculate, call_1. */
  private static List<LogRecordData> choiceAskingForCalculate(Span chat) {
    InMemoryLogRecordExporter logExporter = InMemoryLogRecordExporter.create();
    SdkLoggerProvider loggers = SdkLoggerProvider.builder()
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(logExporter)).build();
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
    return logExporter.getFinishedLogRecordItems();
  }

  @Test
  void requested_tool_calls_from_openai_java_choice_log_records() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    Span chat = f.chat(agent, "gpt-4", 10, 15);
    List<LogRecordData> logs = choiceAskingForCalculate(chat);
    AgentTrace trace = AgentTrace.groupByTrace(f.spans(), logs).get(0);
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
  void a_request_recorded_both_as_output_messages_and_as_a_choice_log_is_asked_for_once() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    Span chat = f.span(agent, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4",
        "gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\","
            + "\"name\":\"calculate\",\"arguments\":{\"a\":2,\"b\":2}}]}]");
    AgentTrace trace = AgentTrace.groupByTrace(f.spans(), choiceAskingForCalculate(chat)).get(0);
    assertThat(trace.requestedToolCalls()).extracting(RequestedToolCall::callId).containsExactly("call_1");
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
    // conventions are asked when a span's facts are first needed, so the failure surfaces there
    AgentTrace trace = AgentTrace.of(spans, List.of(), List.of(broken));
    for (org.assertj.core.api.ThrowableAssert.ThrowingCallable firstRead : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
        () -> trace.nodes().get(0).facts(), () -> assertThat(trace).hasShape("x"), trace::render)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(firstRead)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("Convention \"broken\" (")
          .hasMessageEndingWith(") failed to read span \"x\": java.lang.IllegalStateException: boom");
    }
  }
}
