package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenUsageAssert_Test {

  @Test
  void should_pass_for_the_summed_usage() {
    assertThat(TraceFixture.calculator()).tokens().hasInput(22).hasOutput(23).hasTotal(45)
        .hasCachedInput(0).hasReasoningOutput(0);
  }

  @Test
  void should_fail_if_the_input_tokens_differ() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).tokens().hasInput(20))
        .hasMessage("""
            Expecting the trace of "addsWithTheCalculatorTool" to have used 20 input tokens but it used 22 \
            (input 22, output 23, total 45, cached input 0, reasoning output 0)
            in the trace:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
              ├── execute_tool calculate  {"a":2,"b":2} → 4
              └── chat gpt-4              tokens 12→8""");
  }

  @Test
  void should_fail_if_the_output_tokens_differ() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculatorWithoutTool()).tokens().hasOutput(16))
        .hasMessage("""
            Expecting the trace of "addsWithTheCalculatorTool" to have used 16 output tokens but it used 15 \
            (input 10, output 15, total 25, cached input 0, reasoning output 0)
            in the trace:
              invoke_agent assistant
              └── chat gpt-4  tokens 10→15""");
  }

  @Test
  void should_fail_if_the_total_differs() {
    assertThatThrownBy(() -> new TokenUsageAssert(TokenUsage.of(1, 2)).hasTotal(4))
        .hasMessage("Expecting the token usage to have used 4 total tokens but it used 3 "
            + "(input 1, output 2, total 3, cached input 0, reasoning output 0)");
  }

  @Test
  void should_check_a_budget_through_the_total() {
    assertThat(TraceFixture.calculator()).tokens().total().isAtMost(2_000);
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).tokens().total().isAtMost(40))
        .hasMessage("""
            Expecting the total tokens of the trace of "addsWithTheCalculatorTool" to be at most 40 but it was 45 (5 over)
            in the trace:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
              ├── execute_tool calculate  {"a":2,"b":2} → 4
              └── chat gpt-4              tokens 12→8""");
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).tokens().input().isLessThan(10))
        .hasMessageContaining("Expecting actual:\n  22L\nto be less than:\n  10L");
  }

  @Test
  void should_fail_when_over_budget() {
    assertThatThrownBy(() -> new TokenUsageAssert(TokenUsage.of(30, 20)).isWithinBudget(40))
        .hasMessage("Expecting the token usage to use at most 40 tokens but it used 50 (input 30, output 20), 10 over budget");
  }

  @Test
  void should_fail_if_no_llm_call_is_of_the_model() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).tokensOfModel("gpt-4o*").total().isAtMost(1_000))
        .hasMessage("""
            Expecting the trace of "addsWithTheCalculatorTool" to have LLM calls of model gpt-4o*, to sum their \
            tokens, but no LLM call matches gpt-4o* (models seen: gpt-4)
            in the trace:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
              ├── execute_tool calculate  {"a":2,"b":2} → 4
              └── chat gpt-4              tokens 12→8""");
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).agent("travel").llmCalls().model("gpt-4").tokens())
        .hasMessage("""
            Expecting agent "travel" of the trace of "plansATrip" to have LLM calls of model gpt-4, to sum their \
            tokens, but no LLM call matches gpt-4 (there is no LLM call at all)
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain""");
    // a model that is there still sums, and a selection without a model still reads 0
    assertThat(TraceFixture.calculator()).tokensOfModel("gpt-*").hasTotal(45);
    assertThat(TraceFixture.travel()).llmCalls().tokens().hasTotal(0);
  }
}
