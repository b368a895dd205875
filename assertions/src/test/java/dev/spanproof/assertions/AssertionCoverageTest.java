package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.call;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.EnumSet;
import org.assertj.core.error.AssertJMultipleFailuresError;
import org.junit.jupiter.api.Test;

/**
 * Closes the coverage gaps found by an audit of the verifying assertion methods: each gets a
 * passing test and a failing test checking its exact message.
 */
class AssertionCoverageTest {

  /** One agent whose only tool call failed. */
  private static AgentTrace divideByZero() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "calc");
    Span divide = f.tool(agent, "divide", "{\"a\":1,\"b\":0}", null);
    f.fail(divide, "ArithmeticException");
    return f.trace().withLabel("divides");
  }

  /** One agent that made neither LLM nor tool call. */
  private static AgentTrace idle() {
    TraceFixture f = new TraceFixture();
    f.agent(null, "idle");
    return f.trace().withLabel("idles");
  }

  /** A chat declaring the calculate schema and asking for search (never executed), then a calculate call. */
  private static AgentTrace withSchema(String arguments) {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.chatOfferingCalculate(agent, "call_9", "search", "{\"q\":\"x\"}");
    f.tool(agent, "calculate", arguments, "4");
    return f.trace().withLabel("calculates");
  }

  // AgentTraceAssert

  @Test
  void matchesSnapshot_without_name_fails_when_the_store_says_it_differs() {
    assertThat(TraceFixture.calculator().withLabel("auditDefaultSnapshot")).matchesSnapshot();
    assertThatThrownBy(() -> assertThat(TraceFixture.calculatorWithoutTool().withLabel("auditDefaultSnapshot"))
            .matchesSnapshot())
        .isInstanceOf(AssertionError.class)
        .hasMessage("snapshot auditDefaultSnapshot/default differs");
  }

  @Test
  void isWellInstrumented_with_rules() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.chat(agent, "gpt-4", 1, 1);
    f.tool(agent, "lookup", null, "x");
    AgentTrace trace = f.trace().withLabel("looksUp");
    assertThat(trace).isWellInstrumented(EnumSet.of(LintRule.NO_AGENT_SPANS));
    assertThatThrownBy(() -> assertThat(trace).isWellInstrumented(EnumSet.of(LintRule.TOOL_WITHOUT_ARGUMENTS)))
        .hasMessage("""
            Expecting the trace of "looksUp" to be well instrumented but lint found 1 problem:
              1. [tool-without-arguments] 1 tool span without arguments: "execute_tool lookup"
                  fix: enable capture of tool call arguments (the opt-in gen_ai.tool.call.arguments), or set it on your own execute_tool spans
            in the trace:
              invoke_agent assistant
              ├── chat gpt-4           tokens 1→1
              └── execute_tool lookup  → x""");
  }

  @Test
  void hasSpanWithAttribute() {
    AgentTrace trace = MultiAgentFixture.planner();
    assertThat(trace).hasSpanWithAttribute("langfuse.user.id", "alice");
    assertThatThrownBy(() -> assertThat(trace).hasSpanWithAttribute("session.id", "s-43"))
        .hasMessage("""
            Expecting the trace of "delegates" to contain a span with session.id = "s-43" but it has none (values seen: [s-42])
            in the trace:
              invoke_agent planner
              ├── chat gpt-4o                     tokens 12→30
              ├── execute_tool percentage_change  {"start":100,"end":120} → 20.0
              └── invoke_agent data_analyst
                  ├── chat gpt-4o-mini            tokens 40→10
                  ├── execute_tool get_weather    {"city":"Paris"} → sunny
                  └── chat gpt-4o-mini            tokens 60→20""");
  }

  @Test
  void trace_tookAtMost() {
    AgentTrace trace = TraceFixture.calculator();
    assertThat(trace).tookAtMost(Duration.ofNanos(7));
    assertThatThrownBy(() -> assertThat(trace).tookAtMost(Duration.ofNanos(6)))
        .hasMessage("""
            Expecting the trace of "addsWithTheCalculatorTool" to take at most 6ns but it took 7ns
            in the trace:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
              ├── execute_tool calculate  {"a":2,"b":2} → 4
              └── chat gpt-4              tokens 12→8""");
  }

  // AgentRunAssert

  @Test
  void delegatedTo_names_the_agents_it_did_delegate_to() {
    assertThat(MultiAgentFixture.planner()).agent("planner").delegatedTo("data_analyst");
    assertThatThrownBy(() -> assertThat(MultiAgentFixture.planner()).agent("planner").delegatedTo("writer"))
        .hasMessage("""
            Expecting agent "planner" of the trace of "delegates" to delegate to agent "writer" but it delegated only to "data_analyst"
            in the trace:
              invoke_agent planner
              ▲ this run
              ├── chat gpt-4o                     tokens 12→30
              ├── execute_tool percentage_change  {"start":100,"end":120} → 20.0
              └── invoke_agent data_analyst
                  ├── chat gpt-4o-mini            tokens 40→10
                  ├── execute_tool get_weather    {"city":"Paris"} → sunny
                  └── chat gpt-4o-mini            tokens 60→20""");
  }

  // AgentSpanAssert

  @Test
  void hasAttribute_without_value() {
    AgentTrace trace = TraceFixture.calculatorWithoutTool();
    assertThat(trace).span("chat gpt-4").hasAttribute("gen_ai.request.model");
    assertThatThrownBy(() -> assertThat(trace).span("chat gpt-4").hasAttribute("user.id"))
        .hasMessage("""
            Expecting span "chat gpt-4" of the trace of "addsWithTheCalculatorTool" to have attribute user.id but it has none; its attributes: gen_ai.operation.name, gen_ai.provider.name, gen_ai.request.model, gen_ai.usage.input_tokens, gen_ai.usage.output_tokens
            in the trace:
              invoke_agent assistant
              └── chat gpt-4  tokens 10→15
                  ▲ no user.id""");
  }

  @Test
  void doesNotHaveAttribute() {
    AgentTrace trace = TraceFixture.calculatorWithoutTool();
    assertThat(trace).span("chat gpt-4").doesNotHaveAttribute("gen_ai.input.messages");
    assertThatThrownBy(() -> assertThat(trace).span("chat gpt-4").doesNotHaveAttribute("gen_ai.request.model"))
        .hasMessage("""
            Expecting span "chat gpt-4" of the trace of "addsWithTheCalculatorTool" not to have attribute gen_ai.request.model but it was "gpt-4"
            in the trace:
              invoke_agent assistant
              └── chat gpt-4  tokens 10→15
                  ▲ gen_ai.request.model = "gpt-4\"""");
  }

  @Test
  void hasParent_names_the_actual_parent() {
    AgentTrace trace = MultiAgentFixture.planner();
    assertThat(trace).span("execute_tool percentage_change").hasParent("invoke_agent planner");
    assertThatThrownBy(() -> assertThat(trace).span("execute_tool get_weather").hasParent("invoke_agent planner"))
        .hasMessage("""
            Expecting span "execute_tool get_weather" of the trace of "delegates" to have parent "invoke_agent planner" but its parent is "invoke_agent data_analyst"
            in the trace:
              invoke_agent planner
              ├── chat gpt-4o                     tokens 12→30
              ├── execute_tool percentage_change  {"start":100,"end":120} → 20.0
              └── invoke_agent data_analyst
                  ├── chat gpt-4o-mini            tokens 40→10
                  ├── execute_tool get_weather    {"city":"Paris"} → sunny
                      ▲ here
                  └── chat gpt-4o-mini            tokens 60→20""");
  }

  @Test
  void haveDisplayNames_of_no_span() {
    AgentTrace trace = TraceFixture.calculatorWithoutTool();
    assertThat(trace).span("chat gpt-4").children().haveDisplayNames();
    assertThatThrownBy(() -> assertThat(trace).span("chat gpt-4").children().haveDisplayNames("chat *"))
        .hasMessage("""
            Expecting the children of "chat gpt-4" to be:
              chat *
            but they were:
              (no span)
            in the trace:
              invoke_agent assistant
              └── chat gpt-4  tokens 10→15""");
  }

  // LlmCallAssert

  @Test
  void llm_hasError_naming_the_other_error() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    Span chat = f.chat(agent, "gpt-4", 1, 1);
    f.fail(chat, "rate_limit_exceeded");
    AgentTrace trace = f.trace();
    assertThat(trace).llmCalls().first().hasError("rate_limit_exceeded");
    assertThatThrownBy(() -> assertThat(trace).llmCalls().first().hasError("timeout"))
        .hasMessage("""
            Expecting LLM call "chat gpt-4" of the trace to have failed with error: timeout but it failed with error: rate_limit_exceeded
            in the trace:
              invoke_agent a
              └── chat gpt-4  tokens 1→1  error: rate_limit_exceeded
                  ▲ error: rate_limit_exceeded; expected error: timeout""");
  }

  // LlmCallsAssert

  @Test
  void llmCalls_isEmpty_passes_without_llm_call() {
    assertThat(idle()).llmCalls().isEmpty();
    assertThatThrownBy(() -> assertThat(TraceFixture.calculatorWithoutTool()).llmCalls().isEmpty())
        .hasMessage("""
            Expecting the trace of "addsWithTheCalculatorTool" to have 0 LLM calls but it has 1:
              1. chat gpt-4 tokens 10→15
            in the trace:
              invoke_agent assistant
              └── chat gpt-4  tokens 10→15""");
  }

  @Test
  void llmCalls_haveNoErrors() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    f.chat(agent, "gpt-4", 1, 1);
    Span failed = f.chat(agent, "gpt-4o", 2, 0);
    f.fail(failed, "timeout");
    AgentTrace trace = f.trace().withLabel("retries");
    assertThat(TraceFixture.calculator()).llmCalls().haveNoErrors();
    assertThatThrownBy(() -> assertThat(trace).llmCalls().haveNoErrors())
        .hasMessage("""
            Expecting the LLM calls of the trace of "retries" to have no error but these spans failed:
              chat gpt-4o  error: timeout
            in the trace:
              invoke_agent a
              ├── chat gpt-4   tokens 1→1
              └── chat gpt-4o  tokens 2→0  error: timeout
                  ▲ error: timeout""");
  }

  @Test
  void llmCalls_element() {
    assertThat(TraceFixture.calculator()).llmCalls().element(1).tokens().hasInput(12);
    assertThat(TraceFixture.calculator()).llmCalls().element(0).tokens().hasInput(10);
  }

  @Test
  void llmCalls_first_of_none() {
    assertThat(TraceFixture.calculator()).llmCalls().first().tokens().hasInput(10);
    assertThatThrownBy(() -> assertThat(idle()).llmCalls().first())
        .hasMessage("""
            Expecting the trace of "idles" to contain LLM call #1 but it has none (0 LLM calls)
            in the trace:
              invoke_agent idle""");
  }

  // ToolCallAssert

  @Test
  void toolCall_hasArgumentsContaining() {
    AgentTrace trace = TraceFixture.travel();
    assertThat(trace).toolCalls().first().hasArgumentsContaining("{\"unit\":\"C\"}");
    assertThatThrownBy(() -> assertThat(trace).toolCalls().first().hasArgumentsContaining("{\"city\":\"Rome\"}"))
        .hasMessage("""
            Expecting tool call get_weather of the trace of "plansATrip" to be get_weather containing {"city":"Rome"} but get_weather was called with {"city":"Paris","unit":"C"}; expected arguments containing {"city":"Rome"}
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
                  ▲ get_weather was called with {"city":"Paris","unit":"C"}; expected arguments containing {"city":"Rome"}
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain""");
  }

  @Test
  void toolCall_hasResult() {
    AgentTrace trace = TraceFixture.travel();
    assertThat(trace).toolCalls().first().hasResult("sun*");
    assertThatThrownBy(() -> assertThat(trace).toolCalls().first().hasResult("rain"))
        .hasMessage("""
            Expecting tool call get_weather of the trace of "plansATrip" to be get_weather → rain but get_weather returned sunny; expected → rain
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
                  ▲ get_weather returned sunny; expected → rain
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain""");
  }

  @Test
  void toolCall_hasError() {
    assertThat(divideByZero()).toolCalls().first().hasError("Arith*");
    assertThatThrownBy(() -> assertThat(divideByZero()).toolCalls().first().hasError("Timeout"))
        .hasMessage("""
            Expecting tool call divide of the trace of "divides" to be divide error: Timeout but divide failed with error: ArithmeticException; expected error: Timeout
            in the trace:
              invoke_agent calc
              └── execute_tool divide  {"a":1,"b":0}  error: ArithmeticException
                  ▲ divide failed with error: ArithmeticException; expected error: Timeout""");
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().first().hasError("Timeout"))
        .hasMessage("""
            Expecting tool call get_weather of the trace of "plansATrip" to be get_weather error: Timeout but get_weather did not fail; expected error: Timeout
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
                  ▲ get_weather did not fail; expected error: Timeout
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain""");
  }

  @Test
  void toolCall_hasNoError() {
    assertThat(TraceFixture.travel()).toolCalls().first().hasNoError();
    assertThatThrownBy(() -> assertThat(divideByZero()).toolCalls().first().hasNoError())
        .hasMessage("""
            Expecting tool call divide of the trace of "divides" not to have failed but it failed with error: ArithmeticException
            in the trace:
              invoke_agent calc
              └── execute_tool divide  {"a":1,"b":0}  error: ArithmeticException
                  ▲ error: ArithmeticException""");
  }

  @Test
  void toolCall_hasArgumentsValidAgainstSchema() {
    assertThat(withSchema("{\"a\":2,\"b\":2}")).toolCalls().first().hasArgumentsValidAgainstSchema();
    assertThatThrownBy(() -> assertThat(withSchema("{\"a\":2}")).toolCalls().first().hasArgumentsValidAgainstSchema())
        .hasMessage("""
            Expecting the arguments of tool call calculate of the trace of "calculates" to be valid against its JSON schema but $: required property 'b' not found
            in the trace:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
              └── execute_tool calculate  {"a":2} → 4
                  ▲ $: required property 'b' not found""");
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().first().hasArgumentsValidAgainstSchema())
        .hasMessage("""
            Expecting the arguments of tool call get_weather of the trace of "plansATrip" to be valid against its JSON schema but the trace declares no JSON schema for get_weather (no LLM span carries tool definitions offering it: enable capture of gen_ai.tool.definitions)
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
                  ▲ the trace declares no JSON schema for get_weather (no LLM span carries tool definitions offering it: enable capture of gen_ai.tool.definitions)
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain""");
  }

  // ToolCallsAssert

  @Test
  void toolCalls_isEmpty_passes_without_tool_call() {
    assertThat(TraceFixture.calculatorWithoutTool()).toolCalls().isEmpty();
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().isEmpty())
        .hasMessage("""
            Expecting the trace of "plansATrip" to make 0 tool calls but it made 3:
              1. get_weather {"city":"Paris","unit":"C"} → sunny
              2. get_time {"city":"Paris"} → 12:00
              3. get_weather {"city":"Rome","unit":"C"} → rain
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain""");
  }

  @Test
  void toolCalls_isSubsetOf() {
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().isSubsetOf(call("get_weather"), call("get_weather")))
        .hasMessage("""
            Expecting the tool calls of the trace of "plansATrip" to be a subset of:
              1. get_weather
              2. get_weather
            but they were:
              1. get_weather {"city":"Paris","unit":"C"} → sunny
              2. get_time {"city":"Paris"} → 12:00
              3. get_weather {"city":"Rome","unit":"C"} → rain
            unexpected: get_time {"city":"Paris"} → 12:00
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
                  ▲ not among the allowed calls
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain""");
  }

  @Test
  void toolCalls_containsSubsequence() {
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls()
            .containsSubsequence(call("get_time"), call("get_weather").withResult("sunny")))
        .hasMessage("""
            Expecting the tool calls of the trace of "plansATrip" to be in this order, other calls allowed between:
              1. get_time
              2. get_weather → sunny
            but they were:
              1. get_weather {"city":"Paris","unit":"C"} → sunny
              2. get_time {"city":"Paris"} → 12:00
              3. get_weather {"city":"Rome","unit":"C"} → rain
            no call matched get_weather → sunny after get_time
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain""");
    assertThatThrownBy(() -> assertThat(withSchema("{\"a\":2,\"b\":2}")).toolCalls()
            .containsSubsequence(call("search")))
        .hasMessage("""
            Expecting the tool calls of the trace of "calculates" to be in this order, other calls allowed between:
              1. search
            but they were:
              1. calculate {"a":2,"b":2} → 4
            no call matched search
            (the model asked for search but the agent never executed it)
            in the trace:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
              └── execute_tool calculate  {"a":2,"b":2} → 4""");
  }

  @Test
  void toolCalls_calledTimes() {
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().calledTimes("get_weather", 3))
        .hasMessage("""
            Expecting the trace of "plansATrip" to call get_weather 3 times but it was called twice
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
                  ▲ get_weather
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain""");
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().calledTimes("get_weather", 1))
        .hasMessage("""
            Expecting the trace of "plansATrip" to call get_weather once but it was called twice
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain
                  ▲ call #2 of get_weather""");
    assertThatThrownBy(() -> assertThat(withSchema("{\"a\":2,\"b\":2}")).toolCalls().calledTimes("search", 2))
        .hasMessage("""
            Expecting the trace of "calculates" to call search twice but it was never called
            (the model asked for search but the agent never executed it)
            in the trace:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
              └── execute_tool calculate  {"a":2,"b":2} → 4""");
  }

  @Test
  void toolCalls_first_of_none() {
    assertThat(TraceFixture.travel()).toolCalls().first().hasResult("sunny");
    assertThatThrownBy(() -> assertThat(TraceFixture.calculatorWithoutTool()).toolCalls().first())
        .hasMessage("""
            Expecting the trace of "addsWithTheCalculatorTool" to contain tool call #1 but it has none (0 tool calls)
            in the trace:
              invoke_agent assistant
              └── chat gpt-4  tokens 10→15""");
  }

  // AgentSoftAssertions

  @Test
  void assertSoftly_reports_the_collected_failures() {
    AssertJMultipleFailuresError error = catchThrowableOfType(AssertJMultipleFailuresError.class,
        () -> AgentSoftAssertions.assertSoftly(softly -> {
          softly.assertThat(TraceFixture.calculator()).hasShape("invoke_agent assistant\n  ...");
          softly.assertThat(TraceFixture.calculatorWithoutTool()).hasNoErrors().hasShape("invoke_agent other");
        }));
    org.assertj.core.api.Assertions.assertThat(error).isNotNull();
    org.assertj.core.api.Assertions.assertThat(error.getFailures()).singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .startsWith("""
            Expecting the trace of "addsWithTheCalculatorTool" to have the shape:
              invoke_agent other
            but it was:
              invoke_agent assistant
              ▲ expected "invoke_agent other" but found "invoke_agent assistant"
              └── chat gpt-4  tokens 10→15
            at AssertionCoverageTest.""")
        // the line AssertJ adds names the test's own line, not spanproof's code
        .matches("(?s).*\nat AssertionCoverageTest\\.lambda\\$assertSoftly_reports_the_collected_failures\\$\\d+"
            + "\\(AssertionCoverageTest\\.java:\\d+\\)");
  }

  @Test
  void soft_tool_call_failures_name_the_test_line() {
    AssertJMultipleFailuresError error = catchThrowableOfType(AssertJMultipleFailuresError.class,
        () -> AgentSoftAssertions.assertSoftly(softly ->
            softly.check(() -> assertThat(TraceFixture.calculator()).toolCalls().containsExactly(call("search")))));
    org.assertj.core.api.Assertions.assertThat(error.getFailures()).singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .startsWith("Expecting the tool calls of the trace of \"addsWithTheCalculatorTool\" to be exactly, in order:")
        .matches("(?s).*\nat AssertionCoverageTest\\.lambda\\$soft_tool_call_failures_name_the_test_line\\$\\d+"
            + "\\(AssertionCoverageTest\\.java:\\d+\\)");
  }

  @Test
  void failures_start_their_stack_trace_at_the_test() {
    AssertionError shape = catchThrowableOfType(AssertionError.class,
        () -> assertThat(TraceFixture.calculator()).hasShape("invoke_agent other"));
    AssertionError agentShape = catchThrowableOfType(AssertionError.class,
        () -> assertThat(TraceFixture.calculator()).agent("assistant").hasShape("invoke_agent other"));
    AssertionError count = catchThrowableOfType(AssertionError.class,
        () -> assertThat(TraceFixture.calculator()).toolCalls().calledOnce("search"));
    // assertions that delegate to another spanproof assertion, or to a shared check
    AssertionError agentDuration = catchThrowableOfType(AssertionError.class,
        () -> assertThat(TraceFixture.calculator()).agent("assistant").tookAtMost(Duration.ZERO));
    AssertionError agentErrors = catchThrowableOfType(AssertionError.class,
        () -> assertThat(divideByZero()).agent("calc").hasNoErrors());
    AssertionError budget = catchThrowableOfType(AssertionError.class,
        () -> assertThat(TraceFixture.calculator()).tokens().total().isAtMost(1));
    // the multiset comparisons of tool calls, and the null checks every assertion starts with
    AssertionError toolCalls = catchThrowableOfType(AssertionError.class,
        () -> assertThat(TraceFixture.calculator()).toolCalls().containsExactly(call("search")));
    AssertionError nullTrace = catchThrowableOfType(AssertionError.class,
        () -> assertThat((AgentTrace) null).hasShape("invoke_agent other"));
    AssertionError nullToolCalls = catchThrowableOfType(AssertionError.class,
        () -> new ToolCallsAssert(null).calledOnce("search"));
    AssertionError nullCount = catchThrowableOfType(AssertionError.class, () -> new CountAssert(null).isAtMost(1));
    for (AssertionError error : new AssertionError[] {shape, agentShape, count, agentDuration, agentErrors, budget,
        toolCalls, nullTrace, nullToolCalls, nullCount}) {
      org.assertj.core.api.Assertions.assertThat(error.getStackTrace()[0].getClassName())
          .as("first frame of %s", error.getMessage().lines().findFirst().orElse(""))
          .isEqualTo(AssertionCoverageTest.class.getName());
    }
    org.assertj.core.api.Assertions.assertThat(shape).isInstanceOf(org.opentest4j.AssertionFailedError.class);
    org.assertj.core.api.Assertions.assertThat(toolCalls).isInstanceOf(org.opentest4j.AssertionFailedError.class);
    org.assertj.core.api.Assertions.assertThat(nullTrace).hasMessage("\nExpecting actual not to be null");
  }

  @Test
  void last_of_none() {
    assertThatThrownBy(() -> assertThat(idle()).llmCalls().last())
        .hasMessage("""
            Expecting the trace of "idles" to contain a last LLM call but it has none (0 LLM calls)
            in the trace:
              invoke_agent idle""");
    assertThatThrownBy(() -> assertThat(TraceFixture.calculatorWithoutTool()).toolCalls().last())
        .hasMessage("""
            Expecting the trace of "addsWithTheCalculatorTool" to contain a last tool call but it has none (0 tool calls)
            in the trace:
              invoke_agent assistant
              └── chat gpt-4  tokens 10→15""");
  }

  @Test
  void a_negative_number_of_calls_is_a_usage_error() {
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().calledTimes("get_weather", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("calledTimes(\"get_weather\", -1): the number of calls cannot be negative; "
            + "use neverCalled(\"get_weather\") for none");
  }

  @Test
  void a_negative_element_index_is_a_usage_error() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).llmCalls().element(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("element(-1): the index counts from 0, the first LLM call; use last() for the last one");
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).toolCalls().element(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("element(-1): the index counts from 0, the first tool call; use last() for the last one");
  }
}
