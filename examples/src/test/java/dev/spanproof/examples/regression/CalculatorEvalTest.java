package dev.spanproof.examples.regression;

import dev.spanproof.evals.AgentEval;
import dev.spanproof.evals.ArgumentMode;
import dev.spanproof.evals.EvalCase;
import dev.spanproof.evals.EvalRun;
import dev.spanproof.evals.Judge;
import dev.spanproof.evals.Scorers;
import dev.spanproof.evals.TrajectoryMatch;
import dev.spanproof.examples.calculator.CalculatorAgent;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.mockllm.MockLlm;
import dev.spanproof.mockllm.RequestMatcher;
import io.opentelemetry.api.OpenTelemetry;

/**
 * A small dataset eval: every case of {@code evals/calculator.jsonl}, twice, scored on the answer,
 * on the tool trajectory (the calculator called with the case's arguments) and by an LLM judge. In
 * CI the judge is the mock, scripted to answer as a judge would; point {@link Judge} at any
 * OpenAI-compatible endpoint to use a real model.
 */
@AgentTest
class CalculatorEvalTest {

  @AgentEval(dataset = "evals/calculator.jsonl", repetitions = 2, minPassRate = 0.5)
  void answersWithTheCalculator(EvalCase c, EvalRun run, MockLlm llm, OpenTelemetry otel) {
    llm.script().when(RequestMatcher.model("judge-model"))
        .reply("{\"score\": 1.0, \"reason\": \"The answer states the correct result.\"}");
    llm.script()
        .replyWithToolCall("calculate", c.field("tools").get(0).get("arguments").toString())
        .thenReply("The answer is " + c.expected() + ".");

    String answer = new CalculatorAgent(llm.openAiBaseUrl(), otel).run(c.input());

    run.score(answer,
        Scorers.contains(),
        Scorers.toolTrajectory(TrajectoryMatch.STRICT, ArgumentMode.PARTIAL),
        Judge.openAiCompatible(llm.openAiBaseUrl()).model("judge-model")
            .criteria("The answer states the correct result of the arithmetic."));
  }
}
