package dev.spanproof.examples.springai;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;
import static dev.spanproof.assertions.AgentAssertions.call;

import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

/**
 * A Spring AI {@code ChatClient} with a tool against the mock LLM's OpenAI protocol, asserted through
 * Spring AI's own observation conventions, bridged to OpenTelemetry by micrometer-tracing.
 */
@AgentTest
class WeatherAssistantTest {

  @Test
  void the_chat_client_calls_the_tool_and_answers(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("current_temperature", "{\"city\":\"Paris\"}").usage(40, 12)
        .thenReply("It is 21°C in Paris.").usage(60, 9);

    String answer = new WeatherAssistant(llm.baseUrl(), "not-a-key", otel).ask("How warm is it in Paris?");

    assertThat(answer).isEqualTo("It is 21°C in Paris.");
    AgentTrace trace = traces.single();
    // Spring AI's tree: the ChatClient, its advisor chain ("call"), the model calls and, between them,
    // the tool: Spring AI 1.1's "tool_call current_temperature" observation, read as execute_tool.
    assertThat(trace)
        .hasShape("""
            spring_ai chat_client
            └── call
                ├── chat gpt-4o-mini                  tokens 40→12
                ├── execute_tool current_temperature  {"city":"Paris"} → "21°C"
                └── chat gpt-4o-mini
            """)
        .hasNoErrors()
        // the chat_client span stands for the agent: lint finds nothing missing
        .isWellInstrumented()
        .toolCalls()
        .containsExactly(call("current_temperature").withArguments("{\"city\":\"Paris\"}").withResult("\"21°C\""))
        // against the input schema Spring AI records on the tool's own span
        .haveArgumentsValidAgainstSchemas();
    assertThat(trace).span("execute_tool current_temperature")
        .hasParent("call")
        .hasAttribute("spring.ai.kind", "tool_call")
        .spanData().hasName("tool_call current_temperature");
    assertThat(trace).span("spring_ai chat_client")
        .hasAttribute("spring.ai.chat.client.tool.names", "[\"current_temperature\"]");
    assertThat(trace).llmCalls().hasSize(2).allHaveUsage();
    // Spring AI writes its enum names (["TOOL_CALLS"]); spanproof reads them in lower case.
    assertThat(trace).llmCalls().first().hasProvider("openai").hasModel("gpt-4o-mini").hasFinishReason("tool_calls")
        .span().hasAttribute("gen_ai.response.finish_reasons", "[\"TOOL_CALLS\"]")
        .hasAttribute("gen_ai.response.id", "chatcmpl-1");
    assertThat(trace).llmCalls().last().hasFinishReason("stop");
    // Spring AI puts the usage of the whole tool loop on the last chat span (40+60, 12+9), not that
    // call's own 60→9: the last call's tokens are the run's tokens (see the assertions README).
    assertThat(trace).llmCalls().last().tokens().hasInput(100).hasOutput(21);
    assertThat(llm.request(2).latestToolResults()).singleElement()
        .satisfies(m -> assertThat(m.content()).isEqualTo("\"21°C\""));
  }

  @Test
  void wrong_expectations_fail(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("current_temperature", "{\"city\":\"Paris\"}").usage(40, 12)
        .thenReply("It is 21°C in Paris.").usage(60, 9);

    new WeatherAssistant(llm.baseUrl(), "not-a-key", otel).ask("How warm is it in Paris?");

    AgentTrace trace = traces.single();
    assertThatThrownBy(() -> assertThat(trace).hasShape("""
            spring_ai chat_client
            └── call
                ├── chat gpt-4o-mini
                └── chat gpt-4o-mini
            """))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("current_temperature");
    assertThatThrownBy(() -> assertThat(trace).llmCalls().last().tokens().hasInput(60))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("100");
    assertThatThrownBy(() -> assertThat(trace).toolCalls()
            .containsExactly(call("current_temperature").withArguments("{\"city\":\"Oslo\"}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Paris");
    assertThatThrownBy(() -> assertThat(trace).llmCalls().first().hasFinishReason("stop"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expecting LLM call \"chat gpt-4o-mini\" of the trace of \"wrong_expectations_fail\""
            + " to finish with stop but its finish reasons were [tool_calls]\n");
  }

  @Test
  void a_failing_tool_reports_its_error_to_the_model(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("current_temperature", "{\"city\":\"Atlantis\"}").usage(40, 12)
        .thenReply("I don't know Atlantis.").usage(60, 9);

    String answer = new WeatherAssistant(llm.baseUrl(), "not-a-key", otel).ask("How warm is it in Atlantis?");

    assertThat(answer).isEqualTo("I don't know Atlantis.");
    // Spring AI's default exception processor turns the tool's exception into its result: the tool
    // span does not fail, and the model is told the message.
    assertThat(traces.single())
        .hasShape("""
            spring_ai chat_client
            └── call
                ├── chat gpt-4o-mini
                ├── execute_tool current_temperature
                └── chat gpt-4o-mini
            """)
        .hasNoErrors()
        .toolCalls()
        .containsExactly(call("current_temperature").withArguments("{\"city\":\"Atlantis\"}")
            .withResult("unknown city: Atlantis"));
    assertThat(llm.request(2).latestToolResults()).singleElement()
        .satisfies(m -> assertThat(m.content()).isEqualTo("unknown city: Atlantis"));
  }
}
