package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.call;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The exact failure of every assertion not covered by a dedicated test class. */
class FailureMessagesTest {

  /** One agent, one chat that failed with finish reason "length", one tool that failed. */
  private static AgentTrace small() {
    TraceFixture f = new TraceFixture();
    Span agent = f.agent(null, "a");
    Span chat = f.span(agent, "chat gpt-4", "gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
        "gen_ai.request.model", "gpt-4", "gen_ai.response.finish_reasons", java.util.List.of("length"));
    Span tool = f.tool(agent, "divide", "{\"a\":1,\"b\":0}", null);
    f.fail(tool, "ArithmeticException");
    assertThat(chat).isNotNull();
    return f.trace();
  }

  private static final String TREE = """
        invoke_agent a
        ├── chat gpt-4
        └── execute_tool divide  {"a":1,"b":0}  error: ArithmeticException""";

  private static String marked(int line, int depth, String marker) {
    return TraceFixture.marked(TREE, line, depth, marker);
  }

  private static String tree() {
    return marked(-1, 0, "");
  }

  @Test
  void tool_call_assertions() {
    AgentTrace trace = small();
    assertThat(trace).toolCalls().first().hasArguments("{\"b\":0,\"a\":1}").hasArgumentsContaining("{\"b\":0}")
        .hasError("Arith*");
    assertThatThrownBy(() -> assertThat(trace).toolCalls().first().hasArguments("{\"a\":1}"))
        .hasMessage("Expecting tool call divide of the trace to be divide {\"a\":1} but divide was called with "
            + "{\"a\":1,\"b\":0}; expected {\"a\":1}\nin the trace:\n"
            + marked(2, 1, "divide was called with {\"a\":1,\"b\":0}; expected {\"a\":1}"));
    assertThatThrownBy(() -> assertThat(trace).toolCalls().first().hasArgumentsContaining("{\"c\":1}"))
        .hasMessageStartingWith("Expecting tool call divide of the trace to be divide containing {\"c\":1} but divide "
            + "was called with {\"a\":1,\"b\":0}; expected arguments containing {\"c\":1}\n");
    assertThatThrownBy(() -> assertThat(trace).toolCalls().first().hasResult("0"))
        .hasMessageStartingWith("Expecting tool call divide of the trace to be divide → 0 but divide carries no result; "
            + "expected → 0\n");
    assertThatThrownBy(() -> assertThat(trace).toolCalls().first().hasError("Timeout"))
        .hasMessageStartingWith("Expecting tool call divide of the trace to be divide error: Timeout but divide failed "
            + "with error: ArithmeticException; expected error: Timeout\n");
    assertThatThrownBy(() -> assertThat(trace).toolCalls().first().hasNoError())
        .hasMessage("Expecting tool call divide of the trace not to have failed but it failed with error: "
            + "ArithmeticException\nin the trace:\n" + marked(2, 1, "error: ArithmeticException"));
    assertThatThrownBy(() -> assertThat(trace).toolCalls().isEmpty())
        .hasMessage("Expecting the trace to make 0 tool calls but it made 1:\n  1. divide {\"a\":1,\"b\":0} error: "
            + "ArithmeticException\nin the trace:\n" + tree());
  }

  @Test
  void llm_call_assertions() {
    AgentTrace trace = small();
    assertThat(trace).llmCalls().first().hasProvider("openai").hasFinishReason("length");
    assertThatThrownBy(() -> assertThat(trace).llmCalls().first().hasProvider("anthropic"))
        .hasMessage("Expecting LLM call \"chat gpt-4\" of the trace to have provider anthropic but it was openai"
            + "\nin the trace:\n" + marked(1, 1, "provider openai"));
    assertThatThrownBy(() -> assertThat(trace).llmCalls().first().hasFinishReason("stop"))
        .hasMessage("Expecting LLM call \"chat gpt-4\" of the trace to finish with stop but its finish reasons were "
            + "[length]\nin the trace:\n" + marked(1, 1, "finish reasons [length]"));
    assertThatThrownBy(() -> assertThat(trace).llmCalls().first().hasError("*"))
        .hasMessage("Expecting LLM call \"chat gpt-4\" of the trace to have failed with error: * but it did not fail"
            + "\nin the trace:\n" + marked(1, 1, "no error; expected error: *"));
    assertThatThrownBy(() -> assertThat(trace).llmCalls().allHaveUsage())
        .hasMessage("Expecting every LLM call of the trace to report token usage but \"chat gpt-4\" reports none "
            + "(no gen_ai.usage.input_tokens/output_tokens: enable usage in the instrumentation, or for streams ask "
            + "the provider to include usage)\nin the trace:\n" + marked(1, 1, "no token usage"));
    assertThatThrownBy(() -> assertThat(trace).llmCalls().isEmpty())
        .hasMessage("Expecting the trace to have 0 LLM calls but it has 1:\n  1. chat gpt-4\nin the trace:\n" + tree());
    assertThatThrownBy(() -> assertThat(trace).llmCalls().element(1))
        .hasMessage("Expecting the trace to contain LLM call #2 but it has none (1 LLM calls)\nin the trace:\n" + tree());
    assertThatThrownBy(() -> assertThat(trace).llmCalls().model("claude*").first())
        .hasMessageStartingWith("Expecting the trace (model claude*) to contain LLM call #1 but it has none (0 LLM calls)");
  }

  @Test
  void llm_call_without_error_and_with_one() {
    assertThat(TraceFixture.calculator()).llmCalls().first().hasNoError();
    TraceFixture f = new TraceFixture();
    Span chat = f.chat(null, "gpt-4", 1, 1);
    f.fail(chat, "timeout");
    assertThatThrownBy(() -> assertThat(f.trace()).llmCalls().first().hasNoError())
        .hasMessage("""
            Expecting LLM call "chat gpt-4" of the trace not to have failed but it failed with error: timeout
            in the trace:
              chat gpt-4  tokens 1→1  error: timeout
              ▲ error: timeout""");
  }

