package dev.spanproof.examples.adk;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;
import static dev.spanproof.assertions.AgentAssertions.call;

import com.google.adk.agents.RunConfig;
import com.google.adk.telemetry.Tracing;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import dev.spanproof.mockllm.Protocol;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

/**
 * The ADK team against the mock's Gemini protocol, asserted through ADK's own spans. No
 * OpenTelemetry wiring in the app or the test: ADK takes its tracer from {@code GlobalOpenTelemetry}
 * when its telemetry class loads, which happens during the first agent run, after {@code @AgentTest}
 * installed spanproof's SDK as the global.
 */
@AgentTest
class ApplesTeamTest {

  private static final String QUESTION = "How much did my apple stock change, in percent?";

  @Test
  void the_coordinator_looks_up_the_stock_and_delegates_the_arithmetic(MockLlm llm, AgentTraces traces) {
    scriptTheTeam(llm);

    String answer = new ApplesTeam(llm.geminiBaseUrl(), "not-a-key").ask(QUESTION);

    assertThat(answer).isEqualTo("Your apple stock grew by 20%.");
    AgentTrace trace = traces.single();
    // ADK's tree: tools are children of the call_llm that asked for them (read as "chat {model}").
    assertThat(trace)
        .hasShape("""
            invocation
            └── invoke_agent coordinator
                ├── chat gemini-2.0-flash  tokens 50→10
                │   └── execute_tool inventory_history  {"item":"apples"} → {"item":"apples","start":100,"now":120}
                ├── chat gemini-2.0-flash  tokens 80→10
                │   └── execute_tool transfer_to_agent  {"agent_name":"data_analyst"}
                └── invoke_agent data_analyst
                    ├── chat gemini-2.0-flash  tokens 90→12
                    │   └── execute_tool percentage_change  {"start":100,"end":120} → {"percentage_change":20.0}
                    └── chat gemini-2.0-flash  tokens 100→8
            """)
        .hasNoErrors()
        .executedEveryRequestedToolCall()
        .toolCalls().containsExactly(
            call("inventory_history").withArguments("{\"item\":\"apples\"}")
                .withResult("{\"item\":\"apples\",\"start\":100,\"now\":120}"),
            call("transfer_to_agent").withArguments("{\"agent_name\":\"data_analyst\"}"),
            call("percentage_change").withArguments("{\"start\":100,\"end\":120}")
                .withResult("{\"percentage_change\":20.0}"));
    // an agent's run includes what its sub-agents did
    assertThat(trace).agent("coordinator").toolCalls()
        .containsExactly(call("inventory_history"), call("transfer_to_agent"), call("percentage_change"));
    assertThat(trace).agent("data_analyst").toolCalls().containsExactly(call("percentage_change"));
    assertThat(trace).tokens().hasInput(320).hasOutput(40);
    assertThat(trace).agent("data_analyst").tokens().hasInput(190).hasOutput(20);
    assertThat(trace).llmCalls().hasSize(4).allHaveUsage();
    assertThat(trace).llmCalls().first().hasModel("gemini-2.0-flash").hasFinishReason("stop")
        .requestedToolCalls().containsExactly(call("inventory_history").withArguments("{\"item\":\"apples\"}"));

    // Gemini sent no call ids: ADK makes its own ("adk-<uuid>") for its spans and events, and strips
    // them from what goes back over the wire.
    SpanData percentage = spanNamed(traces, "execute_tool percentage_change");
    String callId = percentage.getAttributes().get(AttributeKey.stringKey("gen_ai.tool_call.id"));
    assertThat(callId).startsWith("adk-");
    assertThat(llm.requests()).hasSize(4).allSatisfy(r -> assertThat(r.protocol()).isEqualTo(Protocol.GEMINI));
    assertThat(llm.request(4).latestToolResults()).singleElement()
        .satisfies(m -> assertThat(m.toolName()).isEqualTo("percentage_change"))
        .satisfies(m -> assertThat(m.toolCallId()).isNull());
    assertThat(llm.request(4).rawBody()).doesNotContain(callId).contains("\"functionResponse\"");
    assertThat(llm.request(3).tools()).containsExactlyInAnyOrder("transfer_to_agent", "percentage_change");
  }

