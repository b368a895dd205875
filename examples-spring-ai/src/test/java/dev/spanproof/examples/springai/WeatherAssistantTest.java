package dev.spanproof.examples.springai;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;

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
    // the tool (a "tool_call {tool}" observation in Spring AI 1.1; "*" keeps this line independent of
    // how spanproof names it).
    assertThat(trace)
        .hasShape("""
            spring_ai chat_client
            └── call
                ├── chat gpt-4o-mini  tokens 40→12
                ├── * current_temperature
                └── chat gpt-4o-mini
            """)
        .hasNoErrors();
    assertThat(trace).span("* current_temperature")
        .hasParent("call")
        .hasAttribute("spring.ai.tool.definition.name", "current_temperature")
        .hasAttribute("spring.ai.tool.call.arguments", "{\"city\":\"Paris\"}")
        .hasAttribute("spring.ai.tool.call.result", "\"21°C\"");
    assertThat(trace).span("spring_ai chat_client")
        .hasAttribute("spring.ai.chat.client.tool.names", "[\"current_temperature\"]");
    assertThat(trace).llmCalls().hasSize(2).allHaveUsage();
    // Spring AI reports finish reasons as its own enum names, in one string attribute.
    assertThat(trace).llmCalls().first().hasProvider("openai").hasModel("gpt-4o-mini")
        .span().hasAttribute("gen_ai.response.finish_reasons", "[\"TOOL_CALLS\"]")
        .hasAttribute("gen_ai.response.id", "chatcmpl-1");
    // Spring AI puts the usage of the whole tool loop on the last chat span (40+60, 12+9), not that
    // call's own 60→9: the last call's tokens are the run's tokens.
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
    assertThatThrownBy(() -> assertThat(trace).span("* current_temperature")
            .hasAttribute("spring.ai.tool.call.arguments", "{\"city\":\"Oslo\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Paris");
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
                ├── * current_temperature
                └── chat gpt-4o-mini
            """)
        .hasNoErrors()
        .span("* current_temperature")
        .hasAttribute("spring.ai.tool.call.arguments", "{\"city\":\"Atlantis\"}")
        .hasAttribute("spring.ai.tool.call.result", "unknown city: Atlantis");
    assertThat(llm.request(2).latestToolResults()).singleElement()
        .satisfies(m -> assertThat(m.content()).isEqualTo("unknown city: Atlantis"));
  }
}
