package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentTraceAssert_matchesSnapshot_Test {

  @Test
  void should_delegate_to_the_snapshot_store() {
    AgentTrace trace = TraceFixture.calculator().withLabel("snapshotted");
    assertThat(trace).matchesSnapshot().matchesSnapshot();
    org.assertj.core.api.Assertions.assertThat(RecordingSnapshots.STORED)
        .containsEntry("snapshotted/default", trace.render());
  }

  @Test
  void should_fail_when_the_store_says_it_differs() {
    assertThat(TraceFixture.calculator().withLabel("changing")).matchesSnapshot("run");
    assertThatThrownBy(() -> assertThat(TraceFixture.calculatorWithoutTool().withLabel("changing")).matchesSnapshot("run"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("snapshot changing/run differs");
  }
}
