package dev.spanproof.examples.regression;

import static dev.spanproof.assertions.AgentAssertions.assertThat;

import dev.spanproof.evals.AgentBaseline;
import dev.spanproof.examples.calculator.CalculatorAgent;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

/**
 * A regression suite for the calculator agent, as it would run in CI: the trace is held to a golden
 * snapshot (src/test/resources/spanproof/snapshots/…), and its token and call counts to the
 * committed baseline (src/test/resources/spanproof/baseline.json) within 10 %. No usage is scripted:
 * the mock counts tokens with a real tokenizer, so a longer system prompt or an extra tool round
 * shows up as growth.
 */
@AgentTest
@AgentBaseline(tolerancePercent = 10)
class CalculatorRegressionTest {

  @Test
  void keepsItsTraceShapeAndItsTokenBudget(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("calculate", "{\"a\":2,\"b\":2}")
        .thenReply("2+2 equals 4");

    String answer = new CalculatorAgent(llm.openAiBaseUrl(), otel).run("What is 2+2?");

    assertThat(answer).isEqualTo("2+2 equals 4");
    assertThat(traces.single()).matchesSnapshot();
  }
}
