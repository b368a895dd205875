package dev.spanproof.evals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

class AgentBudgetTest {

  static final String SHORT_PROMPT = "You are a calculator assistant. Use the calculate tool.";
  static final String GROWN_PROMPT = SHORT_PROMPT + " Always explain every step in detail, restate the question, "
      + "list the tools you considered and why, and end with a friendly summary for the user.";
  static final String TREE = """
      Trace:
        invoke_agent assistant
        ├── chat gpt-4              tokens %s
        ├── execute_tool calculate  {"a":2,"b":2} → 4
        └── chat gpt-4              tokens %s""";

  @TempDir
  Path summaryDir;

  static String runAgent(MockLlm llm, OpenTelemetry otel, String prompt) {
    llm.script().replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").thenReply("2+2 equals 4");
    return new TinyAgent(llm.openAiBaseUrl(), otel, prompt).run("What is 2+2?");
  }

  static String failureMessage(EngineExecutionResults results, String method) {
    Event event = results.testEvents().failed().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(method + "("))
        .findFirst().orElseThrow(() -> new AssertionError(method + " did not fail"));
    return event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage();
  }

  static Map<String, String> entries(EngineExecutionResults results, String method) {
    return results.allEvents().reportingEntryPublished().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(method + "("))
        .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
        .findFirst().orElseThrow();
  }

  @AgentTest
  @AgentBudget(llmCalls = 1)
  static class InlineBudgetTestCase {
    @Test
    @AgentBudget(inputTokens = 100, llmCalls = 2, toolCalls = 1)
    void shortPrompt(MockLlm llm, OpenTelemetry otel) {
      runAgent(llm, otel, SHORT_PROMPT);
    }

    @Test
    @AgentBudget(inputTokens = 100, llmCalls = 2, toolCalls = 1)
    void grownPrompt(MockLlm llm, OpenTelemetry otel) {
      runAgent(llm, otel, GROWN_PROMPT);
    }

    @Test
    void classBudget(MockLlm llm, OpenTelemetry otel) {
      runAgent(llm, otel, SHORT_PROMPT);
    }

    @Test
    void fluentBudget(MockLlm llm, OpenTelemetry otel, AgentTraces traces) {
      runAgent(llm, otel, SHORT_PROMPT);
      Budget.limits().totalTokens(80).llmCalls(2).latency(Duration.ofMinutes(5)).verify(traces);
    }
  }

  @Test
  void a_grown_prompt_trips_the_token_budget_and_a_short_one_passes() {
    EngineExecutionResults results = EngineRuns.run(InlineBudgetTestCase.class, summaryDir);

    results.testEvents().assertStatistics(s -> s.succeeded(1).failed(3));
    // the mock counts tokens with a real tokenizer: the longer system prompt costs 60 more input tokens per call pair
    String message = failureMessage(results, "grownPrompt");
    assertThat(message).startsWith("""
        "grownPrompt" exceeded its budget:
          input tokens: 133, budget 100 (+33, +33.0 %)
        Usage: input tokens 133, output tokens 16, total tokens 149, LLM calls 2, tool calls 1, latency\s""");
    assertThat(message).matches("(?s).* ms\n" + java.util.regex.Pattern.quote(TREE.formatted("58→10", "75→6")));
    assertThat(entries(results, "shortPrompt")).containsExactly(
        Map.entry("spanproof.tokens.input", "73"), Map.entry("spanproof.tokens.output", "16"),
        Map.entry("spanproof.tokens.total", "89"), Map.entry("spanproof.llmCalls", "2"),
        Map.entry("spanproof.toolCalls", "1"),
        Map.entry("spanproof.latencyMillis", entries(results, "shortPrompt").get("spanproof.latencyMillis")));
  }

  @Test
  void a_class_budget_applies_to_tests_without_their_own() {
    EngineExecutionResults results = EngineRuns.run(InlineBudgetTestCase.class, summaryDir);

    assertThat(failureMessage(results, "classBudget")).startsWith("""
        "classBudget" exceeded its budget:
          LLM calls: 2, budget 1 (+1, +100.0 %)
        Usage: input tokens 73, output tokens 16, total tokens 89, LLM calls 2, tool calls 1, latency\s""");
    assertThat(failureMessage(results, "fluentBudget")).startsWith("""
        "fluentBudget" exceeded its budget:
          total tokens: 89, budget 80 (+9, +11.3 %)
        Usage: input tokens 73, output tokens 16, total tokens 89, LLM calls 2, tool calls 1, latency\s""");
  }

  @ExtendWith(EvalsExtension.class)
  static class WithoutAgentTestTestCase {
    @Test
    @AgentBudget(totalTokens = 10)
    void noExtension() {}
  }

  @Test
  void a_budget_without_the_spanproof_extension_says_how_to_fix_it() {
    EngineExecutionResults results = EngineRuns.run(WithoutAgentTestTestCase.class, summaryDir);

    assertThat(failureMessage(results, "noExtension")).isEqualTo("@AgentBudget and @AgentBaseline read the test's "
        + "traces, but spanproof's extension is not registered for dev.spanproof.evals.AgentBudgetTest$"
        + "WithoutAgentTestTestCase#noExtension: put @AgentTest on the test class.");
  }

  @Test
  void budget_values_are_checked() {
    assertThatThrownBy(() -> Budget.limits().totalTokens(-5))
        .hasMessage("a budget of -5 total tokens is negative; give the most the agent may use, 0 or more");
    assertThat(Budget.limits().totalTokens(2000).llmCalls(3))
        .hasToString("Budget[total tokens ≤ 2000, LLM calls ≤ 3]");
    assertThat(Budget.limits().inputTokens(10).check(new AgentUsage(12, 1, 1, 0, 5)))
        .containsExactly(new BudgetCheck(UsageMetric.INPUT_TOKENS, 12, 10, -1));
  }
}
