package dev.spanproof.evals.readme;

import static dev.spanproof.assertions.AgentAssertions.call;

import dev.spanproof.evals.AgentBaseline;
import dev.spanproof.evals.AgentBudget;
import dev.spanproof.evals.AgentEval;
import dev.spanproof.evals.ArgumentMode;
import dev.spanproof.evals.Budget;
import dev.spanproof.evals.EvalCase;
import dev.spanproof.evals.EvalRun;
import dev.spanproof.evals.Judge;
import dev.spanproof.evals.Score;
import dev.spanproof.evals.Scorer;
import dev.spanproof.evals.Scorers;
import dev.spanproof.evals.TrajectoryMatch;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The code of evals/README.md, compiled with the tests and compared with the README by
 * {@link ReadmeSnippetTest}. Not run: the behaviour is proven by the module's tests.
 */
final class ReadmeExamples {

  private ReadmeExamples() {}

  /** Stands for the user's agent. */
  static final class CalculatorAgent {
    CalculatorAgent(String baseUrl, OpenTelemetry otel) {}

    String run(String question) {
      return question;
    }
  }

  // snippet:budget
  @AgentTest
  class CalculatorAgentTest {
    @Test
    @AgentBudget(totalTokens = 2000, llmCalls = 3, toolCalls = 2, latencyMillis = 5000)
    void addsWithTheCalculatorTool(MockLlm llm, OpenTelemetry otel) {
      llm.script().replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").thenReply("2+2 equals 4");
      new CalculatorAgent(llm.openAiBaseUrl(), otel).run("What is 2+2?");
    }

    @Test
    void staysCheap(MockLlm llm, OpenTelemetry otel, AgentTraces traces) {
      llm.script().reply("4");
      new CalculatorAgent(llm.openAiBaseUrl(), otel).run("What is 2+2?");
      Budget.limits().totalTokens(500).llmCalls(1).latency(Duration.ofSeconds(2)).verify(traces);
    }
  }
  // end-snippet

  // snippet:baseline
  @AgentTest
  @AgentBaseline(tolerancePercent = 10)
  class CalculatorRegressionTest {
    @Test
    void addsWithTheCalculatorTool(MockLlm llm, OpenTelemetry otel) {
      llm.script().replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").thenReply("2+2 equals 4");
      new CalculatorAgent(llm.openAiBaseUrl(), otel).run("What is 2+2?");
    }
  }
  // end-snippet

  // snippet:eval
  @AgentTest
  class CalculatorEval {
    @AgentEval(dataset = "evals/calculator.jsonl", repetitions = 5, minPassRate = 0.8)
    void calculates(EvalCase c, EvalRun run, MockLlm llm, OpenTelemetry otel) {
      llm.script().replyWithToolCall("calculate", c.field("tools").get(0).get("arguments").toString())
          .thenReply(c.expected());
      String answer = new CalculatorAgent(llm.openAiBaseUrl(), otel).run(c.input());
      run.score(answer,
          Scorers.exact(),                                                   // == the case's "expected"
          Scorers.toolTrajectory(TrajectoryMatch.STRICT, ArgumentMode.PARTIAL), // the case's "tools"
          Scorers.budget(Budget.limits().totalTokens(800)));
    }
  }
  // end-snippet

  static void scorers(String judgeBaseUrl) {
    // snippet:scorers
    Scorer exact = Scorers.exact("4");                              // trimmed output equals "4"
    Scorer contains = Scorers.contains("4", "sum");                 // every fragment appears
    Scorer regex = Scorers.regex("\\b4\\b");                         // found anywhere in the output
    Scorer path = Scorers.jsonPath("$.result.total", "4");          // output is JSON; value at the path
    Scorer schema = Scorers.jsonSchema("schemas/answer.json");      // output valid against the schema
    Scorer tools = Scorers.toolTrajectory(TrajectoryMatch.UNORDERED,
        call("search"), call("calculate").withArgumentsContaining("{\"a\":2}"));
    Scorer judge = Judge.openAiCompatible(judgeBaseUrl)             // any OpenAI-compatible endpoint
        .model("gpt-4o-mini")
        .apiKeyFromEnvironment("OPENAI_API_KEY")
        .criteria("The answer gives the correct sum and nothing else.")
        .passingScore(0.7);
    Scorer polite = attempt -> attempt.output().contains("please")  // your own, as plain Java
        ? Score.pass("polite", "says please")
        : Score.fail("polite", "never says please: " + attempt.output());
    // end-snippet
  }
}
