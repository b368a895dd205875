package dev.spanproof.examples.streaming;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;
import static dev.spanproof.assertions.AgentAssertions.call;

import dev.spanproof.assertions.LintRule;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.LlmRequest;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming agent: the same tool loop over server-sent events, tokens from the stream's usage. */
@AgentTest
class StreamingAgentTest {

  @Test
  void streamsTheToolLoopWithUsageFromTheStream(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("calculate", "{\"a\":40,\"b\":2}").usage(31, 18)
        .thenReply("40+2 equals 42").usage(58, 7);
    List<String> deltas = new ArrayList<>();

    String answer = new StreamingAgent(llm.openAiBaseUrl(), otel).run("What is 40+2?", deltas::add);

    assertThat(answer).isEqualTo("40+2 equals 42");
    assertThat(String.join("", deltas)).isEqualTo("40+2 equals 42");
    assertThat(deltas).hasSizeGreaterThan(1); // it really arrived in pieces
    assertThat(llm.requests()).allMatch(LlmRequest::stream)
        .allMatch(r -> r.rawBody().contains("\"stream_options\":{\"include_usage\":true}"));
    assertThat(traces.single())
        .hasShape("""
            invoke_agent streaming_assistant
            ├── chat gpt-4o-mini        tokens 31→18
            ├── execute_tool calculate  {"a":40,"b":2} → 42
            └── chat gpt-4o-mini        tokens 58→7
            """)
        .isWellInstrumented()
        .toolCalls().containsExactly(call("calculate").withArguments("{\"a\":40,\"b\":2}").withResult("42"));
    assertThat(traces.single()).tokens().hasInput(89).hasOutput(25);
    assertThat(traces.single()).llmCalls().allHaveUsage();
  }

  @Test
  void withoutIncludeUsageTheSpansHaveNoTokensAndLintSaysHowToFixIt(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("calculate", "{\"a\":40,\"b\":2}").usage(31, 18)
        .thenReply("40+2 equals 42").usage(58, 7);

    String answer = StreamingAgent.withoutUsageInStream(llm.openAiBaseUrl(), otel).run("What is 40+2?", delta -> { });

    assertThat(answer).isEqualTo("40+2 equals 42");
    assertThat(traces.single()).tokens().hasInput(0).hasOutput(0);
    assertThat(traces.single().lint().findings(LintRule.LLM_WITHOUT_USAGE)).singleElement().hasToString("""
        [llm-without-usage] 2 LLM spans without token usage: "chat gpt-4o-mini"
           fix: record gen_ai.usage.input_tokens/output_tokens: for streamed OpenAI calls ask for usage \
        (stream_options.include_usage), and use an instrumentation version that records it""");
    String firstCallMarked = """
        in the trace:
          invoke_agent streaming_assistant
          ├── chat gpt-4o-mini
              ▲ no token usage
          ├── execute_tool calculate  {"a":40,"b":2} → 42
          └── chat gpt-4o-mini""";
    assertThatThrownBy(() -> assertThat(traces.single()).llmCalls().allHaveUsage())
        .hasMessage("""
            Expecting every LLM call of the trace of "withoutIncludeUsageTheSpansHaveNoTokensAndLintSaysHowToFixIt" \
            to report token usage but "chat gpt-4o-mini" reports none (no gen_ai.usage.input_tokens/output_tokens: \
            enable usage in the instrumentation, or for streams ask the provider to include usage)
            """ + firstCallMarked);
    // 0 tokens reported is not 0 tokens used: a budget cannot pass over calls whose usage is unknown
    assertThatThrownBy(() -> assertThat(traces.single()).tokens().total().isAtMost(1_000))
        .hasMessage("""
            Expecting the total tokens of the trace of "withoutIncludeUsageTheSpansHaveNoTokensAndLintSaysHowToFixIt" \
            to be at most 1000, but 2 LLM calls reported no token usage ("chat gpt-4o-mini"), so the tokens are \
            unknown rather than 0: record usage (for streamed OpenAI calls, ask for it with \
            stream_options.include_usage), or check what was reported with isEqualTo
            """ + firstCallMarked);
  }
}