  @Test
  void span_assertions() {
    AgentTrace trace = small();
    assertThat(trace).span("execute_tool divide").hasError().hasError("Arith*").hasRole(SpanRole.TOOL)
        .hasParent("invoke_agent *").hasDepth(1);
    assertThatThrownBy(() -> assertThat(trace).span("chat gpt-4").hasError())
        .hasMessage("Expecting span \"chat gpt-4\" of the trace to have failed but it did not (status UNSET, no "
            + "error.type)\nin the trace:\n" + marked(1, 1, "did not fail"));
    assertThatThrownBy(() -> assertThat(trace).span("execute_tool divide").hasError("Timeout"))
        .hasMessage("Expecting span \"execute_tool divide\" of the trace to have failed with error: Timeout but it "
            + "failed with error: ArithmeticException\nin the trace:\n" + marked(2, 1, "error: ArithmeticException"));
    assertThatThrownBy(() -> assertThat(trace).span("execute_tool divide").hasNoError())
        .hasMessage("Expecting span \"execute_tool divide\" of the trace not to have failed but it failed with error: "
            + "ArithmeticException\nin the trace:\n" + marked(2, 1, "error: ArithmeticException"));
    assertThatThrownBy(() -> assertThat(trace).span("chat gpt-4").hasRole(SpanRole.AGENT))
        .hasMessage("Expecting span \"chat gpt-4\" of the trace to be of role AGENT but it is LLM (read by convention "
            + "\"genai\")\nin the trace:\n" + marked(1, 1, "role LLM"));
    assertThatThrownBy(() -> assertThat(trace).span("invoke_agent a").hasParent("x"))
        .hasMessage("Expecting span \"invoke_agent a\" of the trace to have parent \"x\" but it is a root\nin the trace:\n"
            + marked(0, 0, "here"));
    assertThatThrownBy(() -> assertThat(trace).span("chat gpt-4").hasDepth(2))
        .hasMessage("Expecting span \"chat gpt-4\" of the trace to be at depth 2 but it is at depth 1\nin the trace:\n"
            + marked(1, 1, "depth 1"));
    assertThatThrownBy(() -> assertThat(trace).spanWithAttribute("user.id", "u1"))
        .hasMessage("Expecting the trace to contain a span with user.id = \"u1\" but it has none (values seen: [])"
            + "\nin the trace:\n" + tree());
  }

  @Test
  void token_and_count_assertions() {
    TokenUsageAssert usage = new TokenUsageAssert(new TokenUsage(10, 5, 4, 2));
    usage.hasCachedInput(4).hasReasoningOutput(2).cachedInput().isAtLeast(4);
    assertThatThrownBy(() -> new TokenUsageAssert(new TokenUsage(10, 5, 4, 2)).hasCachedInput(5))
        .hasMessage("Expecting the token usage to have used 5 cached input tokens but it used 4 "
            + "(input 10, output 5, total 15, cached input 4, reasoning output 2)");
    assertThatThrownBy(() -> new TokenUsageAssert(new TokenUsage(10, 5, 4, 2)).hasReasoningOutput(0))
        .hasMessage("Expecting the token usage to have used 0 reasoning output tokens but it used 2 "
            + "(input 10, output 5, total 15, cached input 4, reasoning output 2)");
    assertThatThrownBy(() -> new CountAssert(3L).isAtLeast(5))
        .hasMessage("Expecting the count to be at least 5 but it was 3 (2 under)");
    assertThatThrownBy(() -> new TokenUsageAssert(new TokenUsage(10, 5, 4, 2)).as("budget").output().isAtMost(4))
        .hasMessage("[budget] Expecting the output tokens of the token usage to be at most 4 but it was 5 (1 over)");
  }

  @Test
  void agent_run_assertions() {
    assertThat(small()).agent("a").tookAtMost(Duration.ofSeconds(1));
    assertThatThrownBy(() -> assertThat(small()).agent("a").tookAtMost(Duration.ZERO))
        .hasMessage("Expecting agent \"a\" of the trace to take at most 0ns but it took 5ns\nin the trace:\n"
            + marked(0, 0, "took 5ns"));
    assertThatThrownBy(() -> assertThat(small()).agent("a").hasNoErrors())
        .hasMessage("Expecting agent \"a\" of the trace to have no error but these spans failed:\n"
            + "  execute_tool divide  error: ArithmeticException\nin the trace:\n" + marked(2, 1, "error: ArithmeticException"));
    assertThatThrownBy(() -> assertThat(small()).hasSpanWithAttribute("gen_ai.agent.name", "b"))
        .hasMessageStartingWith("Expecting the trace to contain a span with gen_ai.agent.name = \"b\" but it has none "
            + "(values seen: [a])");
  }

  @Test
  void no_agent_at_all() {
    TraceFixture f = new TraceFixture();
    f.chat(null, "gpt-4", 1, 1);
    assertThatThrownBy(() -> assertThat(f.trace()).agent("a"))
        .hasMessage("Expecting the trace to contain an agent named \"a\" but it has none (no agent span at all)"
            + "\nin the trace:\n  chat gpt-4  tokens 1→1");
    assertThatThrownBy(() -> assertThat(f.trace()).toolCalls().containsExactly(call("x")))
        .hasMessageContaining("  (none: no execute_tool span)");
  }

  @Test
  void null_traces_fail_like_assertj() {
    assertThatThrownBy(() -> assertThat((AgentTrace) null).hasShape("a"))
        .hasMessage("\nExpecting actual not to be null");
  }
}
