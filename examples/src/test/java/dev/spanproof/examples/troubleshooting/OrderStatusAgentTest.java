package dev.spanproof.examples.troubleshooting;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.assertions.LintFinding;
import dev.spanproof.assertions.LintRule;
import dev.spanproof.examples.support.OpenAiTools;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The three classic tracing mistakes, each built on purpose and caught by trace lint with the fix
 * it suggests; and the correct wiring, which lint passes.
 */
@AgentTest
class OrderStatusAgentTest {

  static final String QUESTION = "Where is order 1042?";

  @BeforeEach
  void script(MockLlm llm) {
    llm.script()
        .replyWithToolCall("order_status", "{\"order_id\":\"1042\"}").usage(60, 15)
        .thenReply("Order 1042 is out for delivery.").usage(90, 9);
  }

  @Test
  void wiredCorrectlyTheTraceIsClean(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    OrderStatusAgent.wiredCorrectly(llm.openAiBaseUrl(), otel).run(QUESTION);

    assertThat(traces.single().lint().isClean()).isTrue();
    assertThat(traces.single())
        .isWellInstrumented()
        .hasShape("""
            invoke_agent order_status_agent
            ├── chat gpt-4o-mini
            ├── execute_tool order_status
            └── chat gpt-4o-mini
            """);
  }

  @Test
  void tracerProviderNotGivenToTheAgent(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    OpenAIClient client = OpenAITelemetry.create(otel).wrap(OpenAiTools.client(llm.openAiBaseUrl()));

    new OrderStatusAgent(client, null).run(QUESTION); // the mistake: no tracer provider

    // Without an agent span to hold them together, each LLM call is a trace of its own.
    List<AgentTrace> all = traces.all();
    assertThat(all).hasSize(2);
    assertThat(all.get(0).lint().findings()).singleElement().satisfies(finding -> {
      assertThat(finding.rule()).isEqualTo(LintRule.NO_AGENT_SPANS);
      assertThat(finding.problem()).isEqualTo("1 LLM span but no agent span: \"chat gpt-4o-mini\"");
      assertThat(finding.fix()).isEqualTo("give the agent runtime the test's OpenTelemetry (its tracer provider), "
          + "or wrap each run in an invoke_agent span, so LLM and tool calls hang under the agent that made them");
    });
    assertThat(all.get(1).lint().findings()).extracting(LintFinding::rule).containsExactly(LintRule.NO_AGENT_SPANS);
    assertThatThrownBy(() -> assertThat(all.get(0)).isWellInstrumented())
        .hasMessage("""
            Expecting the trace of "tracerProviderNotGivenToTheAgent" to be well instrumented but lint found 1 problem:
              1. [no-agent-spans] 1 LLM span but no agent span: "chat gpt-4o-mini"
                  fix: give the agent runtime the test's OpenTelemetry (its tracer provider), or wrap each run in an invoke_agent span, so LLM and tool calls hang under the agent that made them
            in the trace:
              chat gpt-4o-mini  tokens 60→15""");
  }

  @Test
  void modelClientNotInstrumented(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    OpenAIClient client = OpenAiTools.client(llm.openAiBaseUrl()); // the mistake: not wrapped

    new OrderStatusAgent(client, otel.getTracerProvider()).run(QUESTION);

    assertThat(traces.single().lint().findings()).singleElement().satisfies(finding -> {
      assertThat(finding.rule()).isEqualTo(LintRule.NO_LLM_SPANS);
      assertThat(finding.problem()).isEqualTo("1 agent span but no LLM span: \"invoke_agent order_status_agent\"");
      assertThat(finding.fix()).isEqualTo("instrument the model client (for openai-java: "
          + "OpenAITelemetry.create(openTelemetry).wrap(client)), or enable the framework's model observations");
    });
    assertThatThrownBy(() -> assertThat(traces.single()).isWellInstrumented())
        .hasMessage("""
            Expecting the trace of "modelClientNotInstrumented" to be well instrumented but lint found 1 problem:
              1. [no-llm-spans] 1 agent span but no LLM span: "invoke_agent order_status_agent"
                  fix: instrument the model client (for openai-java: OpenAITelemetry.create(openTelemetry).wrap(client)), or enable the framework's model observations
            in the trace:
              invoke_agent order_status_agent
              └── execute_tool order_status  {"order_id":"1042"} → Order 1042 is out for delivery.""");
  }

  @Test
  void modelClientInstrumentedTwice(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    OpenAITelemetry telemetry = OpenAITelemetry.create(otel);
    OpenAIClient client = telemetry.wrap(telemetry.wrap(OpenAiTools.client(llm.openAiBaseUrl()))); // the mistake

    new OrderStatusAgent(client, otel.getTracerProvider()).run(QUESTION);

    assertThat(traces.single().lint().findings()).singleElement().satisfies(finding -> {
      assertThat(finding.rule()).isEqualTo(LintRule.DUPLICATE_LLM_SPANS);
      assertThat(finding.problem()).isEqualTo("2 LLM spans duplicate another LLM span of the same request "
          + "(nested in it, or with the same gen_ai.response.id): \"chat gpt-4o-mini\"");
      assertThat(finding.fix()).isEqualTo("the model client is instrumented twice (a framework observation and an "
          + "SDK wrapper, or a java agent and a library instrumentation): keep one");
    });
    assertThatThrownBy(() -> assertThat(traces.single()).isWellInstrumented())
        .hasMessage("""
            Expecting the trace of "modelClientInstrumentedTwice" to be well instrumented but lint found 1 problem:
              1. [duplicate-llm-spans] 2 LLM spans duplicate another LLM span of the same request (nested in it, or with the same gen_ai.response.id): "chat gpt-4o-mini"
                  fix: the model client is instrumented twice (a framework observation and an SDK wrapper, or a java agent and a library instrumentation): keep one
            in the trace:
              invoke_agent order_status_agent
              ├── chat gpt-4o-mini           tokens 60→15
              │   └── chat gpt-4o-mini       tokens 60→15
              ├── execute_tool order_status  {"order_id":"1042"} → Order 1042 is out for delivery.
              └── chat gpt-4o-mini           tokens 90→9
                  └── chat gpt-4o-mini       tokens 90→9""");
    // Token totals still count each call once.
    assertThat(traces.single()).tokens().hasInput(150).hasOutput(24);
  }
}
