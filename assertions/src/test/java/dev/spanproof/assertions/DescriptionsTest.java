package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Failures of the AssertJ assertions that counts and span lists inherit name what they are about;
 * spanproof's own messages (which name it already) and the user's {@code as(...)} are unchanged.
 */
class DescriptionsTest {

  private static final String TRACE = "the trace of \"addsWithTheCalculatorTool\"";

  @Test
  void should_name_the_trace_in_inherited_count_failures() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).tokens().total().isEqualTo(10))
        .hasMessage("[the total tokens of " + TRACE + "] \nexpected: 10L\n but was: 45L");
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).llmCallCount().isLessThan(1))
        .hasMessage("[the number of LLM calls of " + TRACE + "] \nExpecting actual:\n  2L\nto be less than:\n  1L ");
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).toolCalls().count().isBetween(2L, 3L))
        .hasMessage("[the number of tool calls of " + TRACE + "] \nExpecting actual:\n  1L\nto be between:\n  [2L, 3L]\n");
  }

  @Test
  void should_name_the_span_in_inherited_list_failures() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).agent("assistant").span().children().hasSize(2))
        .hasMessage("[the children of \"invoke_agent assistant\"] \nExpected size: 2 but was: 3 in:\n"
            + "[chat gpt-4, execute_tool calculate, chat gpt-4]");
  }

  @Test
  void should_keep_own_messages_and_the_users_description() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).tokens().total().isAtMost(1))
        .hasMessageStartingWith("Expecting the total tokens of " + TRACE + " to be at most 1 but it was 45 (44 over)\n");
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).as("my check").tokens().total().isEqualTo(10))
        .hasMessage("[my check] \nexpected: 10L\n but was: 45L");
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).as("my check").tokens().total().isAtMost(1))
        .hasMessageStartingWith("[my check] Expecting the total tokens of " + TRACE + " to be at most 1");
  }

  @Test
  void should_keep_the_users_description_on_a_span_duration() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).as("my check").span("chat gpt-4").duration()
            .isLessThan(Duration.ZERO))
        .hasMessage("[my check] \nExpecting actual:\n  0.000000005S\nto be less than:\n  0S ");
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).span("chat gpt-4").duration()
            .isLessThan(Duration.ZERO))
        .hasMessage("[duration of span \"chat gpt-4\" of " + TRACE + "] \nExpecting actual:\n  0.000000005S\n"
            + "to be less than:\n  0S ");
  }
}
