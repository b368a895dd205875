package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.call;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.error.AssertJMultipleFailuresError;
import org.junit.jupiter.api.Test;

class AgentSoftAssertionsTest {

  @Test
  void collects_every_failure() {
    AgentTrace trace = TraceFixture.calculatorWithoutTool();
    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThat(trace).hasShape("""
        invoke_agent assistant
          chat gpt-4
          execute_tool calculate
        """);
    softly.assertThat(trace).hasShape("invoke_agent other");
    softly.check(() -> assertThat(trace).tokens().total().isAtMost(10));
    softly.assertThat(trace).isWellInstrumented();
    org.assertj.core.api.Assertions.assertThat(softly.errorsCollected()).hasSize(3);
    assertThatThrownBy(softly::assertAll)
        .isInstanceOf(AssertJMultipleFailuresError.class)
        .hasMessageContaining("Multiple Failures (3 failures)")
        .hasMessageContaining("▲ expected \"execute_tool calculate\" next; the agent made no further span")
        .hasMessageContaining("▲ expected \"invoke_agent other\" but found \"invoke_agent assistant\"")
        .hasMessageContaining("to be at most 10 but it was 25 (15 over)");
  }

  @Test
  void passes_when_nothing_fails() {
    AgentSoftAssertions.assertSoftly(softly -> {
      softly.assertThat(TraceFixture.calculator()).hasShape("invoke_agent assistant\n  ...");
      softly.check(() -> assertThat(TraceFixture.calculator()).toolCalls().containsExactly(call("calculate")));
    });
  }
}
