package dev.spanproof.parallel;

import static dev.spanproof.assertions.AgentAssertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import org.junit.jupiter.api.Nested;

/** The official openai-java SDK and its official instrumentation, 100 agents at once. */
@AgentTest
class OpenAiAgentsInParallelTest {

  @Nested class Batch0 extends TenAgents { Batch0() { super(0, OpenAiAgentsInParallelTest.this::agent); } }
  @Nested class Batch1 extends TenAgents { Batch1() { super(1, OpenAiAgentsInParallelTest.this::agent); } }
  @Nested class Batch2 extends TenAgents { Batch2() { super(2, OpenAiAgentsInParallelTest.this::agent); } }
  @Nested class Batch3 extends TenAgents { Batch3() { super(3, OpenAiAgentsInParallelTest.this::agent); } }
  @Nested class Batch4 extends TenAgents { Batch4() { super(4, OpenAiAgentsInParallelTest.this::agent); } }
  @Nested class Batch5 extends TenAgents { Batch5() { super(5, OpenAiAgentsInParallelTest.this::agent); } }
  @Nested class Batch6 extends TenAgents { Batch6() { super(6, OpenAiAgentsInParallelTest.this::agent); } }
  @Nested class Batch7 extends TenAgents { Batch7() { super(7, OpenAiAgentsInParallelTest.this::agent); } }
  @Nested class Batch8 extends TenAgents { Batch8() { super(8, OpenAiAgentsInParallelTest.this::agent); } }
  @Nested class Batch9 extends TenAgents { Batch9() { super(9, OpenAiAgentsInParallelTest.this::agent); } }

  void agent(int n, MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    String marker = "agent-" + n;
    llm.script().reply("answer for " + marker).usage(n, 7);
    OpenAIClient client = OpenAITelemetry.builder(otel).build().wrap(OpenAIOkHttpClient.builder()
        .baseUrl(llm.openAiBaseUrl()).apiKey("test").maxRetries(0).build());

    Span agent = otel.getTracer("parallel").spanBuilder("invoke_agent " + marker)
        .setAttribute("gen_ai.operation.name", "invoke_agent").setAttribute("gen_ai.agent.name", marker)
        .startSpan();
    ChatCompletion completion;
    try (Scope ignored = agent.makeCurrent()) {
      completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4o-mini").addUserMessage("question from " + marker).build());
    } finally {
      agent.end();
      client.close();
    }

    assertThat(completion.choices().get(0).message().content()).hasValue("answer for " + marker);
    assertThat(traces.single()).hasShape("invoke_agent " + marker + "\n└── chat gpt-4o-mini")
        .tokens().hasInput(n).hasOutput(7);
    Isolation.onlyOwnRequests(llm, marker, 1);
  }
}
