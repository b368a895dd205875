package dev.spanproof.parallel;

import static dev.spanproof.assertions.AgentAssertions.assertThat;

import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;

/** Agents that finish on another thread after the test body moved on. */
@AgentTest
class AsyncAgentsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Nested class Batch0 extends TenAgents { Batch0() { super(0, AsyncAgentsTest.this::agent); } }
  @Nested class Batch1 extends TenAgents { Batch1() { super(1, AsyncAgentsTest.this::agent); } }
  @Nested class Batch2 extends TenAgents { Batch2() { super(2, AsyncAgentsTest.this::agent); } }
  @Nested class Batch3 extends TenAgents { Batch3() { super(3, AsyncAgentsTest.this::agent); } }
  @Nested class Batch4 extends TenAgents { Batch4() { super(4, AsyncAgentsTest.this::agent); } }
  @Nested class Batch5 extends TenAgents { Batch5() { super(5, AsyncAgentsTest.this::agent); } }
  @Nested class Batch6 extends TenAgents { Batch6() { super(6, AsyncAgentsTest.this::agent); } }
  @Nested class Batch7 extends TenAgents { Batch7() { super(7, AsyncAgentsTest.this::agent); } }
  @Nested class Batch8 extends TenAgents { Batch8() { super(8, AsyncAgentsTest.this::agent); } }
  @Nested class Batch9 extends TenAgents { Batch9() { super(9, AsyncAgentsTest.this::agent); } }

  void agent(int n, MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    String marker = "async-" + n;
    llm.script().reply("done " + marker);
    Tracer tracer = otel.getTracer("parallel");
    Span agent = tracer.spanBuilder("invoke_agent " + marker).startSpan();
    try (Scope ignored = agent.makeCurrent()) {
      Context context = Context.current();
      HTTP.sendAsync(HttpRequest.newBuilder(URI.create(llm.openAiBaseUrl() + "/chat/completions"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\","
                  + "\"content\":\"" + marker + "\"}]}")).build(), HttpResponse.BodyHandlers.ofString())
          .thenAccept(response -> {
            try (Scope inner = context.makeCurrent()) {
              tracer.spanBuilder("chat gpt-4 " + marker).setAttribute("gen_ai.operation.name", "chat")
                  .setAttribute("gen_ai.request.model", "gpt-4").startSpan().end();
            } finally {
              agent.end();
            }
          });
    }

    // No join: the extension waits for this test's agent span to end, and only for this test's.
    assertThat(traces.awaitTraces(1, Duration.ofSeconds(30))).hasSize(1);
    Isolation.onlyOwnSpans(traces, marker, 2);
    Isolation.onlyOwnRequests(llm, marker, 1);
  }
}
