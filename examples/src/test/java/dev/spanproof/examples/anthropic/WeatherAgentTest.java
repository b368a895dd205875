package dev.spanproof.examples.anthropic;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;
import static dev.spanproof.assertions.AgentAssertions.call;

import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.LlmMessage;
import dev.spanproof.mockllm.MockLlm;
import dev.spanproof.mockllm.Protocol;
import dev.spanproof.mockllm.ToolCall;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The anthropic-java agent against the mock's Anthropic Messages protocol, traced by the SDK's built-in OpenTelemetry spans. */
@AgentTest
class WeatherAgentTest {

  @Test
  void asksClaudeRunsTheToolAndAnswers(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("get_weather", "{\"city\":\"Paris\"}").usage(377, 65)
        .thenReply("It is 15°C with light rain in Paris.").usage(420, 14);

    String answer = new WeatherAgent(llm.anthropicBaseUrl(), otel).run("What's the weather in Paris?");

    assertThat(answer).isEqualTo("It is 15°C with light rain in Paris.");
    assertThat(llm.requests()).extracting(r -> r.protocol()).containsOnly(Protocol.ANTHROPIC_MESSAGES);
    assertThat(llm.request(2).latestToolResults())
        .containsExactly(new LlmMessage("tool", "15°C, light rain", List.of(), "toolu_1", "get_weather"));
    assertThat(traces.single())
        .hasShape("""
            invoke_agent weather_agent
            ├── chat claude-sonnet-4-5    tokens 377→65
            ├── execute_tool get_weather  {"city":"Paris"} → 15°C, light rain
            └── chat claude-sonnet-4-5    tokens 420→14
            """)
        .isWellInstrumented()
        .executedEveryRequestedToolCall()
        .toolCalls().containsExactly(call("get_weather").withArguments("{\"city\":\"Paris\"}").withResult("15°C, light rain"));
    // The SDK's own spans: named anthropic.messages.create, read as GenAI chat calls.
    assertThat(traces.single()).llmCalls().first()
        .hasProvider("anthropic")
        .hasFinishReason("tool_use") // read from anthropic-java's own anthropic.message.stop_reason
        .hasModel("claude-sonnet-4-5")
        .requestedToolCalls().containsExactly(call("get_weather").withArguments("{\"city\":\"Paris\"}"));
    assertThat(traces.single()).llmCalls().first().span()
        .hasAttribute("gen_ai.response.id", "msg_1")
        .hasAttribute("gen_ai.request.max_tokens", 1024)
        .spanData().hasName("anthropic.messages.create").hasKind(SpanKind.CLIENT);
    assertThat(traces.single()).llmCalls().last().hasFinishReason("end_turn");
    assertThat(traces.single()).tokens().hasInput(797).hasOutput(79);
  }

  @Test
  void anOverloadedClaudeFailsTheChatAndTheAgentSpans(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script().failOverloaded();

    assertThatThrownBy(() -> new WeatherAgent(llm.anthropicBaseUrl(), otel).run("What's the weather in Paris?"))
        .hasMessageContaining("overloaded_error");

    assertThat(traces.single()).hasShape("""
        invoke_agent weather_agent  error: com.anthropic.errors.OverloadedException
        └── chat claude-sonnet-4-5  error: overloaded_error
        """);
  }

  @Test
  void runsBothToolCallsOfOneTurnAndCalledOnceWouldFail(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    // Claude asks for two cities at once; the agent runs both...
    llm.script()
        .replyWithToolCalls(ToolCall.of("get_weather", "{\"city\":\"Paris\"}"),
            ToolCall.of("get_weather", "{\"city\":\"Lisbon\"}")).usage(377, 90)
        .thenReply("Paris: 15°C and rain; Lisbon: 22°C and sun.").usage(480, 16);
    new WeatherAgent(llm.anthropicBaseUrl(), otel).run("Paris or Lisbon?");
    assertThat(traces.single()).executedEveryRequestedToolCall()
        .toolCalls().containsExactly(call("get_weather").withArguments("{\"city\":\"Paris\"}"),
            call("get_weather").withArguments("{\"city\":\"Lisbon\"}"));

    // ...and a test expecting a single lookup fails, pointing at the second call.
    assertThatThrownBy(() -> assertThat(traces.single()).toolCalls().calledOnce("get_weather"))
        .hasMessage("""
            Expecting the trace of "runsBothToolCallsOfOneTurnAndCalledOnceWouldFail" to call get_weather once but it was called twice
            in the trace:
              invoke_agent weather_agent
              ├── chat claude-sonnet-4-5    tokens 377→90
              ├── execute_tool get_weather  {"city":"Paris"} → 15°C, light rain
              ├── execute_tool get_weather  {"city":"Lisbon"} → 22°C, sunny
                  ▲ call #2 of get_weather
              └── chat claude-sonnet-4-5    tokens 480→16""");
  }
}
