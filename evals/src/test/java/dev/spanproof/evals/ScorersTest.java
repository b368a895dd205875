package dev.spanproof.evals;

import static dev.spanproof.assertions.AgentAssertions.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanproof.assertions.AgentTrace;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorersTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static EvalCase evalCase(String json) {
    try {
      return new EvalCase("c1", 1, "cases.jsonl:1", (ObjectNode) JSON.readTree(json));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Attempt attempt(String caseJson, String output, List<AgentTrace> traces) {
    return new Attempt(evalCase(caseJson), 1, output, traces);
  }

  static Attempt attempt(String caseJson, String output) {
    return attempt(caseJson, output, List.of());
  }

  /** A real trace from the OpenTelemetry SDK: an agent that executed the given tools, as name/arguments pairs. */
  @SuppressWarnings("try") // the scope only makes the span current
  static AgentTrace traceWithTools(String... nameAndArguments) {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      Tracer tracer = provider.get("test");
      Span agent = tracer.spanBuilder("invoke_agent assistant").setAttribute("gen_ai.operation.name", "invoke_agent")
          .startSpan();
      try (Scope ignored = agent.makeCurrent()) {
        tracer.spanBuilder("chat gpt-4").setAttribute("gen_ai.operation.name", "chat")
            .setAttribute("gen_ai.usage.input_tokens", 40L).setAttribute("gen_ai.usage.output_tokens", 10L)
            .startSpan().end();
        for (int i = 0; i < nameAndArguments.length; i += 2) {
          tracer.spanBuilder("execute_tool " + nameAndArguments[i])
              .setAttribute("gen_ai.operation.name", "execute_tool")
              .setAttribute("gen_ai.tool.name", nameAndArguments[i])
              .setAttribute("gen_ai.tool.call.arguments", nameAndArguments[i + 1])
              .startSpan().end();
        }
      } finally {
        agent.end();
      }
      return AgentTrace.of(exporter.getFinishedSpanItems());
    }
  }

  @Test
  void exact_compares_trimmed_text_with_the_case_or_a_given_value() {
    assertThat(Scorers.exact().score(attempt("{\"input\":\"q\",\"expected\":\"4\"}", " 4\n")))
        .isEqualTo(Score.pass("exact", "the output equals \"4\""));
    assertThat(Scorers.exact("4").score(attempt("{\"input\":\"q\"}", "four")))
        .isEqualTo(Score.fail("exact", "expected \"4\" but the output was \"four\""));
    assertThatThrownBy(() -> Scorers.exact().score(attempt("{\"input\":\"q\"}", "4")))
        .hasMessage("exact: the case \"c1\" at cases.jsonl:1 has no \"expected\" field; add one, or give the value "
            + "to the scorer: Scorers.exact(\"4\")");
  }

  @Test
  void contains_reads_a_string_or_every_string_of_an_array() {
    assertThat(Scorers.contains().score(attempt("{\"input\":\"q\",\"expected\":[\"2\",\"4\"]}", "2+2 is 4")).passed())
        .isTrue();
    assertThat(Scorers.contains("sum", "4").score(attempt("{\"input\":\"q\"}", "it is 4")))
        .isEqualTo(Score.fail("contains", "the output \"it is 4\" does not contain \"sum\""));
  }

  @Test
  void regex_finds_the_pattern_from_the_case_or_the_argument() {
    assertThat(Scorers.regex().score(attempt("{\"input\":\"q\",\"pattern\":\"\\\\b4\\\\b\"}", "it is 4")))
        .isEqualTo(Score.pass("regex", "the output matches /\\b4\\b/"));
    assertThat(Scorers.regex("^\\d+$").score(attempt("{\"input\":\"q\"}", "4 apples")))
        .isEqualTo(Score.fail("regex", "the output \"4 apples\" does not match /^\\d+$/"));
    assertThatThrownBy(() -> Scorers.regex("(")).hasMessage(
        "regex scorer: \"(\" is not a regular expression (Unclosed group near index 1)");
  }

  @Test
  void json_path_compares_the_value_at_a_definite_path() {
    String output = "```json\n{\"result\": {\"items\": [{\"total\": 42.0, \"name\": \"ok\"}]}}\n```";
    assertThat(Scorers.jsonPath("$.result.items[0].total", "42").score(attempt("{\"input\":\"q\"}", output)))
        .isEqualTo(Score.pass("jsonPath", "$.result.items[0].total is 42.0"));
    assertThat(Scorers.jsonPath("$.result.items[-1]['name']").score(
        attempt("{\"input\":\"q\",\"expected\":\"ok\"}", output)).passed()).isTrue();
    assertThat(Scorers.jsonPath("$.result.count", "1").score(attempt("{\"input\":\"q\"}", output)))
        .isEqualTo(Score.fail("jsonPath", "$.result.count is absent in {\"result\":{\"items\":[{\"total\":42.0,"
            + "\"name\":\"ok\"}]}}"));
    assertThat(Scorers.jsonPath("$.a", "1").score(attempt("{\"input\":\"q\"}", "not json")))
        .isEqualTo(Score.fail("jsonPath", "the output is not JSON: \"not json\""));
    assertThatThrownBy(() -> Scorers.jsonPath("$.items[*].name")).hasMessage("JSON path $.items[*].name uses [*] "
        + "at index 7, which selects several values; spanproof supports definite paths only: $, .name, ['name'], "
        + "[index]");
  }

  @Test
  void json_schema_validates_the_output() {
    Scorer schema = Scorers.jsonSchema("schemas/answer.json");

    assertThat(schema.score(attempt("{\"input\":\"q\"}", "{\"answer\": 4, \"unit\": \"apples\"}")))
        .isEqualTo(Score.pass("jsonSchema", "the output is valid against the schema"));
    assertThat(schema.score(attempt("{\"input\":\"q\"}", "{\"answer\": \"four\"}")))
        .isEqualTo(Score.fail("jsonSchema", "the output is not valid against the schema: "
            + "$.answer: string found, integer expected"));
    assertThat(Scorers.jsonSchema("{\"type\": \"array\"}").score(attempt("{\"input\":\"q\"}", "[1]")).passed())
        .isTrue();
    assertThatThrownBy(() -> Scorers.jsonSchema("schemas/nope.json")).hasMessage("jsonSchema: the schema "
        + "\"schemas/nope.json\" is not on the classpath; put it at src/test/resources/schemas/nope.json, or pass "
        + "the schema itself as JSON text");
  }

  @Test
  void tool_trajectory_modes_reuse_the_assertions_matching() {
    String tools = "{\"input\":\"q\",\"tools\":[{\"name\":\"search\",\"arguments\":{\"q\":\"weather\"}},"
        + "{\"name\":\"calculate\",\"arguments\":{\"a\":2}}]}";
    List<AgentTrace> inOrder = List.of(traceWithTools("search", "{\"q\":\"weather\",\"lang\":\"en\"}",
        "calculate", "{\"a\":2,\"b\":2}"));
    List<AgentTrace> reversed = List.of(traceWithTools("calculate", "{\"a\":2,\"b\":2}",
        "search", "{\"q\":\"weather\",\"lang\":\"en\"}"));
    List<AgentTrace> onlySearch = List.of(traceWithTools("search", "{\"q\":\"weather\"}"));

    assertThat(Scorers.toolTrajectory(TrajectoryMatch.STRICT, ArgumentMode.PARTIAL)
        .score(attempt(tools, "", inOrder))).isEqualTo(Score.pass("toolTrajectory(strict)",
            "the tool calls match: [search, calculate]"));
    assertThat(Scorers.toolTrajectory(TrajectoryMatch.STRICT, ArgumentMode.PARTIAL)
        .score(attempt(tools, "", reversed)).reason()).isEqualTo("""
            Expecting the tool calls of case "c1" to be exactly, in order:
              1. search containing {"q":"weather"}
              2. calculate containing {"a":2}
            but they were:
              1. calculate {"a":2,"b":2}
              2. search {"q":"weather","lang":"en"}
            call #1 differs: called calculate; expected search""");
    assertThat(Scorers.toolTrajectory(TrajectoryMatch.UNORDERED, ArgumentMode.PARTIAL)
        .score(attempt(tools, "", reversed)).passed()).isTrue();
    assertThat(Scorers.toolTrajectory(TrajectoryMatch.UNORDERED, ArgumentMode.EXACT)
        .score(attempt(tools, "", reversed)).passed()).isFalse();
    assertThat(Scorers.toolTrajectory(TrajectoryMatch.UNORDERED, ArgumentMode.IGNORE)
        .score(attempt(tools, "", reversed)).passed()).isTrue();
    assertThat(Scorers.toolTrajectory(TrajectoryMatch.SUBSET, ArgumentMode.PARTIAL)
        .score(attempt(tools, "", onlySearch)).passed()).isTrue();
    assertThat(Scorers.toolTrajectory(TrajectoryMatch.SUPERSET, ArgumentMode.PARTIAL)
        .score(attempt(tools, "", onlySearch)).passed()).isFalse();
    assertThat(Scorers.toolTrajectory(TrajectoryMatch.SUPERSET, call("search"))
        .score(attempt("{\"input\":\"q\"}", "", inOrder)).passed()).isTrue();
    assertThatThrownBy(() -> Scorers.toolTrajectory(TrajectoryMatch.STRICT, ArgumentMode.EXACT)
        .score(attempt("{\"input\":\"q\"}", "", inOrder))).hasMessage("toolTrajectory: the case \"c1\" at "
            + "cases.jsonl:1 has no \"tools\" list; add one, such as \"tools\": [{\"name\": \"calculate\", "
            + "\"arguments\": {\"a\": 2}}], or pass the expected calls to toolTrajectory(...)");
  }

  @Test
  void budget_scores_the_run_usage() {
    List<AgentTrace> trace = List.of(traceWithTools("search", "{}"));

    assertThat(Scorers.budget(Budget.limits().totalTokens(50).toolCalls(1)).score(attempt("{\"input\":\"q\"}", "",
        trace))).isEqualTo(Score.pass("budget", "within Budget[total tokens ≤ 50, tool calls ≤ 1]"));
    assertThat(Scorers.budget(Budget.limits().inputTokens(30)).score(attempt("{\"input\":\"q\"}", "", trace)))
        .isEqualTo(Score.fail("budget", "input tokens: 40, budget 30 (+10, +33.3 %)"));
  }

  @Test
  void users_write_scorers_as_plain_java() {
    Scorer polite = a -> a.output().contains("please")
        ? Score.pass("polite", "says please") : Score.graded("polite", 0.2, 0.5, "never says please");

    assertThat(polite.score(attempt("{\"input\":\"q\"}", "no"))).hasToString("✗ polite (0.20): never says please");
    assertThatThrownBy(() -> new Score("mine", true, 1.5, "too high"))
        .hasMessage("scorer \"mine\" gave the score 1.5; a score is between 0 and 1");
  }
}
