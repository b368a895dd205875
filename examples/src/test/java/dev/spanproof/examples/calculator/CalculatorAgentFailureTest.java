package dev.spanproof.examples.calculator;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;

import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Proves the calculator test would catch an agent that skips its tool. */
@AgentTest
class CalculatorAgentFailureTest {

  private static final String EXPECTED_SHAPE = """
      invoke_agent assistant
      ├── chat gpt-4
      ├── execute_tool calculate
      └── chat gpt-4
      """;

  @Test
  void shapeAssertionFailsReadablyWhenTheAgentSkipsTheTool(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    // The model answers straight away: the agent never calls the calculator.
    llm.script().reply("2+2 equals 4").usage(10, 6);

    String answer = new CalculatorAgent(llm.openAiBaseUrl(), otel).run("What is 2+2?");
    assertThat(answer).isEqualTo("2+2 equals 4");

    assertThatThrownBy(() -> assertThat(traces.single()).hasShape(EXPECTED_SHAPE))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("""
            Expecting the trace of "shapeAssertionFailsReadablyWhenTheAgentSkipsTheTool" to have the shape:
              invoke_agent assistant
              ├── chat gpt-4
              ├── execute_tool calculate
              └── chat gpt-4
            but it was:
              invoke_agent assistant
              └── chat gpt-4  tokens 10→6
                  ▲ expected "execute_tool calculate" next; the agent made no further span""");
  }
}
