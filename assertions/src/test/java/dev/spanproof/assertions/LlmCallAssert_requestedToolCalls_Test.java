package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.call;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.Test;

/** Failures about the tool calls a model requested speak of requests, not of execute_tool spans. */
class LlmCallAssert_requestedToolCalls_Test {

  @Test
  void should_fail_saying_the_model_requested_no_tool_call() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).llmCalls().first().requestedToolCalls()
            .containsExactly(call("calculate")))
        .hasMessage("""
            Expecting the tool calls requested in LLM call "chat gpt-4" of the trace of "addsWithTheCalculatorTool" \
            to be exactly, in order:
              1. calculate
            but they were:
              (none: the model requested no tool call)
            call #1 is missing: calculate
            in the trace:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
              ├── execute_tool calculate  {"a":2,"b":2} → 4
              └── chat gpt-4              tokens 12→8""");
  }

  @Test
  void should_name_the_requesting_llm_call() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.chatOfferingCalculate(agent, "call_1", "calculate", "{\"a\":2,\"b\":2}");
    AgentTrace trace = f.trace();
    assertThatThrownBy(() -> assertThat(trace).llmCalls().first().requestedToolCalls()
            .containsExactly(call("calculate").withArguments("{\"a\":9}")))
        .hasMessage("""
            Expecting the tool calls requested in LLM call "chat gpt-4" of the trace to be exactly, in order:
              1. calculate {"a":9}
            but they were:
              1. calculate {"a":2,"b":2}
            call #1 differs: calculate was called with {"a":2,"b":2}; expected {"a":9}
            in the trace:
              invoke_agent assistant
              └── chat gpt-4  tokens 10→15
                  ▲ calculate was called with {"a":2,"b":2}; expected {"a":9}""");
    assertThatThrownBy(() -> assertThat(trace).llmCalls().first().requestedToolCalls().calledOnce("search"))
        .hasMessageStartingWith("Expecting the tool calls requested in LLM call \"chat gpt-4\" of the trace to call "
            + "search once but it was never called\n");
  }
}