  @Test
  void a_streamed_run_has_the_same_trace(MockLlm llm, AgentTraces traces) {
    scriptTheTeam(llm);

    String answer = new ApplesTeam(llm.geminiBaseUrl(), "not-a-key")
        .ask(QUESTION, RunConfig.builder().streamingMode(RunConfig.StreamingMode.SSE).build());

    assertThat(answer).isEqualTo("Your apple stock grew by 20%.");
    assertThat(llm.requests()).allSatisfy(r -> assertThat(r.stream()).isTrue());
    assertThat(traces.single())
        .hasShape("""
            invocation
            └── invoke_agent coordinator
                ├── chat gemini-2.0-flash
                │   └── execute_tool inventory_history
                ├── chat gemini-2.0-flash
                │   └── execute_tool transfer_to_agent
                └── invoke_agent data_analyst
                    ├── chat gemini-2.0-flash
                    │   └── execute_tool percentage_change  {"start":100,"end":120} → {"percentage_change":20.0}
                    └── chat gemini-2.0-flash
            """)
        .tokens().hasInput(320).hasOutput(40);
  }

  @Test
  void the_genai_style_flat_shape_does_not_match_adk_traces(MockLlm llm, AgentTraces traces) {
    scriptTheTeam(llm);

    new ApplesTeam(llm.geminiBaseUrl(), "not-a-key").ask(QUESTION);

    // The deliberately wrong expectation: tools as siblings of the LLM call, as other frameworks nest them.
    AgentTrace trace = traces.single();
    assertThatThrownBy(() -> assertThat(trace).hasShape("""
            invocation
            └── invoke_agent coordinator
                ├── chat gemini-2.0-flash
                ├── execute_tool inventory_history
                ├── ...
            """))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("execute_tool inventory_history");
    assertThatThrownBy(() -> assertThat(trace).toolCalls()
            .containsExactly(call("percentage_change").withArguments("{\"start\":120,\"end\":100}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("{\"start\":100,\"end\":120}");
    assertThatThrownBy(() -> assertThat(trace).agent("data_analyst").tokens().hasInput(320))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("190");
  }

  @Test
  void adk_runs_on_its_own_opentelemetry_version_and_spanproofs_global_sdk(MockLlm llm, AgentTraces traces) {
    scriptTheTeam(llm);

    new ApplesTeam(llm.geminiBaseUrl(), "not-a-key").ask(QUESTION);

    SpanData root = spanNamed(traces, "invocation");
    // This module overrides the OpenTelemetry BOM with the version google-adk declares.
    assertThat(root.getResource().getAttribute(AttributeKey.stringKey("telemetry.sdk.version"))).isEqualTo("1.51.0");
    assertThat(root.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("spanproof-test");
    assertThat(root.getInstrumentationScopeInfo().getName()).isEqualTo("gcp.vertex.agent");
    // ADK cached its tracer from the global in a static field: it is spanproof's SDK, not a no-op.
    assertThat(Tracing.getTracer().getClass().getName()).isEqualTo("io.opentelemetry.sdk.trace.SdkTracer");
  }

  private static void scriptTheTeam(MockLlm llm) {
    llm.script()
        .replyWithToolCall("inventory_history", "{\"item\":\"apples\"}").usage(50, 10)
        .thenReplyWithToolCall("transfer_to_agent", "{\"agent_name\":\"data_analyst\"}").usage(80, 10)
        .thenReplyWithToolCall("percentage_change", "{\"start\":100,\"end\":120}").usage(90, 12)
        .thenReply("Your apple stock grew by 20%.").usage(100, 8);
  }

  private static SpanData spanNamed(AgentTraces traces, String name) {
    return traces.spans().stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span named " + name + " in " + traces.spans()));
  }
}
