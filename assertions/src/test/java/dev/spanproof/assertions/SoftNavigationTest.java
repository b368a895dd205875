package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.AssertJMultipleFailuresError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Soft assertions stay soft through every navigation, and a failed navigation is one failure. */
class SoftNavigationTest {

  private static final AgentTrace TRACE = MultiAgentFixture.planner();

  /** A failing chain through each navigation spanproof offers. */
  static Stream<Arguments> failingChains() {
    return Stream.of(
        chain("toolCalls()", t -> t.toolCalls().calledOnce("search")),
        chain("tokens()", t -> t.tokens().hasInput(1)),
        chain("tokens().total()", t -> t.tokens().total().isAtMost(10)),
        chain("tokens().input() (AssertJ's own isEqualTo)", t -> t.tokens().input().isEqualTo(3)),
        chain("llmCalls()", t -> t.llmCalls().hasSize(9)),
        chain("llmCalls().count()", t -> t.llmCalls().count().isAtLeast(9)),
        chain("llmCalls().first()", t -> t.llmCalls().first().hasModel("claude*")),
        chain("llmCalls().last().tokens()", t -> t.llmCalls().last().tokens().hasOutput(1)),
        chain("llmCalls().element(1).span()", t -> t.llmCalls().element(1).span().hasAttribute("k", "v")),
        chain("llmCalls().model(glob).tokens()", t -> t.llmCalls().model("gpt-4o-mini").tokens().hasTotal(1)),
        chain("llmCalls().first().requestedToolCalls()", t -> t.llmCalls().first().requestedToolCalls().calledOnce("x")),
        chain("agent(name)", t -> t.agent("data_analyst").delegatedTo("planner")),
        chain("agent(name).toolCalls()", t -> t.agent("data_analyst").toolCalls().neverCalled("get_weather")),
        chain("agent(name).llmCalls()", t -> t.agent("data_analyst").llmCalls().isEmpty()),
        chain("agent(name).tokens()", t -> t.agent("planner").tokens().isWithinBudget(100)),
        chain("agent(name).span()", t -> t.agent("planner").span().hasAttribute("session.id", "s-1")),
        chain("agent(name, run)", t -> t.agent("planner", 1).delegatedTo("nobody")),
        chain("agent(name, missing run)", t -> t.agent("planner", 2).hasNoErrors()),
        chain("tokensOfAgent(name)", t -> t.tokensOfAgent("planner").hasOutput(1)),
        chain("span(name)", t -> t.span("chat gpt-4o").hasError()),
        chain("span(name).children()", t -> t.span("invoke_agent planner").children().haveDisplayNames("chat gpt-4o")),
        chain("span(name).descendants()", t -> t.span("invoke_agent data_analyst").descendants().hasSize(1)),
        chain("span(name).ancestors().first()", t -> t.span("chat gpt-4o").ancestors().first().hasDepth(3)),
        chain("span(name).children().last()", t -> t.span("invoke_agent planner").children().last().hasNoError()
            .hasAttribute("k", "v")),
        chain("span(name).children().element(i)", t -> t.span("invoke_agent planner").children().element(0)
            .hasRole(SpanRole.TOOL)),
        chain("spans(glob).singleElement()", t -> t.spans("chat gpt-4o").singleElement().hasParent("nobody")),
        chain("spans(glob).filteredOn(..)", t -> t.spans("*").filteredOn(s -> s.displayName().startsWith("chat"))
            .haveDisplayNames("x")),
        chain("spans(glob).filteredOn(..).first()", t -> t.spans("*")
            .filteredOn(s -> s.displayName().startsWith("invoke")).first().hasDepth(7)),
        chain("spans(glob).filteredOn(..).first().children()", t -> t.spans("*")
            .filteredOn(s -> s.displayName().startsWith("invoke")).first().children().hasSize(99)),
        chain("spans(glob).filteredOn(none).first()", t -> t.spans("*").filteredOn(s -> false).first().hasDepth(1)),
        chain("spans(glob).elements(i).last()", t -> t.spans("*").elements(0, 1).last().hasRole(SpanRole.TOOL)),
        chain("span(name).duration()", t -> t.span("chat gpt-4o").duration().isGreaterThan(Duration.ofDays(1))),
        chain("spans(glob)", t -> t.spans("chat*").hasSize(1)),
        chain("spansWithOperation(op)", t -> t.spansWithOperation("chat").haveDisplayNames("chat x")),
        chain("spanWithAttribute(k, v)", t -> t.spanWithAttribute("session.id", "s-42").hasDepth(5)),
        chain("llmCallCount()", t -> t.llmCallCount().isAtMost(1)),
        chain("toolCallCount()", t -> t.toolCallCount().isEqualTo(7)),
        chain("tokensOfModel(glob)", t -> t.tokensOfModel("gpt-4o").hasOutput(1)),
        chain("toolCalls().tool(name)", t -> t.toolCalls().tool("get_weather").calledTimes("get_weather", 2)),
        chain("toolCalls().count()", t -> t.toolCalls().count().isAtMost(1)),
        chain("toolCalls().first()", t -> t.toolCalls().first().hasResult("19.0")),
        chain("toolCalls().last().span()", t -> t.toolCalls().last().span().hasParent("invoke_agent planner")),
        chain("toolCalls().element(i)", t -> t.toolCalls().element(1).hasArgumentsContaining("{\"city\":\"Rome\"}")));
  }

