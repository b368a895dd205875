package dev.spanproof.examples.regression;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.call;
import static dev.spanproof.mockllm.MockLlmAssertions.assertThat;

import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.evals.AgentBaseline;
import dev.spanproof.examples.calculator.CalculatorAgent;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.junit.UseCassette;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

/**
 * The calculator agent against recorded OpenAI traffic instead of a script: the cassette
 * (src/test/resources/spanproof/cassettes/…/answersFromTheRecordedConversation.json) holds the provider's own
 * responses, so the official openai-java instrumentation reports the provider's token usage, and span, tool-call
 * and budget assertions run offline, with no key. A change to the agent's prompt, tools or conversation makes a
 * request the cassette does not hold, and the test fails naming where it differs.
 *
 * <p>Re-record against the real API (the key only in the environment, never in the file):
 * {@code SPANPROOF_CASSETTES=record OPENAI_API_KEY=sk-… ./mvnw -pl examples test -Dtest=CalculatorReplayTest}.
 */
@AgentTest
@AgentBaseline(tolerancePercent = 10)
class CalculatorReplayTest {

  @Test
  @UseCassette
  void answersFromTheRecordedConversation(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    String answer = new CalculatorAgent(llm.openAiBaseUrl(), otel).run("What is 2+2?");

    assertThat(answer).isEqualTo("2 + 2 = 4.");
    AgentTrace trace = traces.single();
    assertThat(trace)
        .hasShape("""
            invoke_agent assistant
            ├── chat gpt-4  tokens 82→18
            ├── execute_tool calculate
            └── chat gpt-4  tokens 114→9
            """)
        .toolCalls().containsExactly(call("calculate").withArguments("{\"a\":2,\"b\":2}").withResult("4"));
    assertThat(trace).tokens().hasInput(196).hasOutput(27).total().isAtMost(250);
    assertThat(llm).receivedRequests(2);
  }
}
