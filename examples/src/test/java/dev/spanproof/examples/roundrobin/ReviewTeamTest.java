package dev.spanproof.examples.roundrobin;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;
import static dev.spanproof.mockllm.RequestMatcher.systemPromptContains;

import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.examples.support.ChatAgent.Message;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The round-robin review team: both ways a run ends, and proof that the shape assertion bites. */
@AgentTest
class ReviewTeamTest {

  static final String TASK = "Plan the rollout of the new checkout service.";
  static final String PLAN = "1. Deploy to 5% of traffic. 2. Watch error rates for an hour. 3. Go to 100%.";

  @Test
  void stopsWhenTheReviewerApproves(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script().when(systemPromptContains("You write short, numbered rollout plans")).reply(PLAN).usage(40, 30);
    llm.script().when(systemPromptContains("You review rollout plans")).reply("APPROVED").usage(75, 2);

    ReviewTeam.Result result = new ReviewTeam(llm.openAiBaseUrl(), otel).run(TASK);

    assertThat(result.stopReason()).isEqualTo("Text 'APPROVED' mentioned");
    assertThat(result.messages()).containsExactly(new Message("planner", PLAN), new Message("reviewer", "APPROVED"));
    AgentTrace trace = traces.single();
    assertThat(trace)
        .hasShape("""
            invoke_workflow review_team
            ├── invoke_agent planner
            │   └── chat gpt-4o-mini   tokens 40→30
            └── invoke_agent reviewer
                └── chat gpt-4o-mini   tokens 75→2
            """)
        .isWellInstrumented()
        .span("invoke_workflow review_team")
        .hasAttribute(ReviewTeam.STOP_REASON, "Text 'APPROVED' mentioned")
        .hasAttribute(ReviewTeam.MESSAGE_COUNT, 2);
    // The reviewer saw the plan, under the planner's name.
    assertThat(llm.request(2).messages()).extracting(m -> m.content()).containsExactly(TASK, PLAN);
    assertThat(trace).agent("reviewer").tokens().hasInput(75).hasOutput(2);
  }

  @Test
  void stopsAfterFourMessagesWhenTheReviewerNeverApproves(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script().when(systemPromptContains("You write short, numbered rollout plans"))
        .reply(PLAN).usage(40, 30)
        .then().when(systemPromptContains("You write short, numbered rollout plans"))
        .reply(PLAN + " 4. Keep a rollback button.").usage(90, 36);
    llm.script().when(systemPromptContains("You review rollout plans"))
        .reply("Add a rollback step.").usage(75, 6)
        .then().when(systemPromptContains("You review rollout plans"))
        .reply("Who presses the rollback button?").usage(140, 7);

    ReviewTeam.Result result = new ReviewTeam(llm.openAiBaseUrl(), otel).run(TASK);

    assertThat(result.stopReason()).isEqualTo("Maximum number of messages 4 reached");
    assertThat(result.messages()).extracting(Message::source).containsExactly("planner", "reviewer", "planner", "reviewer");
    assertThat(traces.single())
        .hasShape("""
            invoke_workflow review_team
            ├── invoke_agent planner
            │   └── chat gpt-4o-mini   tokens 40→30
            ├── invoke_agent reviewer
            │   └── chat gpt-4o-mini   tokens 75→6
            ├── invoke_agent planner
            │   └── chat gpt-4o-mini   tokens 90→36
            └── invoke_agent reviewer
                └── chat gpt-4o-mini   tokens 140→7
            """)
        .isWellInstrumented()
        .span("invoke_workflow review_team")
        .hasAttribute(ReviewTeam.STOP_REASON, "Maximum number of messages 4 reached")
        .hasAttribute(ReviewTeam.MESSAGE_COUNT, 4);
    assertThat(traces.single()).tokens().hasInput(345).hasOutput(79);
  }

  @Test
  void shapeAssertionFailsWhenTheTeamStopsEarly(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    // The reviewer approves at once, but the test expected a revision round.
    llm.script().when(systemPromptContains("You write short, numbered rollout plans")).reply(PLAN).usage(40, 30);
    llm.script().when(systemPromptContains("You review rollout plans")).reply("APPROVED").usage(75, 2);

    new ReviewTeam(llm.openAiBaseUrl(), otel).run(TASK);

    assertThatThrownBy(() -> assertThat(traces.single()).hasShape("""
            invoke_workflow review_team
            ├── invoke_agent planner
            │   └── chat gpt-4o-mini
            ├── invoke_agent reviewer
            │   └── chat gpt-4o-mini
            ├── invoke_agent planner
            │   └── chat gpt-4o-mini
            └── invoke_agent reviewer
                └── chat gpt-4o-mini
            """))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageEndingWith("""
            but it was:
              invoke_workflow review_team
              ├── invoke_agent planner
              │   └── chat gpt-4o-mini  tokens 40→30
              └── invoke_agent reviewer
                  └── chat gpt-4o-mini  tokens 75→2
                  ▲ expected "invoke_agent planner" next; "invoke_workflow review_team" has no further child span""");
  }
}
