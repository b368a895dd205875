package dev.spanproof.evals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanproof.junit.AgentTest;
import dev.spanproof.mockllm.LlmRequest;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class JudgeTest {

  static MockLlm judgeLlm;

  @BeforeAll
  static void startJudge() {
    judgeLlm = MockLlm.start();
  }

  @AfterAll
  static void stopJudge() {
    judgeLlm.close();
  }

  @BeforeEach
  void reset() {
    judgeLlm.reset();
  }

  static Attempt attempt(String output) {
    return ScorersTest.attempt("{\"input\":\"What is 2+2?\",\"expected\":\"4\"}", output);
  }

  @Test
  void the_judge_gets_criteria_input_expected_and_output_and_its_score_decides() {
    judgeLlm.script().reply("{\"score\": 0.9, \"reason\": \"states the correct sum\"}");
    Judge judge = Judge.openAiCompatible(judgeLlm.openAiBaseUrl()).model("judge-model").apiKey("sk-test-judge")
        .criteria("The answer gives the correct sum.").passingScore(0.7);

    Score score = judge.score(attempt("2+2 equals 4"));

    assertThat(score).isEqualTo(new Score("judge", true, 0.9, "states the correct sum (score 0.90, passing 0.70)"));
    LlmRequest request = judgeLlm.request(1);
    assertThat(request.model()).isEqualTo("judge-model");
    assertThat(request.system()).isEqualTo(Judge.SYSTEM_PROMPT);
    assertThat(request.lastUserMessage()).contains("""
        CRITERIA:
        The answer gives the correct sum.

        INPUT:
        What is 2+2?

        EXPECTED:
        4

        OUTPUT:
        2+2 equals 4""");
    assertThat(judge).hasToString("Judge[" + judgeLlm.openAiBaseUrl() + ", judge-model, "
        + "\"The answer gives the correct sum.\", passing 0.7]");
  }

  @Test
  void a_low_score_fails_and_a_fenced_or_boolean_verdict_is_understood() {
    judgeLlm.script().reply("Verdict:\n```json\n{\"score\": 0.2, \"reason\": \"wrong sum\"}\n```")
        .thenReply("{\"pass\": true}");
    Judge judge = Judge.openAiCompatible(judgeLlm.openAiBaseUrl());

    assertThat(judge.score(attempt("5"))).isEqualTo(new Score("judge", false, 0.2,
        "wrong sum (score 0.20, passing 0.50)"));
    assertThat(judge.score(attempt("4"))).isEqualTo(new Score("judge", true, 1.0,
        "(no reason given) (score 1.00, passing 0.50)"));
  }

  @Test
  void a_judge_that_does_not_give_a_verdict_is_an_error_naming_what_it_said() {
    judgeLlm.script().reply("I think it is fine.");
    judgeLlm.script().failWithStatus(500, "boom");
    Judge judge = Judge.openAiCompatible(judgeLlm.openAiBaseUrl());

    assertThatThrownBy(() -> judge.score(attempt("4"))).hasMessage("the judge answered \"I think it is fine.\"; "
        + "expected a JSON object such as {\"score\": 0.9, \"reason\": \"...\"}");
    assertThatThrownBy(() -> judge.score(attempt("4")))
        .hasMessageStartingWith("the judge at " + judgeLlm.openAiBaseUrl() + " answered HTTP 500: ");
    assertThatThrownBy(() -> Judge.openAiCompatible("ftp://example"))
        .hasMessage("the judge's base URL must be http(s), such as a provider's or a mock's .../v1 URL, but was ftp://example");
  }

  @TempDir
  Path summaryDir;

  /** The agent and its judge share the test's mock LLM: the script answers the agent, then judges. */
  @AgentTest
  static class JudgedEvalTestCase {
    @AgentEval(dataset = "evals/one.jsonl")
    void judged(EvalCase c, EvalRun run, MockLlm llm, OpenTelemetry otel) {
      llm.script().reply("pong, obviously").thenReply("{\"score\": 0.3, \"reason\": \"adds an opinion\"}");
      String answer = new TinyAgent(llm.openAiBaseUrl(), otel).run(c.input());
      run.score(answer, Judge.openAiCompatible(llm.openAiBaseUrl()).criteria("Answers pong and nothing else."));
    }
  }

  @Test
  void an_eval_scored_by_a_judge_on_the_mock() {
    EngineExecutionResults results = EngineRuns.run(JudgedEvalTestCase.class, summaryDir);

    results.testEvents().assertStatistics(s -> s.failed(1));
    assertThat(AgentEvalTest.message(results.testEvents().failed().list().get(0))).isEqualTo("""
        Run 1/1 of case "only" failed 1 of 1 scorer:
          ✗ judge (0.30): adds an opinion (score 0.30, passing 0.50)""");
  }
}
