package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** A null argument is a usage error named at the public method, not a bare NPE from spanproof's internals. */
class NullArgumentsTest {

  private static void fails(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(message);
  }

  @Test
  void trace_navigation() {
    AgentTrace trace = TraceFixture.calculator();
    fails(() -> assertThat(trace).agent(null), "agent(null): the agent name must not be null");
    fails(() -> assertThat(trace).span(null), "span(null): the span name must not be null; use \"*\" for any span");
    fails(() -> assertThat(trace).spans(null), "spans(null): the span name must not be null; use \"*\" for every span");
    fails(() -> assertThat(trace).spansWithOperation(null),
        "spansWithOperation(null): the operation must not be null; pass one such as \"execute_tool\"");
    fails(() -> assertThat(trace).spanWithAttribute(null, "x"),
        "spanWithAttribute(null, …): the attribute key must not be null");
    fails(() -> assertThat(trace).hasSpanWithAttribute(null, "x"),
        "hasSpanWithAttribute(null, …): the attribute key must not be null");
    fails(() -> assertThat(trace).isWellInstrumented(null),
        "isWellInstrumented(null): the lint rules must not be null; use isWellInstrumented() for the default rules");
    fails(() -> assertThat(trace).tokensOfModel(null), "tokensOfModel(null): the model must not be null");
    fails(() -> assertThat(trace).llmCalls().model(null), "model(null): the model must not be null");
    fails(() -> assertThat(trace).agent("assistant").delegatedTo(null),
        "delegatedTo(null): the agent name must not be null");
  }

  @Test
  void the_trace_model() {
    AgentTrace trace = TraceFixture.calculator();
    fails(() -> trace.spansWithOperation(null),
        "spansWithOperation(null): the operation must not be null; pass one such as \"execute_tool\"");
    fails(() -> trace.spansWithAttribute(null, "x"), "spansWithAttribute(null, …): the attribute key must not be null");
  }

  @Test
  void a_null_attribute_value_is_refused_with_what_to_use_instead() {
    AgentTrace trace = TraceFixture.calculator();
    assertThatThrownBy(() -> trace.spansWithAttribute("user.id", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spansWithAttribute(\"user.id\", null): an attribute cannot hold null;"
            + " find the spans without it with find(span -> span.attribute(\"user.id\").isEmpty())");
    assertThatThrownBy(() -> assertThat(trace).spanWithAttribute("user.id", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spanWithAttribute(\"user.id\", null): an attribute cannot hold null;"
            + " give the value to look for, or navigate to a span and check doesNotHaveAttribute(\"user.id\")");
    assertThatThrownBy(() -> assertThat(trace).hasSpanWithAttribute("user.id", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("hasSpanWithAttribute(\"user.id\", null): an attribute cannot hold null;");
  }

  @Test
  void llm_calls() {
    AgentTrace trace = TraceFixture.calculator();
    fails(() -> assertThat(trace).llmCalls().first().hasProvider(null), "hasProvider(null): the provider must not be null");
    fails(() -> assertThat(trace).llmCalls().first().hasModel(null), "hasModel(null): the model must not be null");
    fails(() -> assertThat(trace).llmCalls().first().hasFinishReason(null),
        "hasFinishReason(null): the finish reason must not be null");
    fails(() -> assertThat(trace).llmCalls().first().hasError(null),
        "hasError(null): the error type must not be null; use hasError() for any error");
  }

  @Test
  void spans() {
    AgentTrace trace = TraceFixture.calculator();
    fails(() -> assertThat(trace).agent("assistant").span().hasAttribute(null, "x"),
        "hasAttribute(null, …): the attribute key must not be null");
    fails(() -> assertThat(trace).agent("assistant").span().hasAttribute(null),
        "hasAttribute(null): the attribute key must not be null");
    fails(() -> assertThat(trace).agent("assistant").span().doesNotHaveAttribute(null),
        "doesNotHaveAttribute(null): the attribute key must not be null");
    fails(() -> assertThat(trace).span("chat gpt-4").hasParent(null), "hasParent(null): the parent's name must not be null");
    fails(() -> assertThat(trace).span("chat gpt-4").hasError(null),
        "hasError(null): the error type must not be null; use hasError() for any error");
    fails(() -> assertThat(trace).agent("assistant").span().children().haveDisplayNames((String[]) null),
        "haveDisplayNames(null): the display names must not be null; pass none for no span");
    fails(() -> assertThat(trace).agent("assistant").span().children().haveDisplayNames("chat gpt-4", null),
        "haveDisplayNames(…): display name #2 is null");
  }

  @Test
  void tool_calls() {
    AgentTrace trace = TraceFixture.calculator();
    fails(() -> assertThat(trace).toolCalls().calledTimes(null, 1), "calledTimes(null, 1): the tool name must not be null");
    fails(() -> assertThat(trace).toolCalls().calledOnce(null), "calledOnce(null): the tool name must not be null");
    fails(() -> assertThat(trace).toolCalls().neverCalled(null), "neverCalled(null): the tool name must not be null");
    fails(() -> assertThat(trace).toolCalls().tool(null), "tool(null): the tool name must not be null");
  }
}
