package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.call;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.Test;

/** Shape, tool-call, count and lint failures end with the trace's appendix (such as the mock LLM's transcript). */
class AppendixTest {

  private static final String APPENDIX = "LLM exchange:\n  #1 user \"What is 2+2?\"";

  private static AgentTrace calculator() {
    return TraceFixture.calculator().withAppendix(APPENDIX);
  }

  private static AgentTrace failedTool() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    Span tool = f.tool(agent, "divide", "{\"a\":1,\"b\":0}", null);
    f.fail(tool, "ArithmeticException");
    return f.trace().withAppendix(APPENDIX);
  }

  @Test
  void agent_shape_failures_end_with_the_appendix() {
    assertThatThrownBy(() -> assertThat(calculator()).agent("assistant").hasShape("invoke_agent assistant\n  chat x\n  ..."))
        .hasMessage("""
            Expecting agent "assistant" of the trace of "addsWithTheCalculatorTool" to have the shape:
              invoke_agent assistant
              ├── chat x
              └── ...
            but it was:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
                  ▲ expected "chat x" but found "chat gpt-4"
              ├── execute_tool calculate  {"a":2,"b":2} → 4
              └── chat gpt-4              tokens 12→8
            LLM exchange:
              #1 user "What is 2+2?\"""");
  }

  @Test
  void tool_call_count_failures_end_with_the_appendix() {
    assertThatThrownBy(() -> assertThat(calculator()).toolCalls().calledOnce("search"))
        .hasMessageEndingWith("└── chat gpt-4              tokens 12→8\n" + APPENDIX);
    assertThatThrownBy(() -> assertThat(calculator()).toolCalls().calledTimes("calculate", 2))
        .hasMessageEndingWith("└── chat gpt-4              tokens 12→8\n" + APPENDIX);
    assertThatThrownBy(() -> assertThat(calculator()).toolCalls().neverCalled("calculate"))
        .hasMessageEndingWith("└── chat gpt-4              tokens 12→8\n" + APPENDIX);
    assertThatThrownBy(() -> assertThat(calculator()).toolCalls().hasSize(2))
        .hasMessage("""
            Expecting the trace of "addsWithTheCalculatorTool" to make 2 tool calls but it made 1:
              1. calculate {"a":2,"b":2} → 4
            in the trace:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
              ├── execute_tool calculate  {"a":2,"b":2} → 4
              └── chat gpt-4              tokens 12→8
            """ + APPENDIX);
    assertThatThrownBy(() -> assertThat(calculator()).toolCalls().element(3))
        .hasMessageEndingWith("└── chat gpt-4              tokens 12→8\n" + APPENDIX);
  }

  @Test
  void failed_tool_call_failures_end_with_the_appendix() {
    assertThatThrownBy(() -> assertThat(failedTool()).toolCalls().haveNoErrors())
        .hasMessage("""
            Expecting the trace to have no failed tool call but divide failed with error: \
            ArithmeticException
            in the trace:
              invoke_agent a
              └── execute_tool divide  {"a":1,"b":0}  error: ArithmeticException
                  ▲ error: ArithmeticException
            """ + APPENDIX);
    assertThatThrownBy(() -> assertThat(failedTool()).toolCalls().first().hasNoError())
        .hasMessageEndingWith("▲ error: ArithmeticException\n" + APPENDIX);
  }

  @Test
  void single_tool_call_failures_end_with_the_appendix() {
    String end = "▲ calculate was called with {\"a\":2,\"b\":2}; expected {\"a\":3}\n"
        + "  └── chat gpt-4              tokens 12→8\n" + APPENDIX;
    assertThatThrownBy(() -> assertThat(calculator()).toolCalls().first().matches(call("calculate").withArguments("{\"a\":3}")))
        .hasMessageEndingWith(end);
    assertThatThrownBy(() -> assertThat(calculator()).toolCalls().first().hasArguments("{\"a\":3}"))
        .hasMessageEndingWith(end);
    assertThatThrownBy(() -> assertThat(calculator()).toolCalls().first().hasArgumentsContaining("{\"c\":3}"))
        .hasMessageEndingWith("\n" + APPENDIX);
    assertThatThrownBy(() -> assertThat(calculator()).toolCalls().first().hasResult("5"))
        .hasMessageEndingWith("\n" + APPENDIX);
    assertThatThrownBy(() -> assertThat(calculator()).toolCalls().first().hasError("Timeout"))
        .hasMessageEndingWith("\n" + APPENDIX);
  }

  @Test
  void count_and_unexecuted_request_failures_end_with_the_appendix() {
    assertThatThrownBy(() -> assertThat(calculator()).toolCalls().count().isAtMost(0))
        .hasMessageEndingWith("└── chat gpt-4              tokens 12→8\n" + APPENDIX);
    assertThatThrownBy(() -> assertThat(calculator()).toolCallCount().isAtLeast(2))
        .hasMessageEndingWith("└── chat gpt-4              tokens 12→8\n" + APPENDIX);
    assertThatThrownBy(() -> assertThat(calculator()).tokens().total().isAtMost(1))
        .hasMessageEndingWith("└── chat gpt-4              tokens 12→8\n" + APPENDIX);
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.chatOfferingCalculate(agent, "call_9", "search", "{\"q\":\"x\"}");
    AgentTrace unexecuted = f.trace().withAppendix(APPENDIX);
    assertThatThrownBy(() -> assertThat(unexecuted).executedEveryRequestedToolCall())
        .hasMessageEndingWith("\n" + APPENDIX);
  }
}
