package dev.spanproof.examples.metadata;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;
import static dev.spanproof.assertions.AgentAssertions.call;

import dev.spanproof.assertions.SpanRole;
import dev.spanproof.examples.metadata.SupportAgent.RunContext;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The support agent files every run under the user's and session's ids, tags and metadata. */
@AgentTest
class SupportAgentTest {

  static final RunContext ALICE = new RunContext("user-42", "session-7",
      List.of("support", "orders"), Map.of("plan", "pro", "locale", "en-GB"));

  @Test
  void theAgentSpanCarriesUserSessionTagsAndMetadata(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("lookup_order", "{\"order_id\":\"1042\"}").usage(70, 18)
        .thenReply("Your order 1042 shipped on Monday and arrives Thursday.").usage(110, 14);

    String answer = new SupportAgent(llm.openAiBaseUrl(), otel).run("Where is my order 1042?", ALICE);

    assertThat(answer).isEqualTo("Your order 1042 shipped on Monday and arrives Thursday.");
    assertThat(traces.single())
        .hasShape("""
            invoke_agent support_agent
            ├── chat gpt-4o-mini
            ├── execute_tool lookup_order  {"order_id":"1042"} → Order 1042: shipped on Monday, arriving Thursday
            └── chat gpt-4o-mini
            """)
        .isWellInstrumented()
        .toolCalls().containsExactly(call("lookup_order").withArguments("{\"order_id\":\"1042\"}"));
    assertThat(traces.single()).agent("support_agent").span()
        .hasAttribute("user.id", "user-42")
        .hasAttribute("session.id", "session-7")
        .hasAttribute("gen_ai.conversation.id", "session-7")
        .hasAttribute("langfuse.user.id", "user-42")
        .hasAttribute("langfuse.session.id", "session-7")
        .hasAttribute("langfuse.trace.metadata.plan", "pro")
        .hasAttribute("langfuse.trace.metadata.locale", "en-GB")
        .spanData().hasAttribute(AttributeKey.stringArrayKey("langfuse.trace.tags"), List.of("support", "orders"));
    // Find a run by who asked, as a backend would.
    assertThat(traces.single()).spanWithAttribute("user.id", "user-42").hasRole(SpanRole.AGENT);
    // The ids stay on the agent span: the model calls do not repeat them.
    assertThat(traces.single()).llmCalls().first().span().doesNotHaveAttribute("user.id");
  }

  @Test
  void aRunFiledUnderAnotherUserFailsWithTheValueSeen(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script().reply("Hello! How can I help?").usage(40, 7);

    new SupportAgent(llm.openAiBaseUrl(), otel).run("Hi", new RunContext("user-43", "session-8", List.of(), Map.of()));

    assertThatThrownBy(() -> assertThat(traces.single()).hasSpanWithAttribute("user.id", "user-42"))
        .hasMessage("""
            Expecting the trace of "aRunFiledUnderAnotherUserFailsWithTheValueSeen" to contain a span with \
            user.id = "user-42" but it has none (values seen: [user-43])
            in the trace:
              invoke_agent support_agent
              └── chat gpt-4o-mini  tokens 40→7""");
  }
}
