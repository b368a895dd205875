package dev.spanproof.examples.capacity;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;
import static dev.spanproof.assertions.AgentAssertions.call;

import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.LlmMessage;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

/** The capacity planner: a tool call, then a reflection on its result before answering. */
@AgentTest
class CapacityPlannerTest {

  static final String QUESTION = "Can checkout take 1200 requests per minute?";

  @Test
  void reflectsOnTheLatencyEstimateBeforeAnswering(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("estimate_latency", "{\"service\":\"checkout\",\"requests_per_minute\":1200}").usage(95, 24)
        .thenReply("Yes: at 1200 requests/min checkout's p95 is 133 ms, within the 200 ms objective.").usage(140, 21);

    String answer = new CapacityPlanner(llm.openAiBaseUrl(), otel).run(QUESTION);

    assertThat(answer).isEqualTo("Yes: at 1200 requests/min checkout's p95 is 133 ms, within the 200 ms objective.");
    assertThat(traces.single())
        .hasShape("""
            invoke_agent capacity_planner
            ├── chat gpt-4o                    tokens 95→24
            ├── execute_tool estimate_latency  {"service":"checkout","requests_per_minute":1200} → checkout at 1200 requests/min: p95 133 ms
            └── chat gpt-4o                    tokens 140→21
            """)
        .isWellInstrumented()
        .executedEveryRequestedToolCall()
        .toolCalls().containsExactly(call("estimate_latency")
            .withArguments("{\"service\":\"checkout\",\"requests_per_minute\":1200}")
            .withResult("checkout at 1200 requests/min: p95 133 ms"));
    // The reflection: the model got the tool's result, and no tools to call again.
    assertThat(llm.request(1).tools()).containsExactly("estimate_latency");
    assertThat(llm.request(2).tools()).isEmpty();
    assertThat(llm.request(2).latestToolResults()).extracting(LlmMessage::content)
        .containsExactly("checkout at 1200 requests/min: p95 133 ms");
    assertThat(traces.single()).tokens().hasInput(235).hasOutput(45);
  }

  @Test
  void withoutReflectionTheToolResultIsTheAnswer(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("estimate_latency", "{\"service\":\"search\",\"requests_per_minute\":3500}").usage(95, 24);

    String answer = new CapacityPlanner(llm.openAiBaseUrl(), otel, false).run("Can search take 3500 requests per minute?");

    assertThat(answer).isEqualTo("search at 3500 requests/min: overloaded (capacity 3000)");
    assertThat(traces.single())
        .hasShape("""
            invoke_agent capacity_planner
            ├── chat gpt-4o
            └── execute_tool estimate_latency  {"service":"search","requests_per_minute":3500} → search at 3500 requests/min: overloaded (capacity 3000)
            """)
        .llmCallCount().isEqualTo(1);
  }

  @Test
  void anUnknownServiceIsAFailedToolCallTheModelHearsAbout(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("estimate_latency", "{\"service\":\"payments\",\"requests_per_minute\":100}").usage(95, 24)
        .thenReply("I do not know the payments service.").usage(150, 9);

    String answer = new CapacityPlanner(llm.openAiBaseUrl(), otel).run("Can payments take 100 requests per minute?");

    assertThat(answer).isEqualTo("I do not know the payments service.");
    assertThat(traces.single()).toolCalls()
        .containsExactly(call("estimate_latency").failedWith("java.lang.IllegalArgumentException"));
    assertThat(llm.request(2).latestToolResults()).extracting(LlmMessage::content)
        .containsExactly("error: unknown service \"payments\"; known: [catalog, checkout, search]");
  }

  @Test
  void toolCallAssertionFailsWhenTheAgentPassesTheWrongLoad(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("estimate_latency", "{\"service\":\"checkout\",\"requests_per_minute\":12000}").usage(95, 24)
        .thenReply("No.").usage(140, 2);

    new CapacityPlanner(llm.openAiBaseUrl(), otel).run(QUESTION);

    assertThatThrownBy(() -> assertThat(traces.single()).toolCalls().containsExactly(call("estimate_latency")
            .withArguments("{\"service\":\"checkout\",\"requests_per_minute\":1200}")))
        .isInstanceOf(AssertionError.class)
        .hasMessage("""
            Expecting the tool calls of the trace of "toolCallAssertionFailsWhenTheAgentPassesTheWrongLoad" to be exactly, in order:
              1. estimate_latency {"service":"checkout","requests_per_minute":1200}
            but they were:
              1. estimate_latency {"service":"checkout","requests_per_minute":12000} → checkout at 12000 requests/min: overloaded (capacity 3000)
            call #1 differs: estimate_latency was called with {"service":"checkout","requests_per_minute":12000}; expected {"service":"checkout","requests_per_minute":1200}
            in the trace:
              invoke_agent capacity_planner
              ├── chat gpt-4o                    tokens 95→24
              ├── execute_tool estimate_latency  {"service":"checkout","requests_per_minute":12000} → checkout at 12000 requests/min: overloaded (capacity 3000)
                  ▲ estimate_latency was called with {"service":"checkout","requests_per_minute":12000}; expected {"service":"checkout","requests_per_minute":1200}
              └── chat gpt-4o                    tokens 140→2""");
  }
}