  private static Arguments chain(String name, Consumer<AgentTraceAssert> chain) {
    return Arguments.of(name, chain);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failingChains")
  void collects_what_the_hard_chain_throws(String name, Consumer<AgentTraceAssert> chain) {
    AssertionError hard = catchThrowableOfType(AssertionError.class, () -> chain.accept(AgentAssertions.assertThat(TRACE)));
    assertThat(hard).as("the hard chain %s fails", name).isNotNull();

    AgentSoftAssertions softly = new AgentSoftAssertions();
    chain.accept(softly.assertThat(TRACE));

    List<AssertionError> collected = softly.assertionErrorsCollected();
    assertThat(collected).as("failures collected by %s", name).hasSize(1);
    // AssertJ adds the line of the failure, the first frame of the stack trace: the test's
    assertThat(collected.get(0).getMessage()).matches(Pattern.quote(hard.getMessage().stripTrailing())
        + "\nat SoftNavigationTest\\.lambda\\$failingChains\\$\\d+\\(SoftNavigationTest\\.java:\\d+\\)");
    assertThat(collected.get(0).getClass()).isEqualTo(hard.getClass());
    assertThat(softly.wasSuccess()).isFalse();
  }

  @Test
  void collects_every_failure_of_a_chain_and_goes_on() {
    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThat(TRACE).agent("data_analyst").toolCalls()
        .calledOnce("search")
        .neverCalled("get_weather")
        .calledOnce("get_weather");
    softly.assertThat(TRACE).tokens().hasInput(1).total().isAtMost(10).isAtLeast(1);

    assertThat(softly.assertionErrorsCollected()).extracting(Throwable::getMessage).satisfiesExactly(
        m -> assertThat(m).startsWith("Expecting agent \"data_analyst\" of the trace of \"delegates\" to call search once"
            + " but it was never called"),
        m -> assertThat(m).startsWith("Expecting agent \"data_analyst\" of the trace of \"delegates\" never to call"
            + " get_weather but it was called once"),
        m -> assertThat(m).startsWith("Expecting the trace of \"delegates\" to have used 1 input tokens but it used 112"),
        m -> assertThat(m).startsWith("Expecting the total tokens of the trace of \"delegates\" to be at most 10 but it"
            + " was 172 (162 over)"));
    assertThatThrownBy(softly::assertAll).isInstanceOf(AssertJMultipleFailuresError.class)
        .hasMessageStartingWith("\nMultiple Failures (4 failures)\n-- failure 1 --Expecting agent \"data_analyst\"");
  }

  @Test
  void a_failed_navigation_is_one_failure_and_skips_the_rest_of_its_chain() {
    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThat(TRACE).agent("writer").toolCalls().calledOnce("search").first().hasResult("x");
    assertThat(softly.wasSuccess()).as("after the failed navigation").isFalse();
    softly.assertThat(TRACE).span("no such span").children().first().duration().isZero();
    softly.assertThat(TRACE).llmCalls().element(6).tokens().total().isAtMost(1);
    softly.assertThat(TRACE).toolCalls().calledOnce("get_weather");
    assertThat(softly.wasSuccess()).as("after a passing chain").isTrue();

    assertThat(softly.assertionErrorsCollected()).extracting(Throwable::getMessage).satisfiesExactly(
        m -> assertThat(m).startsWith("Expecting the trace of \"delegates\" to contain an agent named \"writer\" but it"
            + " has none (agents: \"planner\", \"data_analyst\")"),
        m -> assertThat(m).startsWith("Expecting the trace of \"delegates\" to contain a span named \"no such span\" but"
            + " it has none (7 spans, none of that name)"),
        m -> assertThat(m).startsWith("Expecting the trace of \"delegates\" to contain LLM call #7 but it has none"
            + " (3 LLM calls)"));
  }

  @Test
  void a_failed_navigation_inside_an_assertion_is_one_failure() {
    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThat(TRACE).hasSpanWithAttribute("session.id", "s-1");
    assertThat(softly.wasSuccess()).isFalse();
    softly.assertThat(TRACE).tokensOfModel("gpt-5").total().isAtMost(1);
    assertThat(softly.wasSuccess()).isFalse();

    assertThat(softly.assertionErrorsCollected()).extracting(Throwable::getMessage).satisfiesExactly(
        m -> assertThat(m).startsWith("Expecting the trace of \"delegates\" to contain a span with session.id = \"s-1\""
            + " but it has none (values seen: [s-42])"),
        m -> assertThat(m).startsWith("Expecting the trace of \"delegates\" to have LLM calls of model gpt-5, to sum"
            + " their tokens, but no LLM call matches gpt-5 (models seen: gpt-4o, gpt-4o-mini)"));
  }

  @Test
  void passing_chains_collect_nothing() {
    AgentSoftAssertions.assertSoftly(softly -> {
      softly.assertThat(TRACE).agent("data_analyst").toolCalls().containsExactly(call("get_weather"));
      softly.assertThat(TRACE).agent("planner").delegatedTo("data_analyst").tokens().hasTotal(172).total().isAtMost(200);
      softly.assertThat(TRACE).llmCalls().model("gpt-4o-mini").hasSize(2).first().hasModel("gpt-4o-mini");
      softly.assertThat(TRACE).span("invoke_agent planner").children().hasSize(3).first().hasRole(SpanRole.LLM);
      softly.assertThat(TRACE).toolCalls().last().hasResult("sunny").span().hasParent("invoke_agent data_analyst");
      softly.assertThat(TRACE).spanWithAttribute("langfuse.user.id", "alice").hasDepth(0);
      softly.assertThat(TRACE).toolCallCount().isEqualTo(2);
    });
  }

  @Test
  void a_description_carries_over_soft_navigation() {
    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThat(TRACE).as("nightly run").agent("planner").tokens().total().isAtMost(100);
    softly.assertThat(TRACE).as("nightly run").agent("writer");

    assertThat(softly.assertionErrorsCollected()).extracting(Throwable::getMessage).satisfiesExactly(
        m -> assertThat(m).startsWith("[nightly run] Expecting the total tokens of agent \"planner\""),
        m -> assertThat(m).startsWith("[nightly run] Expecting the trace of \"delegates\" to contain an agent"));
  }

  @Test
  void the_rest_of_a_failed_chain_takes_assertjs_own_methods_quietly() {
    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThat(TRACE).span("nope").children().filteredOn(s -> true).hasSize(1).first().hasDepth(9);
    softly.assertThat(TRACE).span("nope").children().extracting(AgentSpan::displayName).contains("x");
    softly.assertThat(TRACE).span("nope").children().size().isEqualTo(3);
    softly.assertThat(TRACE).agent("nope").span().children().filteredOnNull("x").isEmpty();
    softly.assertThat(TRACE).agent("nope").toolCalls().count().asString().contains("x");
    softly.assertThat(TRACE).agent("nope").span().asString().contains("x");
    softly.assertThat(TRACE).agent("nope").span().satisfies(s -> assertThat(s.name()).isEqualTo("x"));
    softly.assertThat(TRACE).llmCalls().element(9).tokens().input().isBetween(5L, 6L);

    assertThat(softly.assertionErrorsCollected()).extracting(Throwable::getMessage)
        .allSatisfy(m -> assertThat(m).startsWith("Expecting the "))
        .hasSize(8);
  }

  @Test
  void a_failed_element_navigation_on_spans_starts_at_the_test() {
    AssertionError hard = catchThrowableOfType(AssertionError.class,
        () -> AgentAssertions.assertThat(TRACE).spans("none*").first());
    assertThat(hard.getStackTrace()[0].getClassName()).isEqualTo(SoftNavigationTest.class.getName());
    AssertionError single = catchThrowableOfType(AssertionError.class,
        () -> AgentAssertions.assertThat(TRACE).spans("chat*").singleElement());
    assertThat(single.getStackTrace()[0].getClassName()).isEqualTo(SoftNavigationTest.class.getName());

    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThat(TRACE).spans("none*").first().hasDepth(1);
    softly.assertThat(TRACE).spans("none*").last();
    softly.assertThat(TRACE).spans("chat*").element(7);
    softly.assertThat(TRACE).spans("chat*").singleElement();
    assertThat(softly.assertionErrorsCollected()).extracting(Throwable::getMessage).hasSize(4)
        .allSatisfy(m -> assertThat(m).containsPattern(
            "\nat SoftNavigationTest\\.a_failed_element_navigation_on_spans_starts_at_the_test\\(SoftNavigationTest"
                + "\\.java:\\d+\\)$"));
  }

  /** Every assertion spanproof declares, called on the rest of a failed chain: none throws, none reports. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("navigableAsserts")
  void the_rest_of_a_failed_chain_runs_quietly(Class<? extends AbstractAssert<?, ?>> type) throws Exception {
    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThat(TRACE).agent("writer");
    AbstractAssert<?, ?> skipped = softly.quietAssert(type);
    for (Method method : type.getDeclaredMethods()) {
      if (!Modifier.isPublic(method.getModifiers()) || Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Object[] args = Arrays.stream(method.getParameterTypes()).map(SoftNavigationTest::sample).toArray();
      if (method.getName().equals("spanData")) { // OpenTelemetry's SpanDataAssert cannot be soft
        assertThatThrownBy(() -> method.invoke(skipped, args)).cause().isInstanceOf(IllegalStateException.class)
            .hasMessage("spanData() cannot go on after a soft navigation of its chain failed (Expecting the trace of"
                + " \"delegates\" to contain an agent named \"writer\" but it has none (agents: \"planner\","
                + " \"data_analyst\")): OpenTelemetry's SpanDataAssert is final, so it cannot be soft; wrap chains"
                + " that reach spanData() in softly.check(() -> assertThat(trace)...spanData()...)");
        continue;
      }
      Object result = method.invoke(skipped, args);
      if (AbstractAssert.class.isAssignableFrom(method.getReturnType())) {
        assertThat(result).as("%s.%s returns an assertion to go on with", type.getSimpleName(), method.getName())
            .isNotNull();
      }
    }
    assertThat(softly.assertionErrorsCollected()).as("failures collected").hasSize(1);
  }

  static Stream<Class<?>> navigableAsserts() {
    return Stream.of(AgentTraceAssert.class, AgentRunAssert.class, AgentSpanAssert.class, AgentSpansAssert.class,
        LlmCallsAssert.class, LlmCallAssert.class, ToolCallsAssert.class, ToolCallAssert.class, TokenUsageAssert.class,
        CountAssert.class);
  }

  private static Object sample(Class<?> type) {
    if (type == String.class || type == Object.class) {
      return "{}"; // a name, a value and JSON arguments alike
    } else if (type == int.class) {
      return 1;
    } else if (type == long.class) {
      return 1L;
    } else if (type == Duration.class) {
      return Duration.ofSeconds(1);
    } else if (type == SpanRole.class) {
      return SpanRole.LLM;
    } else if (type == ExpectedToolCall.class) {
      return call("x");
    } else if (type == ExpectedToolCall[].class) {
      return new ExpectedToolCall[] {call("x")};
    } else if (type == String[].class) {
      return new String[] {"x"};
    } else if (type == java.util.Set.class) {
      return LintRule.defaults();
    }
    throw new IllegalArgumentException("no sample " + type.getName() + ": add one");
  }

  @Test
  void navigation_from_a_hard_assertion_stays_hard() {
    assertThatThrownBy(() -> AgentAssertions.assertThat(TRACE).agent("planner").tokens().hasInput(1))
        .hasMessageStartingWith("Expecting agent \"planner\" of the trace of \"delegates\" to have used 1 input tokens");
  }
}
