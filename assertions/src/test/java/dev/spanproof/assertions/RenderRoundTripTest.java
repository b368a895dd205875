package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;

import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code hasShape} takes the same text {@code render()} prints: every trace matches its own rendering. */
class RenderRoundTripTest {

  static Stream<AgentTrace> traces() {
    return Stream.of(
        TraceFixture.calculator(),
        TraceFixture.calculatorWithoutTool(),
        TraceFixture.travel(),
        MultiAgentFixture.planner(),
        ConventionsTest.springAi11WeatherTrace(),
        oddArgumentsResultsAndNames(),
        failures(),
        unicode(),
        nestedLlmSpans(),
        orphans(),
        openLlmetry(),
        openInference());
  }

  @ParameterizedTest
  @MethodSource("traces")
  void hasShape_accepts_the_traces_own_rendering(AgentTrace trace) {
    String text = trace.render();
    assertThat(trace).hasShape(text);
    // with two spaces a level instead of box-drawing characters, as people write it
    assertThat(trace).hasShape(plainIndentation(text));
  }

  private static String plainIndentation(String boxed) {
    StringBuilder out = new StringBuilder();
    for (String line : boxed.split("\n")) {
      int prefix = 0;
      while (prefix < line.length() && " │├└─".indexOf(line.charAt(prefix)) >= 0) {
        prefix++;
      }
      out.append("  ".repeat(prefix / 4)).append(line.substring(prefix)).append('\n');
    }
    return out.toString();
  }

  @ParameterizedTest
  @MethodSource("traces")
  void each_agents_subtree_matches_its_rendering(AgentTrace trace) {
    for (AgentRun agent : trace.agents()) {
      String own = dev.spanproof.assertions.internal.TraceText.format(
          dev.spanproof.assertions.internal.TraceText.lines(agent.node()), "", null);
      assertThat(trace).agent(agent.name()).hasShape(own);
    }
  }

  /** Arguments that are not a JSON object (a number, a JSON string, plain text), odd results and names. */
  static AgentTrace oddArgumentsResultsAndNames() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    f.tool(agent, "plain", "Paris", "sunny");
    f.tool(agent, "jsonstring", "\"Paris\"", "ok");
    f.tool(agent, "number", "42", "ok");
    f.tool(agent, "negative", "-1.5", "ok");
    f.tool(agent, "flag", "true", null);
    f.tool(agent, "text with  spaces", "two  spaces\nand a line", "a  b");
    f.tool(agent, "array", "[1, 2]", "[3]");
    f.tool(agent, "spaced", "{\"q\": \"a  b\"}", "x");
    f.tool(agent, "longresult", "{\"q\":1}", "x".repeat(100));
    f.tool(agent, "multiline", "{\"q\":1}", "line one\nline two");
    f.tool(agent, "star", "{\"q\":1}", "2*3=6");
    f.tool(agent, "arrow", "{\"q\":1}", "a → b");
    f.tool(agent, "emoji", "{\"q\":1}", "é".repeat(78) + "🔧🔧🔧");
    f.tool(agent, "noargs", null, "done");
    f.span(agent, "GET  /x");
    f.span(agent, "tokens counter");
    f.span(agent, " padded ");
    f.span(agent, "two\nlines");
    return f.trace().withLabel("odd");
  }

  static AgentTrace failures() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    Span chat = f.chat(agent, "gpt-4", 1, 2);
    f.fail(chat, "rate_limit_exceeded");
    Span tool = f.tool(agent, "divide", "{\"a\":1,\"b\":0}", null);
    tool.recordException(new ArithmeticException("/ by zero"));
    tool.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, "division failed");
    f.tool(agent, "divide", "{\"a\":1}", "1");
    return f.trace();
  }

  static AgentTrace unicode() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "助手");
    f.chat(agent, "gpt-4", 1, 2);
    f.tool(agent, "天気", "{\"city\":\"東京\"}", "晴れ ☀");
    f.tool(agent, "emoji🔧", "{\"x\":\"é\"}", "ok");
    return f.trace();
  }

  static AgentTrace nestedLlmSpans() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "assistant");
    Span outer = f.chat(agent, "gpt-4o", 10, 5);
    f.chat(outer, "gpt-4o-mini", 10, 5);
    f.span(agent, "chat gpt-4");
    return f.trace();
  }

  static AgentTrace orphans() {
    return AgentTrace.of(List.of(
        TestSpans.span("invoke_agent a", "0000000000000001", null, 1, 10,
            "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "a"),
        TestSpans.span("chat gpt-4", "0000000000000002", "00000000000000ff", 2, 3,
            "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4")));
  }

  static AgentTrace openLlmetry() {
    TraceFixture f = new TraceFixture();
    Span agent = f.span(null, "assistant.agent", "traceloop.span.kind", "agent", "traceloop.entity.name", "assistant");
    f.span(agent, "openai.chat", "llm.request.type", "chat", "gen_ai.system", "openai", "gen_ai.request.model", "gpt-4",
        "gen_ai.usage.prompt_tokens", 10, "gen_ai.usage.completion_tokens", 15);
    f.span(agent, "calculate.tool", "traceloop.span.kind", "tool", "traceloop.entity.name", "calculate",
        "traceloop.entity.input", "{\"args\":[],\"kwargs\":{\"a\":2,\"b\":2}}", "traceloop.entity.output", "4");
    return f.trace();
  }

  static AgentTrace openInference() {
    TraceFixture f = new TraceFixture();
    Span agent = f.span(null, "assistant", "openinference.span.kind", "AGENT", "agent.name", "assistant");
    f.span(agent, "ChatCompletion", "openinference.span.kind", "LLM", "llm.model_name", "gpt-4",
        "llm.token_count.prompt", 10, "llm.token_count.completion", 15);
    f.span(agent, "calculate", "openinference.span.kind", "TOOL", "tool.name", "calculate",
        "tool.parameters", "{\"a\":2}", "input.value", "{\"a\":2,\"b\":2}", "output.value", "4");
    return f.trace();
  }
}
