package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class AgentTraceAssert_hasShape_Test {

  @Test
  void should_pass_for_the_calculator_trace_in_plain_indentation() {
    assertThat(TraceFixture.calculator()).hasShape("""
        invoke_agent assistant
          chat gpt-4
          execute_tool calculate
          chat gpt-4
        """);
  }

  @Test
  void should_pass_for_the_calculator_trace_in_box_drawing_with_annotations() {
    assertThat(TraceFixture.calculator()).hasShape("""
        invoke_agent assistant
        ├── chat gpt-4                  tokens 10→15
        ├── execute_tool calculate      {"b":2, "a":2.0} → 4
        └── chat gpt-4                  tokens 12→8
        """);
  }

  @Test
  void should_pass_for_its_own_rendering() {
    AgentTrace trace = TraceFixture.calculator();
    assertThat(trace).hasShape(trace.render());
  }

  @Test
  void should_fail_for_arguments_that_are_not_json_as_render_shows_them() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.tool(agent, "weather", "Paris", "sunny");
    f.span(agent, "GET  /x");
    AgentTrace trace = f.trace();
    assertThat(trace).hasShape("""
        invoke_agent assistant
          execute_tool weather  "Paris" → sunny
          GET /x
        """);
    assertThatThrownBy(() -> assertThat(trace).hasShape("""
            invoke_agent assistant
              execute_tool weather  "Rome"
              ...
            """))
        .hasMessage("""
            Expecting the trace to have the shape:
              invoke_agent assistant
              ├── execute_tool weather  "Rome"
              └── ...
            but it was:
              invoke_agent assistant
              ├── execute_tool weather  "Paris" → sunny
                  ▲ "execute_tool weather" was called with "Paris"; expected "Rome"
              └── GET /x""");
  }

  @Test
  void should_pass_with_wildcards_and_any_spans() {
    assertThat(TraceFixture.calculator()).hasShape("""
        invoke_agent *
          chat *
          ...
        """);
    assertThat(TraceFixture.calculator()).hasShape("""
        invoke_agent assistant
          ...
          execute_tool calculate  → 4
          ...
        """);
  }

  @Test
  void should_pass_for_parallel_tool_calls_in_any_order() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "data_analyst");
    f.chat(agent, "gpt-4o", 5, 5);
    f.tool(agent, "get_time", "{}", "noon");
    f.tool(agent, "get_weather", "{}", "sunny");
    f.chat(agent, "gpt-4o", 5, 5);
    assertThat(f.trace()).hasShape("""
        invoke_agent data_analyst
        ├── chat *
        ├── (any order)
        │   ├── execute_tool get_weather
        │   └── execute_tool get_time
        └── ...
        """);
  }

  @Test
  void should_fail_if_the_agent_skipped_the_tool() {
    AssertionFailedError error = catchThrowableOfType(AssertionFailedError.class,
        () -> assertThat(TraceFixture.calculatorWithoutTool()).hasShape("""
            invoke_agent assistant
              chat gpt-4
              execute_tool calculate
              chat gpt-4
            """));
    org.assertj.core.api.Assertions.assertThat(error).hasMessage("""
        Expecting the trace of "addsWithTheCalculatorTool" to have the shape:
          invoke_agent assistant
          ├── chat gpt-4
          ├── execute_tool calculate
          └── chat gpt-4
        but it was:
          invoke_agent assistant
          └── chat gpt-4  tokens 10→15
              ▲ expected "execute_tool calculate" next; the agent made no further span""");
    org.assertj.core.api.Assertions.assertThat(error.getExpected().getStringRepresentation()).isEqualTo("""
        invoke_agent assistant
        ├── chat gpt-4
        ├── execute_tool calculate
        └── chat gpt-4""");
    org.assertj.core.api.Assertions.assertThat(error.getActual().getStringRepresentation()).isEqualTo("""
        invoke_agent assistant
        └── chat gpt-4  tokens 10→15""");
  }

  @Test
  void should_fail_if_a_span_is_not_expected() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).hasShape("""
            invoke_agent assistant
              chat gpt-4
            """))
        .hasMessage("""
            Expecting the trace of "addsWithTheCalculatorTool" to have the shape:
              invoke_agent assistant
              └── chat gpt-4
            but it was:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
              ├── execute_tool calculate  {"a":2,"b":2} → 4
                  ▲ unexpected "execute_tool calculate": no further span was expected here (a "..." line allows more)
              └── chat gpt-4              tokens 12→8""");
  }

  @Test
  void should_fail_if_an_annotation_differs() {
    String butItWas = """
        but it was:
          invoke_agent assistant
          ├── chat gpt-4              tokens 10→15
          ├── execute_tool calculate  {"a":2,"b":2} → 4
              ▲ "execute_tool calculate" was called with {"a":2,"b":2}; expected {"a":2,"b":3}
          └── chat gpt-4              tokens 12→8""";
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).hasShape("""
            invoke_agent assistant
              chat gpt-4  tokens 10→15
              execute_tool calculate  {"a":2,"b":3}
              ...
            """))
        .hasMessage("""
            Expecting the trace of "addsWithTheCalculatorTool" to have the shape:
              invoke_agent assistant
              ├── chat gpt-4              tokens 10→15
              ├── execute_tool calculate  {"a":2,"b":3}
              └── ...
            """ + butItWas);
    // between "..." lines the line is tried on every later span too: the near miss is still what is reported
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).hasShape("""
            invoke_agent assistant
              ...
              execute_tool calculate  {"a":2,"b":3}
              ...
            """))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("""
            Expecting the trace of "addsWithTheCalculatorTool" to have the shape:
              invoke_agent assistant
              ├── ...
              ├── execute_tool calculate  {"a":2,"b":3}
              └── ...
            """ + butItWas);
  }

  @Test
  void should_fail_if_a_name_differs_and_describe_without_label() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.chat(agent, "gpt-4", 1, 2);
    assertThatThrownBy(() -> assertThat(f.trace()).hasShape("""
            invoke_agent assistant
              chat claude-*
            """))
        .hasMessage("""
            Expecting the trace to have the shape:
              invoke_agent assistant
              └── chat claude-*
            but it was:
              invoke_agent assistant
              └── chat gpt-4  tokens 1→2
                  ▲ expected "chat claude-*" but found "chat gpt-4\"""");
  }

  @Test
  void should_fail_if_the_unordered_group_is_not_there() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    f.tool(agent, "get_time", "{}", "noon");
    f.tool(agent, "get_news", "{}", "none");
    assertThatThrownBy(() -> assertThat(f.trace()).hasShape("""
            invoke_agent a
              (any order)
                execute_tool get_weather
                execute_tool get_time
            """))
        .hasMessage("""
            Expecting the trace to have the shape:
              invoke_agent a
              └── (any order)
                  ├── execute_tool get_weather
                  └── execute_tool get_time
            but it was:
              invoke_agent a
              ├── execute_tool get_time  {} → noon
                  ▲ expected the "(any order)" group of line 2 here: "execute_tool get_weather", "execute_tool get_time" in any order, found "execute_tool get_time", "execute_tool get_news"; no span of the group is named "execute_tool get_weather"
              └── execute_tool get_news  {} → none""");
  }

  @Test
  void should_name_the_line_of_a_malformed_expectation() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculator()).hasShape("""
            invoke_agent assistant
               chat gpt-4
            """))
        .isInstanceOf(ShapeSyntaxException.class)
        .hasMessage("""
            Malformed trace shape at line 2: an indentation of 3 spaces; expected two spaces per level
              2 |    chat gpt-4""");
  }

  @Test
  void should_honour_the_description() {
    assertThatThrownBy(() -> assertThat(TraceFixture.calculatorWithoutTool()).as("run #2").hasShape("""
            invoke_agent assistant
              chat gpt-4
              execute_tool calculate
            """))
        .hasMessageStartingWith("[run #2] Expecting the trace of \"addsWithTheCalculatorTool\" to have the shape:");
  }

  @Test
  void should_fail_naming_the_line_of_an_unordered_group_whose_annotations_differ() {
    assertThatThrownBy(() -> assertThat(TraceFixture.travel()).hasShape("""
        invoke_agent travel
          (any order)
            execute_tool get_time
            execute_tool get_weather  {"city":"Oslo"}
            execute_tool get_weather
        """))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("""
            Expecting the trace of "plansATrip" to have the shape:
              invoke_agent travel
              └── (any order)
                  ├── execute_tool get_time
                  ├── execute_tool get_weather  {"city":"Oslo"}
                  └── execute_tool get_weather
            but it was:
              invoke_agent travel
              ├── execute_tool get_weather  {"city":"Paris","unit":"C"} → sunny
                  ▲ expected the "(any order)" group of line 2 here: "execute_tool get_time", \
            "execute_tool get_weather  {"city":"Oslo"}", "execute_tool get_weather" in any order, found \
            "execute_tool get_weather", "execute_tool get_time", "execute_tool get_weather"; \
            "execute_tool get_weather  {"city":"Oslo"}" matches none: "execute_tool get_weather" was called with \
            {"city":"Paris","unit":"C"}; expected {"city":"Oslo"}
              ├── execute_tool get_time     {"city":"Paris"} → 12:00
              └── execute_tool get_weather  {"city":"Rome","unit":"C"} → rain""");
  }

  @Test
  void should_fail_on_extra_spans_under_nested_unordered_groups() {
    AgentTrace trace = TraceFixture.agentCalling("a", "x", "{}", "1", "y", "{}", "1", "z", "{}", "1");
    assertThatThrownBy(() -> assertThat(trace).hasShape("""
        invoke_agent a
          (any order)
            (any order)
              (any order)
                execute_tool x
        """))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("""
            Expecting the trace to have the shape:
              invoke_agent a
              └── (any order)
                  └── (any order)
                      └── (any order)
                          └── execute_tool x
            but it was:
              invoke_agent a
              ├── execute_tool x  {} → 1
              ├── execute_tool y  {} → 1
                  ▲ unexpected "execute_tool y": no further span was expected here (a "..." line allows more)
              └── execute_tool z  {} → 1""");
  }
}
