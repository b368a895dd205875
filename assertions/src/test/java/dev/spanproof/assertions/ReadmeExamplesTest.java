package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.call;

import dev.spanproof.assertions.conventions.Attrs;
import dev.spanproof.assertions.conventions.Conventions;
import dev.spanproof.assertions.conventions.SpanFacts;
import dev.spanproof.assertions.conventions.TraceConvention;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every example of README.md, compiled and run; keep the two in step. */
class ReadmeExamplesTest {

  private final AgentTrace calculator = TraceFixture.calculator();
  private final AgentTrace planner = MultiAgentFixture.planner();

  private static AgentTrace travel() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "travel");
    f.tool(agent, "get_weather", "{\"city\":\"Paris\",\"unit\":\"C\"}", "sunny");
    f.tool(agent, "get_time", "{\"city\":\"Paris\"}", "12:00");
    f.tool(agent, "get_weather", "{\"city\":\"Rome\",\"unit\":\"C\"}", "rain");
    return f.trace();
  }

  @Test
  void intro() {
    AgentTrace trace = calculator;
    assertThat(trace)
        .hasShape("""
            invoke_agent assistant
              chat gpt-4
              execute_tool calculate  {"a":2,"b":2} → 4
              chat gpt-4
            """)
        .toolCalls().containsExactly(call("calculate").withArguments("{\"a\":2,\"b\":2}").withResult("4"));
    assertThat(trace).tokens().hasInput(22).hasOutput(23);
    assertThat(trace).tokens().total().isAtMost(2_000);
  }

  @Test
  void the_trace_model() {
    AgentTrace trace = planner;
    org.assertj.core.api.Assertions.assertThat(trace.llmCalls()).hasSize(3);
    org.assertj.core.api.Assertions.assertThat(trace.toolCalls()).hasSize(2);
    org.assertj.core.api.Assertions.assertThat(trace.requestedToolCalls()).isEmpty();
    org.assertj.core.api.Assertions.assertThat(trace.tokens()).isEqualTo(TokenUsage.of(112, 60));
    org.assertj.core.api.Assertions.assertThat(trace.tokensByModel()).hasToString("{gpt-4o=12→30, gpt-4o-mini=100→30}");
    org.assertj.core.api.Assertions.assertThat(trace.agent("planner")).isPresent();
    org.assertj.core.api.Assertions.assertThat(trace.spansNamed("chat *")).hasSize(3);
    org.assertj.core.api.Assertions.assertThat(trace.spansWithOperation("execute_tool")).hasSize(2);
    org.assertj.core.api.Assertions.assertThat(trace.spansWithAttribute("session.id", "s-42")).hasSize(1);
    org.assertj.core.api.Assertions.assertThat(trace.errors()).isEmpty();
    org.assertj.core.api.Assertions.assertThat(trace.lint().isClean()).isTrue();
    org.assertj.core.api.Assertions.assertThat(trace.render()).isEqualTo(MultiAgentFixture.TREE.stripIndent());
  }

  @Test
  void shapes() {
    AgentTrace trace = planner;
    assertThat(trace).hasShape("""
        invoke_agent planner
          chat gpt-4o                     tokens 12→30
          execute_tool percentage_change  {"start":100,"end":120} → 20.0
          invoke_agent data_analyst
            chat *
            ...
        """);
  }

  @Test
  void tool_calls() {
    AgentTrace trace = travel();
    call("search");
    call("calculate").withArguments("{\"a\":2,\"b\":2}");
    call("get_weather").withArgumentsContaining("{\"city\":\"Paris\"}");
    call("divide").withArgumentsMatching(args -> args.path("b").asInt() != 0, "a non-zero divisor");
    call("calculate").withResult("4");
    call("divide").failedWith("*ArithmeticException");

    assertThat(trace).toolCalls().containsExactly(call("get_weather"), call("get_time"), call("get_weather"));
    assertThat(trace).toolCalls().containsExactlyInAnyOrder(call("get_time"), call("get_weather"), call("get_weather"));
    assertThat(trace).toolCalls().contains(call("get_time"));
    assertThat(trace).toolCalls().isSubsetOf(call("get_weather"), call("get_weather"), call("get_time"), call("book_hotel"));
    assertThat(trace).toolCalls().containsSubsequence(call("get_weather"), call("get_weather"));

    assertThat(trace).toolCalls().calledOnce("get_time").calledTimes("get_weather", 2).neverCalled("book_hotel");
    assertThat(trace).toolCalls().hasSize(3).count().isAtMost(3);
    assertThat(trace).toolCalls().tool("get_weather").last().hasArgumentsContaining("{\"city\":\"Rome\"}").hasResult("rain");
    assertThat(trace).toolCalls().haveNoErrors();
  }

  @Test
  void schemas_and_requests() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.chatOfferingCalculate(agent, "call_1", "calculate", "{\"a\":2,\"b\":2}");
    Span tool = f.tool(agent, "calculate", "{\"a\":2,\"b\":2}", "4");
    tool.setAttribute("gen_ai.tool.call.id", "call_1");
    f.chat(agent, "gpt-4", 12, 8);
    AgentTrace trace = f.trace();

    assertThat(trace).toolCalls().haveArgumentsValidAgainstSchemas();
    assertThat(trace).toolCalls().first().hasArgumentsValidAgainstSchema();
    assertThat(trace).llmCalls().first().requestedToolCalls().containsExactly(call("calculate").withArguments("{\"a\":2,\"b\":2}"));
    assertThat(trace).executedEveryRequestedToolCall();
  }

  @Test
  void tokens_counts_and_durations() {
    assertThat(calculator).tokens().hasInput(22).hasOutput(23).hasTotal(45).hasCachedInput(0).hasReasoningOutput(0);
    assertThat(calculator).tokens().total().isAtMost(2_000);
    assertThat(calculator).tokens().isWithinBudget(2_000);
    AgentTrace trace = planner;
    assertThat(trace).agent("data_analyst").tokens().total().isAtMost(1_500);
    assertThat(trace).tokensOfModel("gpt-4o-mini").hasInput(100);
    assertThat(trace).llmCalls().first().tokens().hasOutput(30);
    assertThat(trace).llmCallCount().isAtMost(5);
    assertThat(trace).toolCallCount().isAtLeast(1);
    assertThat(trace).tookAtMost(Duration.ofSeconds(30));
    assertThat(trace).agent("planner").tookAtMost(Duration.ofSeconds(10));
    assertThat(trace).span("chat gpt-4o").duration().isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void navigating() {
    AgentTrace trace = planner;
    assertThat(trace).agent("planner").delegatedTo("data_analyst");
    assertThat(trace).agent("data_analyst").toolCalls().containsExactly(call("get_weather"));
    assertThat(trace).agent("data_analyst").llmCalls().hasSize(2);
    AgentTrace team = MultiAgentFixture.team();
    assertThat(team).agent("planner", 2).tokens().hasOutput(5);
    assertThat(team).tokensOfAgent("planner").total().isAtMost(1_000);

    assertThat(trace).llmCalls().hasSize(3).allHaveUsage().haveNoErrors();
    assertThat(trace).llmCalls().model("gpt-4o-mini").hasSize(2);
    assertThat(trace).llmCalls().first().hasModel("gpt-4o").hasProvider("openai");

    assertThat(trace).span("execute_tool get_*").hasParent("invoke_agent data_analyst").hasDepth(2);
    assertThat(trace).span("invoke_agent planner").children()
        .haveDisplayNames("chat gpt-4o", "execute_tool percentage_change", "invoke_agent data_analyst");
    assertThat(trace).spans("chat *").hasSize(3).last().hasParent("invoke_agent data_analyst");
    assertThat(trace).spansWithOperation("execute_tool").hasSize(2);

    assertThat(trace).agent("planner").span().spanData()
        .hasAttribute(AttributeKey.stringKey("gen_ai.agent.name"), "planner");
  }

  @Test
  void errors_and_attributes() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    Span chat = f.chat(agent, "gpt-4", 1, 1);
    f.fail(chat, "rate_limit_exceeded");
    AgentTrace failed = f.trace();
    assertThat(failed).llmCalls().first().hasError("rate_limit*");
    assertThat(failed).span("chat gpt-4").hasError("rate_limit_exceeded");

    AgentTrace trace = planner;
    assertThat(trace).hasNoErrors();
    assertThat(trace).agent("planner").hasNoErrors();
    assertThat(trace).hasSpanWithAttribute("session.id", "s-42");
    assertThat(trace).agent("planner").span()
        .hasAttribute("langfuse.user.id", "alice")
        .hasAttribute("session.id", "s-*")
        .doesNotHaveAttribute("gen_ai.input.messages");
    assertThat(trace).spanWithAttribute("langsmith.metadata.run", "nightly").hasRole(SpanRole.AGENT);
  }

  @Test
  void lint() {
    AgentTrace trace = planner;
    assertThat(trace).isWellInstrumented();
    LintReport report = trace.lint();
    org.assertj.core.api.Assertions.assertThat(report.isClean()).isTrue();
    assertThat(trace).isWellInstrumented(EnumSet.of(LintRule.TOOL_WITHOUT_ARGUMENTS));
  }

  @Test
  void soft_assertions() {
    AgentTrace trace = calculator;
    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThat(trace).hasShape("invoke_agent assistant\n  ...");
    softly.assertThat(trace).isWellInstrumented();
    softly.assertThat(trace).tokens().total().isAtMost(2_000);
    softly.assertThat(trace).agent("assistant").toolCalls().calledOnce("calculate");
    softly.check(() -> assertThat(trace).span("chat gpt-4").spanData().hasEnded());
    softly.assertAll();
  }

  static class AcmeConvention implements TraceConvention {
    @Override
    public String name() {
      return "acme";
    }

    @Override
    public Optional<SpanFacts> read(SpanData span, Attrs attributes, List<LogRecordData> logs) {
      if (!span.getName().startsWith("acme.")) {
        return Optional.empty();
      }
      return Optional.of(SpanFacts.builder(name(), SpanRole.TOOL)
          .subject(attributes.string("acme.tool"))
          .toolArguments(attributes.string("acme.args"))
          .build());
    }
  }

  @Test
  void your_own_convention() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.span(agent, "acme.run", "acme.tool", "calculate", "acme.args", "{\"a\":2}");
    List<SpanData> spans = f.spans();
    List<LogRecordData> logs = List.of();

    List<TraceConvention> conventions = new ArrayList<>(List.of(new AcmeConvention()));
    conventions.addAll(Conventions.builtIn());
    AgentTrace trace = AgentTrace.of(spans, logs, conventions);

    assertThat(trace).toolCalls().containsExactly(call("calculate").withArguments("{\"a\":2}"));
  }
}
