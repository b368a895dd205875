package dev.spanproof.examples.selectorteam;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;
import static dev.spanproof.assertions.AgentAssertions.call;
import static dev.spanproof.examples.selectorteam.SelectorTeam.ANALYST;
import static dev.spanproof.examples.selectorteam.SelectorTeam.PLANNER;
import static dev.spanproof.mockllm.RequestMatcher.systemPromptContains;

import dev.spanproof.assertions.AgentRun;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.LlmMessage;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The selector team on the apples task: the planner delegates to the data analyst, the selector
 * picks the analyst, the analyst calls {@code percentage_change(100, 120)} and the planner
 * summarises and terminates.
 */
@AgentTest
class SelectorTeamTest {

  static final String TASK = "You started with 100 apples, now you have 120 apples. What is the percentage change?";

  // Each agent is recognised by its system prompt, so the script reads as who says what.
  static void scriptTheApplesRun(MockLlm llm) {
    llm.script().when(systemPromptContains("You are a planning agent"))
        .reply("1. data_analyst : Calculate the percentage change from 100 to 120 apples").usage(60, 25)
        .then().when(systemPromptContains("You are a planning agent"))
        .reply("You went from 100 to 120 apples: an increase of 20.0%. TERMINATE").usage(150, 18);
    llm.script().when(systemPromptContains("select the next role"))
        .reply("data_analyst").usage(90, 3);
    llm.script().when(systemPromptContains("You are a data analyst"))
        .replyWithToolCall("percentage_change", "{\"start\":100,\"end\":120}").usage(80, 20)
        .then().when(systemPromptContains("You are a data analyst"))
        .reply("The percentage change from 100 to 120 is 20.0%.").usage(110, 12);
  }

  @Test
  void plannerDelegatesToTheAnalystWhoComputesTheChange(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    scriptTheApplesRun(llm);

    SelectorTeam.Result result = new SelectorTeam(llm.openAiBaseUrl(), otel).run(TASK);

    assertThat(result.stopReason()).isEqualTo("Text 'TERMINATE' mentioned");
    assertThat(result.lastMessage()).isEqualTo("You went from 100 to 120 apples: an increase of 20.0%. TERMINATE");
    AgentTrace trace = traces.single();
    assertThat(trace)
        .hasShape("""
            invoke_workflow selector_team
            ├── invoke_agent planning_agent
            │   └── chat gpt-4o                        tokens 60→25
            ├── chat gpt-4o                            tokens 90→3
            ├── invoke_agent data_analyst
            │   ├── chat gpt-4o                        tokens 80→20
            │   ├── execute_tool percentage_change     {"start":100,"end":120} → 20.0
            │   └── chat gpt-4o                        tokens 110→12
            └── invoke_agent planning_agent
                └── chat gpt-4o                        tokens 150→18
            """)
        .isWellInstrumented()
        .toolCalls().containsExactly(call("percentage_change").withArguments("{\"start\":100,\"end\":120}").withResult("20.0"));

    // The team span says why and when the run stopped.
    assertThat(trace).span("invoke_workflow selector_team")
        .hasAttribute(SelectorTeam.STOP_REASON, "Text 'TERMINATE' mentioned")
        .hasAttribute(SelectorTeam.MESSAGE_COUNT, 4);
    // The delegation: the planner's turn records it, and the analyst was asked with the planner's words.
    assertThat(trace).agent(PLANNER, 1).span().spanData()
        .hasAttribute(AttributeKey.stringArrayKey(SelectorTeam.DELEGATIONS),
            List.of("data_analyst : Calculate the percentage change from 100 to 120 apples"));
    assertThat(llm.request(3).system()).startsWith("You are a data analyst");
    assertThat(llm.request(3).messages()).extracting(LlmMessage::content)
        .containsExactly(TASK, "1. data_analyst : Calculate the percentage change from 100 to 120 apples");
    // The selector chose among the agents other than the previous speaker.
    assertThat(llm.request(2).system()).contains("select the next role from [web_search_agent, data_analyst]");

    // Tokens per agent, over all of its turns, and of the whole run (the selector's call included).
    assertThat(trace).agent(ANALYST).tokens().hasInput(190).hasOutput(32);
    assertThat(trace).tokensOfAgent(PLANNER).hasInput(210).hasOutput(43);
    assertThat(trace).tokens().hasInput(490).hasOutput(78);
  }

  @Test
  void stopsAfterTwentyFiveMessagesWhenNobodySaysTerminate(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    // The planner keeps delegating and never terminates: the message limit ends the run.
    llm.script().when(systemPromptContains("You are a planning agent"))
        .reply("1. data_analyst : Calculate the percentage change again").usage(60, 10).always();
    llm.script().when(systemPromptContains("select the next role")).reply("data_analyst").usage(90, 3).always();
    llm.script().when(systemPromptContains("You are a data analyst"))
        .reply("It is still 20.0%.").usage(80, 8).always();

    SelectorTeam.Result result = new SelectorTeam(llm.openAiBaseUrl(), otel).run(TASK);

    assertThat(result.stopReason()).isEqualTo("Maximum number of messages 25 reached, current message count: 25");
    assertThat(result.messages()).hasSize(25);
    AgentTrace trace = traces.single();
    assertThat(trace).span("invoke_workflow selector_team")
        .hasAttribute(SelectorTeam.STOP_REASON, "Maximum number of messages 25 reached, current message count: 25")
        .hasAttribute(SelectorTeam.MESSAGE_COUNT, 25);
    // 24 turns after the task: 12 of the planner, each followed by a selector call, and 12 of the analyst.
    assertThat(trace.agents()).extracting(AgentRun::name).containsOnly(PLANNER, ANALYST).hasSize(24);
    assertThat(trace).llmCallCount().isEqualTo(36);
    assertThat(trace).toolCallCount().isEqualTo(0);
    assertThat(trace).tokens().hasInput(12 * 60 + 12 * 90 + 12 * 80).hasOutput(12 * 10 + 12 * 3 + 12 * 8);
  }

  @Test
  void aPlannerThatAnswersItselfFailsTheDelegationCheck(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    // The planner does the maths itself instead of delegating: the answer is right, the teamwork is not.
    llm.script().when(systemPromptContains("You are a planning agent"))
        .reply("That is an increase of 20%. TERMINATE").usage(60, 12);

    SelectorTeam.Result result = new SelectorTeam(llm.openAiBaseUrl(), otel).run(TASK);

    assertThat(result.stopReason()).isEqualTo("Text 'TERMINATE' mentioned");
    assertThatThrownBy(() -> assertThat(traces.single()).agent(ANALYST))
        .hasMessage("""
            Expecting the trace of "aPlannerThatAnswersItselfFailsTheDelegationCheck" to contain an agent named \
            "data_analyst" but it has none (agents: "planning_agent")
            in the trace:
              invoke_workflow selector_team
              └── invoke_agent planning_agent
                  └── chat gpt-4o  tokens 60→12""");
  }

  @Test
  void percentageChangeFromZeroIsInfinite() {
    assertThat(SelectorTeam.percentageChange("{\"start\":100,\"end\":120}")).isEqualTo("20.0");
    assertThat(SelectorTeam.percentageChange("{\"start\":0,\"end\":5}")).isEqualTo("Infinity");
  }
}
