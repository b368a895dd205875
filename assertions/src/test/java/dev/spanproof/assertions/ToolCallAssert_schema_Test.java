package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.Test;

/** Where a tool call's JSON schema comes from, and schemas that cannot validate anything. */
class ToolCallAssert_schema_Test {

  private static AgentTrace offeringCalcWithParameters(String parameters, String arguments) {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    f.span(agent, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4",
        "gen_ai.tool.definitions", "[{\"type\":\"function\",\"name\":\"calc\",\"parameters\":" + parameters + "}]");
    f.tool(agent, "calc", arguments, "4");
    return f.trace().withLabel("calcs");
  }

  private static String search(String required) {
    return "[{\"type\":\"function\",\"name\":\"search\",\"parameters\":{\"type\":\"object\",\"properties\":{\""
        + required + "\":{\"type\":\"string\"}},\"required\":[\"" + required + "\"],\"additionalProperties\":false}}]";
  }

  private static String asking(String id, String arguments) {
    return "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"" + id + "\",\"name\":\"search\","
        + "\"arguments\":" + arguments + "}]}]";
  }

  @Test
  void the_schema_is_the_one_of_the_llm_call_that_asked_for_the_tool_call() {
    TraceFixture f = new TraceFixture();
    Span planner = f.agent(null, "planner");
    f.span(planner, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4",
        "gen_ai.tool.definitions", search("query"), "gen_ai.output.messages", asking("p1", "{\"q\":\"x\"}"));
    Span researcher = f.agent(planner, "researcher");
    f.span(researcher, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4",
        "gen_ai.tool.definitions", search("q"), "gen_ai.output.messages", asking("r1", "{\"q\":\"y\"}"));
    f.span(researcher, "execute_tool search", "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "search",
        "gen_ai.tool.call.id", "r1", "gen_ai.tool.call.arguments", "{\"q\":\"y\"}");
    // the planner's own call p1: {"q":..} violates the schema of the planner's chat, not the researcher's
    f.span(planner, "execute_tool search", "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "search",
        "gen_ai.tool.call.id", "p1", "gen_ai.tool.call.arguments", "{\"q\":\"x\"}");
    AgentTrace trace = f.trace();
    assertThat(trace).toolCalls().first().hasArgumentsValidAgainstSchema();
    assertThatThrownBy(() -> assertThat(trace).toolCalls().last().hasArgumentsValidAgainstSchema())
        .hasMessageStartingWith("Expecting the arguments of tool call search of the trace to be valid against its"
            + " JSON schema but $: property 'q' is not defined in the schema and the schema does not allow additional"
            + " properties; $: required property 'query' not found\nin the trace:\n");
  }

  @Test
  void null_parameters_are_no_schema() {
    assertThatThrownBy(() -> assertThat(offeringCalcWithParameters("null", "{\"anything\":true}")).toolCalls().first()
        .hasArgumentsValidAgainstSchema())
        .hasMessage("""
            Expecting the arguments of tool call calc of the trace of "calcs" to be valid against its JSON schema but \
            the trace declares no JSON schema for calc (its LLM spans offer it without parameters, or with parameters \
            that are no JSON schema object)
            in the trace:
              invoke_agent a
              ├── chat gpt-4         
              └── execute_tool calc  {"anything":true} → 4
                  ▲ the trace declares no JSON schema for calc (its LLM spans offer it without parameters, or with \
            parameters that are no JSON schema object)""");
  }

  @Test
  void parameters_recorded_as_json_text_are_read_as_the_schema() {
    String asText = "\"{\\\"type\\\":\\\"object\\\",\\\"required\\\":[\\\"a\\\"]}\"";
    assertThat(offeringCalcWithParameters(asText, "{\"a\":1}")).toolCalls().first().hasArgumentsValidAgainstSchema();
    assertThatThrownBy(() -> assertThat(offeringCalcWithParameters(asText, "{}")).toolCalls().first()
        .hasArgumentsValidAgainstSchema())
        .hasMessageStartingWith("Expecting the arguments of tool call calc of the trace of \"calcs\" to be valid against"
            + " its JSON schema but $: required property 'a' not found\n");
  }

  @Test
  void a_tool_offered_without_parameters_is_not_reported_as_not_offered() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    f.span(agent, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4",
        "gen_ai.tool.definitions", "[{\"type\":\"function\",\"name\":\"now\"}]");
    f.tool(agent, "now", "{}", "12:00");
    assertThatThrownBy(() -> assertThat(f.trace()).toolCalls().first().hasArgumentsValidAgainstSchema())
        .hasMessageStartingWith("Expecting the arguments of tool call now of the trace to be valid against its JSON"
            + " schema but the trace declares no JSON schema for now (its LLM spans offer it without parameters, or"
            + " with parameters that are no JSON schema object)\n");
  }

  @Test
  void a_schema_that_cannot_be_used_fails_the_assertion_and_reaches_nothing() {
    String unresolvable = "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/Number\"}}}";
    // a remote $ref is not fetched
    String remote = "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"https://schemas.example.invalid/n.json\"}}}";
    for (String schema : java.util.List.of(unresolvable, remote)) {
      assertThatThrownBy(() -> assertThat(offeringCalcWithParameters(schema, "{\"a\":1}")).toolCalls().first()
          .hasArgumentsValidAgainstSchema())
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith("Expecting the arguments of tool call calc of the trace of \"calcs\" to be valid"
              + " against its JSON schema but the JSON schema the trace declares for calc cannot be used (")
          .hasMessageContaining(": " + schema + "\n");
    }
    // under soft assertions it is one collected failure
    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThat(offeringCalcWithParameters(unresolvable, "{\"a\":1}")).toolCalls().haveArgumentsValidAgainstSchemas();
    org.assertj.core.api.Assertions.assertThat(softly.assertionErrorsCollected()).hasSize(1);
  }

  @Test
  void a_request_traced_twice_and_executed_once_is_executed() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    Span outer = f.chatOfferingCalculate(agent, "c1", "calculate", "{\"a\":2,\"b\":2}");
    f.chatOfferingCalculate(outer, "c1", "calculate", "{\"a\":2,\"b\":2}");
    f.span(agent, "execute_tool calculate", "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "calculate",
        "gen_ai.tool.call.id", "c1", "gen_ai.tool.call.arguments", "{\"a\":2,\"b\":2}", "gen_ai.tool.call.result", "4");
    assertThat(f.trace()).executedEveryRequestedToolCall();
  }
}
