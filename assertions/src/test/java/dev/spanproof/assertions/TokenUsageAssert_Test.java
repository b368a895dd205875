package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
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

  /** One count written as u64::MAX, a sentinel (string-typed, as Spring AI writes counts), and one more call. */
  private static AgentTrace sentinelUsage() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    f.span(agent, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4",
        "gen_ai.usage.input_tokens", "18446744073709551615", "gen_ai.usage.output_tokens", 15L);
    f.chat(agent, "gpt-4", 10, 15);
    return f.trace().withLabel("sentinel");
  }

  @Test
  void should_fail_every_budget_when_a_count_is_past_what_a_long_holds() {
    AgentTrace trace = sentinelUsage();
    org.assertj.core.api.Assertions.assertThat(trace.tokens())
        .isEqualTo(new TokenUsage(Long.MAX_VALUE, 30, 0, 0));
    org.assertj.core.api.Assertions.assertThat(trace.llmCalls().get(0).usage().total()).isEqualTo(Long.MAX_VALUE);
    org.assertj.core.api.Assertions.assertThat(trace.tokensByModel().get("gpt-4").input()).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> assertThat(trace).tokens().total().isAtMost(2_000))
        .hasMessageStartingWith("Expecting the total tokens of the trace of \"sentinel\" to be at most 2000 but it was"
            + " 9223372036854775807 (9223372036854773807 over)\nin the trace:\n");
    assertThatThrownBy(() -> assertThat(trace).llmCalls().first().tokens().isWithinBudget(2_000))
        .hasMessage("""
            Expecting LLM call "chat gpt-4" of the trace of "sentinel" to use at most 2000 tokens but it used \
            9223372036854775807 (input 9223372036854775807, output 15), 9223372036854773807 over budget
            in the trace:
              invoke_agent a
              ├── chat gpt-4  tokens 9223372036854775807→15
                  ▲ this call
              └── chat gpt-4  tokens 10→15""");
  }

  /** A framework's chat span (request model only) around the client's (which knows the responding model). */
  private static AgentTrace tracedTwice(boolean outerRecordsModel) {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    Span outer = outerRecordsModel
        ? f.span(agent, "chat gpt-4o", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o",
            "gen_ai.usage.input_tokens", 100L, "gen_ai.usage.output_tokens", 900L)
        : f.span(agent, "chat", "gen_ai.operation.name", "chat",
            "gen_ai.usage.input_tokens", 100L, "gen_ai.usage.output_tokens", 900L);
    f.span(outer, "chat gpt-4o", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o",
        "gen_ai.response.model", "gpt-4o-2024-08-06", "gen_ai.usage.input_tokens", 100L,
        "gen_ai.usage.output_tokens", 900L);
    return f.trace().withLabel("tracedTwice");
  }

  @Test
  void a_model_known_only_to_the_inner_span_of_a_request_traced_twice_has_its_tokens() {
    AgentTrace trace = tracedTwice(true);
    org.assertj.core.api.Assertions.assertThat(trace.tokens()).isEqualTo(TokenUsage.of(100, 900));
    assertThat(trace).tokensOfModel("gpt-4o-2024-08-06").hasTotal(1_000);
    assertThat(trace).tokensOfModel("gpt-4o").hasTotal(1_000);
    assertThat(trace).tokensOfModel("gpt-4o*").hasTotal(1_000);
    org.assertj.core.api.Assertions.assertThat(trace.tokensByModel())
        .containsExactly(org.assertj.core.api.Assertions.entry("gpt-4o", TokenUsage.of(100, 900)));
    org.assertj.core.api.Assertions.assertThat(tracedTwice(false).tokensByModel())
        .containsExactly(org.assertj.core.api.Assertions.entry("gpt-4o-2024-08-06", TokenUsage.of(100, 900)));
    assertThatThrownBy(() -> assertThat(trace).tokensOfModel("gpt-4o-2024-08-06").total().isAtMost(10))
        .hasMessage("""
            Expecting the total tokens of the LLM calls of the trace of "tracedTwice" (model gpt-4o-2024-08-06) to \
            be at most 10 but it was 1000 (990 over)
            in the trace:
              invoke_agent assistant
              └── chat gpt-4o      tokens 100→900
                  └── chat gpt-4o  tokens 100→900""");
  }

  @Test
  void should_fail_marking_the_llm_call_whose_tokens_differ() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).llmCalls().last().tokens().hasInput(10))
        .hasMessage("""
            Expecting LLM call "chat gpt-4" of the trace of "addsWithTheCalculatorTool" to have used 10 input tokens \
            but it used 12 (input 12, output 8, total 20, cached input 0, reasoning output 0)
            in the trace:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
              ├── execute_tool calculate  {"a":2,"b":2} → 4
              └── chat gpt-4              tokens 12→8
                  ▲ this call""");
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).llmCalls().first().tokens().total().isAtMost(20))
        .hasMessage("""
            Expecting the total tokens of LLM call "chat gpt-4" of the trace of "addsWithTheCalculatorTool" to be at \
            most 20 but it was 25 (5 over)
            in the trace:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
                  ▲ this call
              ├── execute_tool calculate  {"a":2,"b":2} → 4
              └── chat gpt-4              tokens 12→8""");
  }

  @Test
  void should_fail_naming_and_marking_the_run_of_an_agent_whose_tokens_differ() {
    assertThatThrownBy(() -> assertThat(MultiAgentFixture.team()).agent("planner", 2).tokens().hasOutput(30))
        .hasMessage("""
            Expecting run 2 of agent "planner" of the trace of "team" to have used 30 output tokens but it used 5 \
            (input 50, output 5, total 55, cached input 0, reasoning output 0)
            in the trace:
            """ + TraceFixture.marked(MultiAgentFixture.TEAM_TREE, 5, 1, "tokens 50→5 in this run"));
  }

  /** A call with usage, a streamed one without, and one that failed (without usage too). */
  private static AgentTrace streamedWithoutUsage() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "streamer");
    f.chat(agent, "gpt-4o-mini", 31, 18);
    f.span(agent, "chat gpt-4o-mini", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o-mini");
    Span failed = f.span(agent, "chat gpt-4o-mini", "gen_ai.operation.name", "chat",
        "gen_ai.request.model", "gpt-4o-mini");
    f.fail(failed, "rate_limited");
    return f.trace().withLabel("streams");
  }

  @Test
  void should_fail_a_budget_over_a_call_that_reported_no_usage() {
    AgentTrace trace = streamedWithoutUsage();
    String why = "but 1 LLM call reported no token usage (\"chat gpt-4o-mini\"), so the tokens are unknown rather"
        + " than 0: record usage (for streamed OpenAI calls, ask for it with stream_options.include_usage), or check"
        + " what was reported with isEqualTo\nin the trace:\n"
        + "  invoke_agent streamer\n"
        + "  ├── chat gpt-4o-mini  tokens 31→18\n"
        + "  ├── chat gpt-4o-mini\n"
        + "      ▲ no token usage\n"
        + "  └── chat gpt-4o-mini  error: rate_limited";
    assertThatThrownBy(() -> assertThat(trace).tokens().total().isAtMost(1_000))
        .hasMessage("Expecting the total tokens of the trace of \"streams\" to be at most 1000, " + why);
    assertThatThrownBy(() -> assertThat(trace).tokens().isWithinBudget(1_000))
        .hasMessage("Expecting the trace of \"streams\" to use at most 1000 tokens, " + why);
    assertThatThrownBy(() -> assertThat(trace).tokens().output().isLessThan(1_000))
        .hasMessage("Expecting the output tokens of the trace of \"streams\" to be less than 1000, " + why);
    assertThatThrownBy(() -> assertThat(trace).agent("streamer").tokens().input().isLessThanOrEqualTo(1_000))
        .hasMessage("Expecting the input tokens of agent \"streamer\" of the trace of \"streams\" to be at most 1000, "
            + why);
    // what was reported is still checked exactly, and lower bounds hold
    assertThat(trace).tokens().hasInput(31).hasOutput(18).total().isAtLeast(49);
    // the call that reported its usage, and the one that failed, have budgets
    assertThat(trace).llmCalls().first().tokens().isWithinBudget(100);
    assertThat(trace).llmCalls().last().tokens().total().isAtMost(0);
    assertThatThrownBy(() -> assertThat(trace).llmCalls().element(1).tokens().isWithinBudget(100))
        .hasMessage("Expecting LLM call \"chat gpt-4o-mini\" of the trace of \"streams\" to use at most 100 tokens, "
            + why);
  }

  @Test
  void a_request_traced_twice_with_usage_on_one_span_has_known_tokens() {
    AgentTrace outerOnly = TraceFixture.agentCalling("a");
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    Span outer = f.span(agent, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4");
    f.chat(outer, "gpt-4", 10, 15);
    Span withUsage = f.chat(agent, "gpt-4", 3, 4);
    f.span(withUsage, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4");
    AgentTrace trace = f.trace();
    assertThat(trace).tokens().total().isAtMost(32).isAtLeast(32);
    assertThat(outerOnly).tokens().total().isAtMost(0);
  }

  @Test
  void isEqualTo_compares_and_shows_every_count() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    f.span(agent, "chat gpt-4o", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o",
        "gen_ai.usage.input_tokens", 22L, "gen_ai.usage.output_tokens", 23L,
        "gen_ai.usage.cache_read.input_tokens", 5L);
    AgentTrace trace = f.trace().withLabel("cached");
    assertThat(trace).tokens().isEqualTo(new TokenUsage(22, 23, 5, 0));
    assertThatThrownBy(() -> assertThat(trace).tokens().isEqualTo(TokenUsage.of(22, 23)))
        .isInstanceOf(org.opentest4j.AssertionFailedError.class)
        .hasMessage("""
            Expecting the trace of "cached" to be input 22, output 23, cached input 0, reasoning output 0 but it \
            was input 22, output 23, cached input 5, reasoning output 0
            in the trace:
              invoke_agent a
              └── chat gpt-4o  tokens 22→23""");
  }
}
