package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.call;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.Test;

class ToolCallsAssert_modes_Test {

  private static final String TREE = """
      in the trace:
        invoke_agent travel
        ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
        ├── execute_tool get_time     {"city":"Paris"} → 12:00
        └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain""";

  @Test
  void should_pass_unordered() {
    assertThat(TraceFixture.travel()).toolCalls().containsExactlyInAnyOrder(
        call("get_weather").withArgumentsContaining("{\"city\":\"Rome\"}"),
        call("get_time"),
        call("get_weather"));
  }

  @Test
  void should_fail_unordered_if_a_call_is_missing_and_one_is_extra() {
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().containsExactlyInAnyOrder(
            call("get_weather").withArgumentsContaining("{\"city\":\"Oslo\"}"),
            call("get_time"),
            call("get_weather")))
        .hasMessage("""
            Expecting the tool calls of the trace of "plansATrip" to be exactly these, in any order:
              1. get_weather containing {"city":"Oslo"}
              2. get_time
              3. get_weather
            but they were:
              1. get_weather {"city":"Paris","unit":"C"} → sunny
              2. get_time {"city":"Paris"} → 12:00
              3. get_weather {"city":"Rome","unit":"C"} → rain
            missing: get_weather containing {"city":"Oslo"} (closest: get_weather was called with {"city":"Paris","unit":"C"}; expected arguments containing {"city":"Oslo"})
            unexpected: get_weather {"city":"Rome","unit":"C"} → rain
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain
                  ▲ unexpected call""");
  }

  @Test
  void should_pass_superset_and_subset() {
    assertThat(TraceFixture.travel()).toolCalls()
        .contains(call("get_time"), call("get_weather").withArguments("{\"unit\":\"C\",\"city\":\"Rome\"}"))
        .isSubsetOf(call("get_weather"), call("get_weather"), call("get_time"), call("book_hotel"));
  }

  @Test
  void should_fail_superset_if_a_call_is_missing() {
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().contains(call("book_hotel")))
        .hasMessage("""
            Expecting the tool calls of the trace of "plansATrip" to be a superset of:
              1. book_hotel
            but they were:
              1. get_weather {"city":"Paris","unit":"C"} → sunny
              2. get_time {"city":"Paris"} → 12:00
              3. get_weather {"city":"Rome","unit":"C"} → rain
            missing: book_hotel
            """ + TREE);
  }

  @Test
  void should_fail_subset_if_a_call_is_not_allowed() {
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().isSubsetOf(call("get_weather"), call("get_weather")))
        .hasMessageContaining("""
            unexpected: get_time {"city":"Paris"} → 12:00
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
                  ▲ not among the allowed calls""");
  }

  @Test
  void should_check_a_subsequence() {
    assertThat(TraceFixture.travel()).toolCalls().containsSubsequence(call("get_weather"), call("get_weather"));
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls()
            .containsSubsequence(call("get_time"), call("get_weather").withResult("sunny")))
        .hasMessageContaining("no call matched get_weather → sunny after get_time\n");
  }

  /** Two divisions: 4/2, and one whose arguments have no divisor. */
  private static AgentTrace divisions() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "calc");
    f.tool(agent, "divide", "{\"a\":4,\"b\":2}", "2");
    f.tool(agent, "divide", "{\"a\":1}", null);
    return f.trace().withLabel("divides");
  }

  @Test
  void should_take_a_condition_that_throws_as_a_mismatch_of_that_call() {
    // the condition is tried on the call without "b" too: its NullPointerException must not escape
    assertThat(divisions()).toolCalls().containsExactlyInAnyOrder(
        call("divide").withArgumentsMatching(args -> args.get("b").asInt() != 0, "a non-zero divisor"),
        call("divide"));
    assertThatThrownBy(() -> assertThat(divisions()).toolCalls().element(1)
            .matches(call("divide").withArgumentsMatching(args -> {
              throw new IllegalStateException("no divisor");
            }, "a non-zero divisor")))
        .hasMessage("""
            Expecting tool call divide of the trace of "divides" to be divide with a non-zero divisor but divide was \
            called with {"a":1}; expected a non-zero divisor, but the condition threw \
            java.lang.IllegalStateException: no divisor
            in the trace:
              invoke_agent calc
              ├── execute_tool divide  {"a":4,"b":2} → 2
              └── execute_tool divide  {"a":1}
                  ▲ divide was called with {"a":1}; expected a non-zero divisor, but the condition threw \
            java.lang.IllegalStateException: no divisor""");
  }

  @Test
  void should_match_arguments_with_a_custom_condition() {
    assertThat(TraceFixture.travel()).toolCalls().element(1)
        .matches(call("get_time").withArgumentsMatching(args -> args.get("city").asText().startsWith("P"), "a city in P"));
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().first()
            .matches(call("get_weather").withArgumentsMatching(args -> args.has("country"), "a country")))
        .hasMessage("""
            Expecting tool call get_weather of the trace of "plansATrip" to be get_weather with a country but \
            get_weather was called with {"city":"Paris","unit":"C"}; expected a country
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
                  ▲ get_weather was called with {"city":"Paris","unit":"C"}; expected a country
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain""");
  }

  @Test
  void should_count_calls() {
    assertThat(TraceFixture.travel()).toolCalls().calledTimes("get_weather", 2).calledOnce("get_time").neverCalled("book_hotel")
        .hasSize(3).count().isAtMost(3);
    assertThat(TraceFixture.travel()).toolCalls().tool("get_weather").hasSize(2).last().hasResult("rain");
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().tool("get_weather").containsExactly(call("get_weather")))
        .hasMessageStartingWith("Expecting the tool calls of the trace of \"plansATrip\" (get_weather only) to be "
            + "exactly, in order:\n  1. get_weather\nbut they were:\n  1. get_weather {\"city\":\"Paris\",\"unit\":\"C\"} → sunny\n"
            + "  2. get_weather {\"city\":\"Rome\",\"unit\":\"C\"} → rain\ncall #2 was not expected:");
  }

  @Test
  void should_fail_calledOnce_naming_the_second_call() {
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().calledOnce("get_weather"))
        .hasMessage("""
            Expecting the trace of "plansATrip" to call get_weather once but it was called twice
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain
                  ▲ call #2 of get_weather""");
  }

  @Test
  void should_fail_neverCalled() {
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().neverCalled("get_time"))
        .hasMessage("""
            Expecting the trace of "plansATrip" never to call get_time but it was called once
            in the trace:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
                  ▲ call #1 of get_time
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain""");
  }

  @Test
  void should_fail_hasSize() {
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().hasSize(2))
        .hasMessage("""
            Expecting the trace of "plansATrip" to make 2 tool calls but it made 3:
              1. get_weather {"city":"Paris","unit":"C"} → sunny
              2. get_time {"city":"Paris"} → 12:00
              3. get_weather {"city":"Rome","unit":"C"} → rain
            """ + TREE);
  }

  @Test
  void should_check_errors() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "calc");
    Span divide = f.tool(agent, "divide", "{\"a\":1,\"b\":0}", null);
    f.fail(divide, "java.lang.ArithmeticException");
    AgentTrace trace = f.trace();
    assertThat(trace).toolCalls().containsExactly(call("divide").failedWith("*ArithmeticException"));
    assertThat(trace).toolCalls().first().hasError("java.lang.ArithmeticException");
    assertThatThrownBy(() -> assertThat(trace).toolCalls().haveNoErrors())
        .hasMessage("""
            Expecting the trace to have no failed tool call but divide failed with error: java.lang.ArithmeticException
            in the trace:
              invoke_agent calc
              └── execute_tool divide  {"a":1,"b":0}  error: java.lang.ArithmeticException
                  ▲ error: java.lang.ArithmeticException""");
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).toolCalls()
            .containsExactly(call("calculate").failed()))
        .hasMessageContaining("call #1 differs: calculate did not fail; expected error: *\n");
  }

  @Test
  void should_fail_navigating_to_a_missing_call() {
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).toolCalls().element(5))
        .hasMessage("""
            Expecting the trace of "plansATrip" to contain tool call #6 but it has none (3 tool calls)
            """ + TREE);
  }
}
