package dev.spanproof.langchain4j;

import static dev.spanproof.assertions.AgentAssertions.assertThat;

import dev.langchain4j.service.AiServices;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

/**
 * Several {@link LangChain4jTracing} instances over one OpenTelemetry share what they know of the
 * calls in flight: one model call is one chat span, wherever the listeners came from.
 */
@AgentTest
class TracingInstancesTest {

  private final Calculator calculator = new Calculator();

  @Test
  void a_model_traced_by_one_instance_and_a_service_by_another_give_one_chat_span_per_call(
      MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("add", "{\"a\":2,\"b\":3}").usage(10, 15)
        .thenReply("2 + 3 = 5").usage(12, 8);
    LangChain4jTracing forModel = LangChain4jTracing.create(otel);
    LangChain4jTracing forService = LangChain4jTracing.create(otel);
    Assistant assistant = forService.instrument(AiServices.builder(Assistant.class), "assistant")
        .chatModel(MockModels.chat(llm, forModel.chatModelListener()))
        .tools(calculator)
        .build();

    assertThat(assistant.chat("What is 2 + 3?")).isEqualTo("2 + 3 = 5");

    assertThat(traces.single())
        .hasShape("""
            invoke_agent assistant
            ├── chat gpt-4o  tokens 10→15
            ├── execute_tool add  {"a":2,"b":3} → 5
            └── chat gpt-4o  tokens 12→8
            """)
        .llmCalls().hasSize(2);
  }

  @Test
  void listeners_and_hooks_of_two_instances_on_one_model_and_service_trace_each_call_once(
      MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("add", "{\"a\":2,\"b\":3}").usage(10, 15)
        .thenReply("2 + 3 = 5").usage(12, 8);
    LangChain4jTracing first = LangChain4jTracing.create(otel);
    LangChain4jTracing second = LangChain4jTracing.create(otel);
    Assistant assistant = first.instrument(AiServices.builder(Assistant.class), "assistant")
        .registerListeners(second.aiServiceListeners("again"))
        .beforeToolExecution(first.beforeToolExecution().andThen(second.beforeToolExecution()))
        .afterToolExecution(first.afterToolExecution().andThen(second.afterToolExecution()))
        .chatModel(MockModels.chat(llm, first.chatModelListener(), second.chatModelListener()))
        .tools(calculator)
        .build();

    assertThat(assistant.chat("What is 2 + 3?")).isEqualTo("2 + 3 = 5");

    // the listeners registered first trace the call (their agent name); the others add nothing
    assertThat(traces.single())
        .hasShape("""
            invoke_agent assistant
            ├── chat gpt-4o  tokens 10→15
            ├── execute_tool add  {"a":2,"b":3} → 5
            └── chat gpt-4o  tokens 12→8
            """)
        .llmCalls().hasSize(2);
  }
}
