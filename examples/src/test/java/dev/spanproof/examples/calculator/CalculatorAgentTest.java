package dev.spanproof.examples.calculator;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.call;

import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

// tag::quickstart[]
@AgentTest
class CalculatorAgentTest {
  @Test
  void addsWithTheCalculatorTool(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").usage(10, 15)
        .thenReply("2+2 equals 4").usage(12, 8);
    String answer = new CalculatorAgent(llm.openAiBaseUrl(), otel).run("What is 2+2?");
    assertThat(answer).isEqualTo("2+2 equals 4");
    assertThat(traces.single())
        .hasShape("""
            invoke_agent assistant
            ├── chat gpt-4
            ├── execute_tool calculate
            └── chat gpt-4
            """)
        .toolCalls().containsExactly(call("calculate").withArguments("{\"a\":2,\"b\":2}").withResult("4"));
    assertThat(traces.single()).tokens().hasInput(22).hasOutput(23);
  }
}
// end::quickstart[]
