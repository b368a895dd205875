package dev.spanproof.examples.nodeagent;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;
import static dev.spanproof.assertions.AgentAssertions.call;
import static dev.spanproof.assertions.AgentAssertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.LlmMessage;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.common.AttributeKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An agent in another process and language: the Node.js agent of {@code examples/node-agent/}
 * (the official {@code openai} package, the OpenTelemetry JS SDK, an OTLP/HTTP exporter) runs as a
 * child process with its model pointed at this test's mock LLM and its exporter at this test's OTLP
 * endpoint; its spans arrive in the same {@link AgentTraces} and take the same assertions.
 *
 * <p>Needs Node.js 20+ and npm. Without {@code node} the test is skipped, saying how to install it,
 * except on CI (environment variable {@code CI} set), where it fails: a CI that cannot run it
 * must not pass silently.
 */
@AgentTest
class NodeAgentTest {

  static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(3);
  static final Duration AGENT_TIMEOUT = Duration.ofSeconds(60);
  static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(10);

  Path node;

  // Checked before each test, not once before all: a skip in @BeforeAll reaches Surefire's report
  // as "Tests run: 0", which reads like a pass; per test it is "Skipped: 2" with the reason.
  @BeforeEach
  void nodeAndItsDependencies() {
    var found = NodeAgentProcess.findOnPath("node");
    if (found.isEmpty()) {
      if (System.getenv("CI") != null) {
        fail("Node.js is required to run the Node agent example on CI (CI is set), but `node` is not on the PATH. "
            + "Install it: apt-get install nodejs npm");
      }
      assumeTrue(false, "Node.js is not installed (`node` is not on the PATH), so the Node agent example is skipped. "
          + "Install it with: apt-get install nodejs npm");
    }
    node = found.get();
    NodeAgentProcess.installDependencies(NodeAgentProcess.agentDirectory(), NPM_CI_TIMEOUT);
  }

  NodeAgentProcess.Result runAgent(MockLlm llm, AgentTraces traces, String question) {
    return NodeAgentProcess.run(NodeAgentProcess.agentDirectory(), Map.of(
            "OPENAI_BASE_URL", llm.openAiBaseUrl(),
            "OPENAI_API_KEY", "no-key-needed-for-the-mock",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", traces.otlpTracesEndpoint(),
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
            "OTEL_SERVICE_NAME", "node-agent"),
        AGENT_TIMEOUT, node.toString(), "agent.js", question);
  }

  @Test
  void nodeAgentCallsTheCalculator(MockLlm llm, AgentTraces traces) {
    llm.script()
        .replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").usage(10, 15)
        .thenReply("2+2 equals 4").usage(12, 8);

    NodeAgentProcess.Result agent = runAgent(llm, traces, "What is 2+2?");

    assertThat(agent.exitCode()).as("exit code of the Node agent; its output:%n%s", agent.output()).isZero();
    assertThat(agent.output()).isEqualTo("2+2 equals 4\n");
    // The spans came over OTLP: wait (bounded) until the trace has arrived whole.
    AgentTrace trace = traces.awaitTraces(1, EXPORT_TIMEOUT).get(0);
    assertThat(trace)
        .as("the Node agent's trace; its output:%n%s", agent.output())
        .hasShape("""
            invoke_agent assistant
            ├── chat gpt-4o-mini        tokens 10→15
            ├── execute_tool calculate  {"a":2,"b":2} → 4
            └── chat gpt-4o-mini        tokens 12→8
            """)
        .isWellInstrumented()
        .executedEveryRequestedToolCall()
        .toolCalls().containsExactly(call("calculate").withArguments("{\"a\":2,\"b\":2}").withResult("4"));
    assertThat(trace).tokens().hasInput(22).hasOutput(23);
    assertThat(trace.spans()).allSatisfy(span ->
        assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name")))
            .isEqualTo("node-agent"));
    // The mock saw the Node client's real requests.
    assertThat(llm.request(2).latestToolResults()).extracting(LlmMessage::content).containsExactly("4");
    assertThat(llm.request(1).header("x-stainless-lang")).contains("js");
  }

  @Test
  void aFailingToolShowsInTheTraceAndHasNoErrorsBites(MockLlm llm, AgentTraces traces) {
    // The model sends a word where the tool wants a number: the tool fails, the agent tells the model.
    llm.script()
        .replyWithToolCall("calculate", "{\"a\":\"two\",\"b\":2}").usage(10, 15)
        .thenReply("Sorry, I could not add those.").usage(30, 8);

    NodeAgentProcess.Result agent = runAgent(llm, traces, "What is two plus 2?");

    assertThat(agent.exitCode()).as("exit code of the Node agent; its output:%n%s", agent.output()).isZero();
    AgentTrace trace = traces.awaitTraces(1, EXPORT_TIMEOUT).get(0);
    assertThat(trace).toolCalls().containsExactly(call("calculate").failedWith("TypeError"));
    assertThat(llm.request(2).latestToolResults()).extracting(LlmMessage::content)
        .containsExactly("error: expected numbers a and b, got {\"a\":\"two\",\"b\":2}");
    assertThatThrownBy(() -> assertThat(trace).hasNoErrors()).hasMessage("""
        Expecting the trace of "aFailingToolShowsInTheTraceAndHasNoErrorsBites" to have no error but these spans failed:
          execute_tool calculate  error: TypeError (expected numbers a and b, got {"a":"two","b":2})
        in the trace:
          invoke_agent assistant
          ├── chat gpt-4o-mini        tokens 10→15
          ├── execute_tool calculate  {"a":"two","b":2}  error: TypeError
              ▲ error: TypeError
          └── chat gpt-4o-mini        tokens 30→8""");
  }
}
