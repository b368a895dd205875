package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.call;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NavigationTest {

  private final AgentTrace trace = MultiAgentFixture.planner();

  @Test
  void renders_the_design_example() {
    org.assertj.core.api.Assertions.assertThat(trace.render()).isEqualTo(MultiAgentFixture.TREE.stripIndent());
  }

  @Test
  void navigates_to_an_agent() {
    assertThat(trace).agent("planner").delegatedTo("data_analyst")
        .hasShape("""
            invoke_agent planner
            ├── chat gpt-4o
            ├── execute_tool percentage_change  {"start":100,"end":120} → 20.0
            └── invoke_agent data_analyst
                ├── chat *
                └── ...
            """);
    assertThat(trace).agent("data_analyst").toolCalls().containsExactly(call("get_weather"));
    assertThat(trace).agent("data_analyst").llmCalls().hasSize(2);
    assertThat(trace).agent("data_analyst").tokens().hasInput(100).hasOutput(30).total().isAtMost(1_500);
    assertThat(trace).agent("planner").tokens().hasTotal(172);
  }

  @Test
  void should_fail_navigating_to_an_unknown_agent() {
    assertThatThrownBy(() -> assertThat(trace).agent("writer"))
        .hasMessage("Expecting the trace of \"delegates\" to contain an agent named \"writer\" but it has none "
            + "(agents: \"planner\", \"data_analyst\")\nin the trace:\n" + indented());
  }

  @Test
  void should_fail_delegatedTo() {
    assertThatThrownBy(() -> assertThat(trace).agent("data_analyst").delegatedTo("planner"))
        .hasMessage("Expecting agent \"data_analyst\" of the trace of \"delegates\" to delegate to agent \"planner\" "
            + "but it ran no sub-agent\nin the trace:\n" + indented().replace(
                "  └── invoke_agent data_analyst\n", "  └── invoke_agent data_analyst\n      ▲ this run\n"));
  }

  @Test
  void should_fail_an_agent_shape_marking_the_trace() {
    assertThatThrownBy(() -> assertThat(trace).agent("data_analyst").hasShape("""
            invoke_agent data_analyst
              chat gpt-4o-mini
              chat gpt-4o-mini
            """))
        .hasMessage("""
            Expecting agent "data_analyst" of the trace of "delegates" to have the shape:
              invoke_agent data_analyst
              ├── chat gpt-4o-mini
              └── chat gpt-4o-mini
            but it was:
              invoke_agent planner
              ├── chat gpt-4o                     tokens 12→30
              ├── execute_tool percentage_change  {"start":100,"end":120} → 20.0
              └── invoke_agent data_analyst
                  ├── chat gpt-4o-mini            tokens 40→10
                  ├── execute_tool get_weather    {"city":"Paris"} → sunny
                      ▲ expected "chat gpt-4o-mini" but found "execute_tool get_weather"
                  └── chat gpt-4o-mini            tokens 60→20""");
  }

  @Test
  void navigates_llm_calls_by_model() {
    assertThat(trace).llmCalls().hasSize(3).allHaveUsage().haveNoErrors();
    assertThat(trace).llmCalls().model("gpt-4o-mini").hasSize(2).tokens().hasInput(100);
    assertThat(trace).tokensOfModel("gpt-4o").hasTotal(42);
    assertThat(trace).llmCalls().first().hasModel("gpt-4o").hasProvider("openai").hasNoError().tokens().hasOutput(30);
    assertThat(trace).llmCallCount().isAtMost(3);
    assertThat(trace).toolCallCount().isAtLeast(2);
    org.assertj.core.api.Assertions.assertThat(trace.tokensByModel())
        .containsExactly(org.assertj.core.api.Assertions.entry("gpt-4o", TokenUsage.of(12, 30)),
            org.assertj.core.api.Assertions.entry("gpt-4o-mini", TokenUsage.of(100, 30)));
  }

  @Test
  void should_fail_llm_call_count() {
    assertThatThrownBy(() -> assertThat(trace).llmCalls().hasSize(2))
        .hasMessage("""
            Expecting the trace of "delegates" to have 2 LLM calls but it has 3:
              1. chat gpt-4o tokens 12→30
              2. chat gpt-4o-mini tokens 40→10
              3. chat gpt-4o-mini tokens 60→20
            in the trace:
            """ + indented());
    assertThatThrownBy(() -> assertThat(trace).llmCallCount().isAtMost(2))
        .hasMessage("Expecting the number of LLM calls of the trace of \"delegates\" to be at most 2 but it was 3 (1 over)"
            + "\nin the trace:\n" + indented());
  }

  @Test
  void should_fail_a_model_check() {
    assertThatThrownBy(() -> assertThat(trace).llmCalls().last().hasModel("gpt-4o"))
        .hasMessage("""
            Expecting LLM call "chat gpt-4o-mini" of the trace of "delegates" to use model gpt-4o but it requested gpt-4o-mini and recorded no response model
            in the trace:
              invoke_agent planner
              ├── chat gpt-4o                     tokens 12→30
              ├── execute_tool percentage_change  {"start":100,"end":120} → 20.0
              └── invoke_agent data_analyst
                  ├── chat gpt-4o-mini            tokens 40→10
                  ├── execute_tool get_weather    {"city":"Paris"} → sunny
                  └── chat gpt-4o-mini            tokens 60→20
                      ▲ model gpt-4o-mini""");
  }

  @Test
  void reaches_custom_attributes_and_opentelemetry_span_assertions() {
    assertThat(trace).hasSpanWithAttribute("session.id", "s-42");
    assertThat(trace).agent("planner").span().hasAttribute("langfuse.user.id", "alice").hasAttribute("session.id", "s-*")
        .doesNotHaveAttribute("gen_ai.input.messages").hasDepth(0).hasRole(SpanRole.AGENT).hasNoError()
        .spanData().hasAttribute(AttributeKey.stringKey("gen_ai.agent.name"), "planner");
    assertThat(trace).span("execute_tool get_*").hasParent("invoke_agent data_analyst").hasDepth(2)
        .tookAtMost(Duration.ofSeconds(1));
    assertThat(trace).spanWithAttribute("gen_ai.tool.name", "percentage_change").hasRole(SpanRole.TOOL);
  }

  @Test
  void should_fail_an_attribute_check() {
    assertThatThrownBy(() -> assertThat(trace).agent("planner").span().hasAttribute("langfuse.user.id", "bob"))
        .hasMessage("""
            Expecting span "invoke_agent planner" of the trace of "delegates" to have attribute langfuse.user.id = "bob" but it was "alice"
            in the trace:
              invoke_agent planner
              ▲ langfuse.user.id = "alice"
              ├── chat gpt-4o                     tokens 12→30
              ├── execute_tool percentage_change  {"start":100,"end":120} → 20.0
              └── invoke_agent data_analyst
                  ├── chat gpt-4o-mini            tokens 40→10
                  ├── execute_tool get_weather    {"city":"Paris"} → sunny
                  └── chat gpt-4o-mini            tokens 60→20""");
    assertThatThrownBy(() -> assertThat(trace).span("chat gpt-4o").hasAttribute("user.id"))
        .hasMessageStartingWith("Expecting span \"chat gpt-4o\" of the trace of \"delegates\" to have attribute user.id "
            + "but it has none; its attributes: gen_ai.operation.name, gen_ai.provider.name, gen_ai.request.model, "
            + "gen_ai.usage.input_tokens, gen_ai.usage.output_tokens\n");
    assertThatThrownBy(() -> assertThat(trace).span("invoke_agent planner").doesNotHaveAttribute("session.id"))
        .hasMessageStartingWith("Expecting span \"invoke_agent planner\" of the trace of \"delegates\" not to have "
            + "attribute session.id but it was \"s-42\"\n");
  }

  @Test
  void should_fail_finding_a_span() {
    assertThatThrownBy(() -> assertThat(trace).span("retrieval *"))
        .hasMessage("Expecting the trace of \"delegates\" to contain a span named \"retrieval *\" but it has none "
            + "(7 spans, none of that name)\nin the trace:\n" + indented());
  }

  @Test
  void checks_errors_across_the_trace() {
    assertThat(trace).hasNoErrors();
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    Span chat = f.chat(agent, "gpt-4", 1, 1);
    f.fail(chat, "rate_limit_exceeded");
    AgentTrace failed = f.trace();
    assertThat(failed).llmCalls().first().hasError("rate_limit*");
    assertThat(failed).span("chat gpt-4").hasError("rate_limit_exceeded");
    assertThatThrownBy(() -> assertThat(failed).hasNoErrors())
        .hasMessage("""
            Expecting the trace to have no error but these spans failed:
              chat gpt-4  error: rate_limit_exceeded
            in the trace:
              invoke_agent a
              └── chat gpt-4  tokens 1→1  error: rate_limit_exceeded
                  ▲ error: rate_limit_exceeded""");
    assertThatThrownBy(() -> assertThat(failed).agent("a").hasNoErrors())
        .hasMessageStartingWith("Expecting agent \"a\" of the trace to have no error but these spans failed:");
    assertThatThrownBy(() -> assertThat(failed).llmCalls().haveNoErrors())
        .hasMessageStartingWith("Expecting the LLM calls of the trace to have no error but these spans failed:");
  }

  @Test
  void checks_durations() {
    assertThat(trace).tookAtMost(Duration.ofMillis(1));
    assertThat(trace).agent("planner").span().duration().isLessThan(Duration.ofSeconds(1));
    assertThatThrownBy(() -> assertThat(trace).tookAtMost(Duration.ofNanos(3)))
        .hasMessageStartingWith("Expecting the trace of \"delegates\" to take at most 3ns but it took 13ns\n");
    assertThatThrownBy(() -> assertThat(trace).span("chat gpt-4o").tookAtMost(Duration.ZERO))
        .hasMessage("""
            Expecting span "chat gpt-4o" of the trace of "delegates" to take at most 0ns but it took 11ns
            in the trace:
              invoke_agent planner
              ├── chat gpt-4o                     tokens 12→30
                  ▲ took 11ns
              ├── execute_tool percentage_change  {"start":100,"end":120} → 20.0
              └── invoke_agent data_analyst
                  ├── chat gpt-4o-mini            tokens 40→10
                  ├── execute_tool get_weather    {"city":"Paris"} → sunny
                  └── chat gpt-4o-mini            tokens 60→20""");
  }

  @Test
  void queries_spans_by_name_operation_attribute_and_position() {
    org.assertj.core.api.Assertions.assertThat(trace.spansWithOperation("execute_tool")).extracting(AgentSpan::displayName)
        .containsExactly("execute_tool percentage_change", "execute_tool get_weather");
    org.assertj.core.api.Assertions.assertThat(trace.spansNamed("chat gpt-4o*")).hasSize(3);
    org.assertj.core.api.Assertions.assertThat(trace.spansWithAttribute("gen_ai.usage.input_tokens", 40)).hasSize(1);
    AgentSpan weather = trace.spansNamed("execute_tool get_weather").get(0);
    org.assertj.core.api.Assertions.assertThat(weather.enclosingAgent()).get().extracting(AgentSpan::displayName)
        .isEqualTo("invoke_agent data_analyst");
    org.assertj.core.api.Assertions.assertThat(weather.index()).isEqualTo(5);
  }

  @Test
  void queries_spans_of_operations_read_as_no_agent_llm_or_tool_call() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "rag");
    f.span(agent, "embeddings text-embedding-3-small", "gen_ai.operation.name", "embeddings",
        "gen_ai.request.model", "text-embedding-3-small", "gen_ai.provider.name", "openai");
    f.chat(agent, "gpt-4", 1, 2);
    AgentTrace rag = f.trace().withLabel("rag");
    assertThat(rag).spansWithOperation("embeddings").singleElement()
        .hasRole(SpanRole.OTHER).hasAttribute("gen_ai.request.model", "text-embedding-3-small");
    assertThat(rag).spansWithOperation("chat").hasSize(1);
    assertThatThrownBy(() -> assertThat(rag).spansWithOperation("embeddings").hasSize(2))
        .hasMessage("[the embeddings spans of the trace of \"rag\"] \nExpected size: 2 but was: 1 in:\n"
            + "[embeddings text-embedding-3-small]");
  }

  @Test
  void finds_spans_and_parents_by_the_name_the_trace_text_shows() {
    TraceFixture f = new TraceFixture();
    Span http = f.span(null, "GET  /x");
    Span agent = f.agent(http, "a");
    f.chat(agent, "gpt-4", 1, 1);
    AgentTrace trace = f.trace().withLabel("http");
    org.assertj.core.api.Assertions.assertThat(trace.render()).startsWith("GET /x\n");
    assertThat(trace).span("invoke_agent a").hasParent("GET /x").hasParent("GET  /x");
    assertThat(trace).span("GET /x").hasDepth(0);
    assertThatThrownBy(() -> assertThat(trace).span("invoke_agent a").hasParent("GET /y"))
        .hasMessageStartingWith("Expecting span \"invoke_agent a\" of the trace of \"http\" to have parent"
            + " \"GET /y\" but its parent is \"GET  /x\"\nin the trace:\n");
  }

  @Test
  void should_fail_navigating_into_an_empty_span_list_saying_what_there_is() {
    assertThatThrownBy(() -> assertThat(trace).spans("chat gpt-5*").first())
        .hasMessage("Expecting the spans named \"chat gpt-5*\" of the trace of \"delegates\" to contain a first span"
            + " but it has none (no span)\nin the trace:\n" + indented());
    assertThatThrownBy(() -> assertThat(trace).span("invoke_agent data_analyst").children().element(3))
        .hasMessage("Expecting the children of \"invoke_agent data_analyst\" to contain span #4 but it has none"
            + " (3 spans)\nin the trace:\n" + indented());
    assertThatThrownBy(() -> assertThat(trace).span("chat gpt-4o").children().last())
        .hasMessageStartingWith("Expecting the children of \"chat gpt-4o\" to contain a last span but it has none"
            + " (no span)\nin the trace:\n");
    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThat(trace).spans("chat gpt-5*").first().hasDepth(1);
    org.assertj.core.api.Assertions.assertThat(softly.assertionErrorsCollected()).singleElement()
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).startsWith(
            "Expecting the spans named \"chat gpt-5*\" of the trace of \"delegates\" to contain a first span"));
  }

  @Test
  void an_agent_created_then_run_has_one_run() {
    TraceFixture f = new TraceFixture();
    Span main = f.span(null, "main");
    f.span(main, "create_agent assistant", "gen_ai.operation.name", "create_agent", "gen_ai.system", "autogen",
        "gen_ai.agent.name", "assistant");
    Span run = f.span(main, "invoke_agent assistant", "gen_ai.operation.name", "invoke_agent",
        "gen_ai.system", "autogen", "gen_ai.agent.name", "assistant");
    f.chat(run, "gpt-4", 10, 15);
    AgentTrace autogen = f.trace().withLabel("autogen");
    org.assertj.core.api.Assertions.assertThat(autogen.agents()).extracting(r -> r.node().displayName())
        .containsExactly("invoke_agent assistant");
    org.assertj.core.api.Assertions.assertThat(autogen.agent("assistant")).get()
        .extracting(r -> r.node().displayName()).isEqualTo("invoke_agent assistant");
    assertThat(autogen).agent("assistant").llmCalls().hasSize(1);
    assertThat(autogen).spansWithOperation("create_agent").singleElement().hasRole(SpanRole.AGENT);
  }

  @Test
  void navigates_to_one_run_of_an_agent_that_ran_several_times() {
    AgentTrace team = MultiAgentFixture.team();
    org.assertj.core.api.Assertions.assertThat(team.render()).isEqualTo(MultiAgentFixture.TEAM_TREE.stripIndent());
    org.assertj.core.api.Assertions.assertThat(team.agentRuns("planner")).hasSize(2);
    assertThat(team).agent("planner", 1).tokens().hasInput(12).hasOutput(30);
    assertThat(team).agent("planner", 2).tokens().hasInput(50).hasOutput(5);
    assertThat(team).agent("data_analyst").tokens().hasInput(40);
    assertThat(team).agent("data_analyst", 1).tokens().hasInput(40);
    assertThat(team).tokensOfAgent("planner").hasInput(62).hasOutput(35);
  }

  @Test
  void should_fail_navigating_to_an_agent_that_ran_several_times_without_saying_which_run() {
    assertThatThrownBy(() -> assertThat(MultiAgentFixture.team()).agent("planner").tokens().total().isAtMost(100))
        .hasMessage("""
            Expecting the trace of "team" to have one run of agent "planner" to navigate to, but it ran 2 times; \
            pick one with agent("planner", 1) to agent("planner", 2) (in tree order), or sum their tokens with \
            tokensOfAgent("planner")
            in the trace:
            """ + TraceFixture.marked(MultiAgentFixture.TEAM_TREE, 5, 1, "run 2 of \"planner\""));
  }

  @Test
  void should_fail_navigating_to_a_run_the_agent_did_not_have() {
    assertThatThrownBy(() -> assertThat(MultiAgentFixture.team()).agent("data_analyst", 2))
        .hasMessage("""
            Expecting the trace of "team" to have a run 2 of agent "data_analyst" but it ran once
            in the trace:
            """ + TraceFixture.marked(MultiAgentFixture.TEAM_TREE, 3, 1, "run 1 of \"data_analyst\", the last"));
    assertThatThrownBy(() -> assertThat(MultiAgentFixture.team()).agent("planner", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agent(\"planner\", 0): runs are counted from 1");
  }

  @Test
  void should_fail_a_budget_over_every_run_of_an_agent() {
    assertThatThrownBy(() -> assertThat(MultiAgentFixture.team()).tokensOfAgent("planner").total().isAtMost(90))
        .hasMessage("""
            Expecting the total tokens of the 2 runs of agent "planner" of the trace of "team" to be at most 90 but \
            it was 97 (7 over)
            in the trace:
            """ + TraceFixture.marked(MultiAgentFixture.TEAM_TREE, -1, 0, ""));
    assertThatThrownBy(() -> assertThat(MultiAgentFixture.team()).tokensOfAgent("writer"))
        .hasMessageStartingWith("Expecting the trace of \"team\" to contain an agent named \"writer\" but it has none"
            + " (agents: \"planner\", \"data_analyst\")\nin the trace:\n");
  }

  private static String indented() {
    return MultiAgentFixture.TREE.stripIndent().replaceAll("(?m)^", "  ");
  }

  @Test
  void navigates_children_descendants_and_ancestors() {
    assertThat(trace).span("invoke_agent planner").children()
        .haveDisplayNames("chat gpt-4o", "execute_tool percentage_change", "invoke_agent data_analyst")
        .element(2).hasRole(SpanRole.AGENT);
    assertThat(trace).span("invoke_agent planner").descendants().hasSize(6);
    assertThat(trace).span("execute_tool get_weather").ancestors()
        .haveDisplayNames("invoke_agent data_analyst", "invoke_agent planner");
    assertThat(trace).spans("chat *").hasSize(3).last().hasParent("invoke_agent data_analyst");
    assertThat(trace).spansWithOperation("execute_tool").hasSize(2);
    assertThatThrownBy(() -> assertThat(trace).span("invoke_agent data_analyst").children().haveDisplayNames("chat *"))
        .hasMessage("""
            Expecting the children of "invoke_agent data_analyst" to be:
              chat *
            but they were:
              chat gpt-4o-mini
              execute_tool get_weather
              chat gpt-4o-mini
            in the trace:
            """ + indented());
  }

  @Test
  void appends_the_appendix_to_shape_failures() {
    AgentTrace withTranscript = TraceFixture.calculatorWithoutTool().withAppendix("""
        LLM exchange:
          #1 user "What is 2+2?"  →  scripted tool call calculate {"a":2,"b":2}
        """);
    assertThatThrownBy(() -> assertThat(withTranscript).hasShape("invoke_agent assistant\n  execute_tool calculate"))
        .hasMessageEndingWith("""
                ▲ expected "execute_tool calculate" but found "chat gpt-4"
            LLM exchange:
              #1 user "What is 2+2?"  →  scripted tool call calculate {"a":2,"b":2}""");
  }
}
