package dev.spanproof.benchmarks.extension;

import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code @AgentTest} variant: spanproof gives the OpenTelemetry, the mock LLM and the test's spans. */
@AgentTest
public class SpanproofFixture {

  static java.util.stream.IntStream cases() {
    return FixtureWork.cases();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void agentRun(int i, MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script().reply(FixtureWork.ANSWER).usage(10, 5);
    FixtureWork.run(otel, llm.openAiBaseUrl() + "/chat/completions", traces::spans);
  }
}
