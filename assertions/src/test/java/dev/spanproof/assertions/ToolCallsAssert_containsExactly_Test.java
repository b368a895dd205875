package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.call;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.opentelemetry.api.trace.Span;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ToolCallsAssert_containsExactly_Test {

  @Test
  void should_pass_comparing_arguments_as_json() {
    assertThat(TraceFixture.calculator()).toolCalls()
        .containsExactly(call("calculate").withArguments("{ \"b\": 2.0, \"a\": 2 }").withResult("4"));
  }

  @Test
  void should_pass_ignoring_arguments_when_none_are_given() {
    assertThat(TraceFixture.calculator()).toolCalls().containsExactly(call("calculate"));
  }

  @Test
  void should_fail_if_the_arguments_differ() {
    AssertionFailedError error = catchThrowableOfType(AssertionFailedError.class,
        () -> assertThat(TraceFixture.calculator()).toolCalls()
            .containsExactly(call("calculate").withArguments("{\"a\":2,\"b\":3}")));
    org.assertj.core.api.Assertions.assertThat(error).hasMessage("""
        Expecting the tool calls of the trace of "addsWithTheCalculatorTool" to be exactly, in order:
          1. calculate {"a":2,"b":3}
        but they were:
          1. calculate {"a":2,"b":2} → 4
        call #1 differs: calculate was called with {"a":2,"b":2}; expected {"a":2,"b":3}
        in the trace:
          invoke_agent assistant
          ├── chat gpt-4              tokens 10→15
          ├── execute_tool calculate  {"a":2,"b":2} → 4
              ▲ calculate was called with {"a":2,"b":2}; expected {"a":2,"b":3}
          └── chat gpt-4              tokens 12→8""");
    org.assertj.core.api.Assertions.assertThat(error.getExpected().getStringRepresentation())
        .isEqualTo("  1. calculate {\"a\":2,\"b\":3}");
  }

  @Test
  void should_fail_if_the_agent_made_no_tool_call() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculatorWithoutTool()).toolCalls()
            .containsExactly(call("calculate").withResult("4")))
        .hasMessage("""
            Expecting the tool calls of the trace of "addsWithTheCalculatorTool" to be exactly, in order:
              1. calculate → 4
            but they were:
              (none: no execute_tool span)
            call #1 is missing: calculate → 4
            in the trace:
              invoke_agent assistant
              └── chat gpt-4  tokens 10→15""");
  }

  @Test
  void should_fail_if_there_is_an_extra_call() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    f.tool(agent, "search", "{\"q\":\"x\"}", "found");
    f.tool(agent, "search", "{\"q\":\"y\"}", "found");
    assertThatThrownBy(() -> assertThat(f.trace()).toolCalls().containsExactly(call("search")))
        .hasMessage("""
            Expecting the tool calls of the trace to be exactly, in order:
              1. search
            but they were:
              1. search {"q":"x"} → found
              2. search {"q":"y"} → found
            call #2 was not expected: search {"q":"y"} → found
            in the trace:
              invoke_agent a
              ├── execute_tool search  {"q":"x"} → found
              └── execute_tool search  {"q":"y"} → found
                  ▲ unexpected call""");
  }

  @Test
  void should_refuse_arguments_that_are_not_json() {
    assertThatThrownBy(() -> call("calculate").withArguments("a=2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Tool call arguments must be JSON, such as {\"a\":2}, but were: a=2; to expect arguments"
            + " recorded as plain text, give them as a JSON string (\"\\\"a=2\\\"\")");
  }

  @Test
  void should_pass_comparing_plain_text_arguments_as_the_json_string_they_are_shown_as() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    f.tool(agent, "weather", "Paris", "sunny");
    assertThat(f.trace()).toolCalls().containsExactly(call("weather").withArguments("\"Paris\"").withResult("sunny"));
  }

  @Test
  void should_fail_if_plain_text_arguments_differ_showing_them_as_a_json_string() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    f.tool(agent, "weather", "Paris", "sunny");
    assertThatThrownBy(() -> assertThat(f.trace()).toolCalls().containsExactly(call("weather").withArguments("\"Rome\"")))
        .hasMessage("""
            Expecting the tool calls of the trace to be exactly, in order:
              1. weather "Rome"
            but they were:
              1. weather "Paris" → sunny
            call #1 differs: weather was called with "Paris"; expected "Rome"
            in the trace:
              invoke_agent a
              └── execute_tool weather  "Paris" → sunny
                  ▲ weather was called with "Paris"; expected "Rome\"""");
  }

  @Test
  void should_fail_if_a_result_only_starts_with_the_expected_number() {
    AgentTrace trace = TraceFixture.agentCalling("shop", "count_items", "{\"q\":\"apples\"}", "4 apples");
    assertThatThrownBy(() -> assertThat(trace).toolCalls().containsExactly(call("count_items").withResult("4")))
        .hasMessage("""
            Expecting the tool calls of the trace to be exactly, in order:
              1. count_items → 4
            but they were:
              1. count_items {"q":"apples"} → 4 apples
            call #1 differs: count_items returned 4 apples; expected → 4
            in the trace:
              invoke_agent shop
              └── execute_tool count_items  {"q":"apples"} → 4 apples
                  ▲ count_items returned 4 apples; expected → 4""");
  }

  @Test
  void should_fail_if_arguments_only_start_with_the_expected_json() {
    AgentTrace trace = TraceFixture.agentCalling("travel", "geocode", "42 Main Street", "ok",
        "get_weather", "{\"city\":\"Paris\"}{\"city\":\"Rome\"}", "sunny"); // two deltas glued
    assertThatThrownBy(() -> assertThat(trace).toolCalls().containsExactly(
        call("geocode").withArguments("42"), call("get_weather").withArguments("{\"city\":\"Paris\"}")))
        .hasMessage("""
            Expecting the tool calls of the trace to be exactly, in order:
              1. geocode 42
              2. get_weather {"city":"Paris"}
            but they were:
              1. geocode "42 Main Street" → ok
              2. get_weather "{\\"city\\":\\"Paris\\"}{\\"city\\":\\"Rome\\"}" → sunny
            call #1 differs: geocode was called with "42 Main Street"; expected 42
            in the trace:
              invoke_agent travel
              ├── execute_tool geocode      "42 Main Street" → ok
                  ▲ geocode was called with "42 Main Street"; expected 42
              └── execute_tool get_weather  "{\\"city\\":\\"Paris\\"}{\\"city\\":\\"Rome\\"}" → sunny""");
  }

  @Test
  void a_custom_condition_sees_plain_text_arguments_as_the_json_string() {
    AgentTrace trace = TraceFixture.agentCalling("a", "lookup", "Paris", "ok");
    assertThat(trace).toolCalls().containsExactly(
        call("lookup").withArgumentsMatching(args -> args.asText().equals("Paris"), "the city Paris"));
    assertThatThrownBy(() -> assertThat(trace).toolCalls().containsExactly(
        call("lookup").withArgumentsMatching(args -> args.asText().equals("Rome"), "the city Rome")))
        .hasMessageContaining("call #1 differs: lookup was called with \"Paris\"; expected the city Rome\n");
  }

  @Test
  void a_result_is_expected_alike_whether_recorded_as_text_or_as_a_json_string() {
    AgentTrace trace = TraceFixture.agentCalling("weather",
        "current_temperature", "{\"city\":\"Paris\"}", "21°C", // as GenAI instrumentations record it
        "current_temperature", "{\"city\":\"Paris\"}", "\"21°C\""); // as Spring AI records it
    for (String expected : List.of("21°C", "\"21°C\"")) {
      assertThat(trace).toolCalls().containsExactly(call("current_temperature").withResult(expected),
          call("current_temperature").withResult(expected));
      assertThat(trace).hasShape("""
          invoke_agent weather
          ├── execute_tool current_temperature  → %s
          └── execute_tool current_temperature  → %s
          """.formatted(expected, expected));
    }
    assertThatThrownBy(() -> assertThat(trace).toolCalls().first().hasResult("\"22°C\""))
        .hasMessage("""
            Expecting tool call current_temperature of the trace to be current_temperature → "22°C" but \
            current_temperature returned 21°C; expected → "22°C"
            in the trace:
              invoke_agent weather
              ├── execute_tool current_temperature  {"city":"Paris"} → 21°C
                  ▲ current_temperature returned 21°C; expected → "22°C"
              └── execute_tool current_temperature  {"city":"Paris"} → "21°C\"""");
  }

  @Test
  void partial_arguments_leave_out_fields_at_any_depth_but_not_array_elements() {
    AgentTrace trace = TraceFixture.agentCalling("a",
        "plan", "{\"trip\":{\"cities\":[\"Paris\",\"Rome\"],\"days\":4},\"budget\":900}", "ok");
    assertThat(trace).toolCalls().containsExactly(
        call("plan").withArgumentsContaining("{\"trip\":{\"cities\":[\"Paris\",\"Rome\"]}}"));
    assertThatThrownBy(() -> assertThat(trace).toolCalls().containsExactly(
        call("plan").withArgumentsContaining("{\"trip\":{\"cities\":[\"Paris\"]}}")))
        .hasMessage("""
            Expecting the tool calls of the trace to be exactly, in order:
              1. plan containing {"trip":{"cities":["Paris"]}}
            but they were:
              1. plan {"trip":{"cities":["Paris","Rome"],"days":4},"budget":900} → ok
            call #1 differs: plan was called with {"trip":{"cities":["Paris","Rome"],"days":4},"budget":900}; \
            expected arguments containing {"trip":{"cities":["Paris"]}}
            in the trace:
              invoke_agent a
              └── execute_tool plan  {"trip":{"cities":["Paris","Rome"],"days":4},"budget":900} → ok
                  ▲ plan was called with {"trip":{"cities":["Paris","Rome"],"days":4},"budget":900}; expected \
            arguments containing {"trip":{"cities":["Paris"]}}""");
  }
}
