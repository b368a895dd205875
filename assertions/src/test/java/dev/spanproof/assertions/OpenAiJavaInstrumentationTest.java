package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.call;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spans and log records emitted by the real openai-java instrumentation, read by the model. */
class OpenAiJavaInstrumentationTest {

  private static final List<String> REPLIES = List.of("""
      {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4",
       "choices":[{"index":0,"finish_reason":"tool_calls","logprobs":null,
         "message":{"role":"assistant","content":null,"refusal":null,
           "tool_calls":[{"id":"call_1","type":"function",
             "function":{"name":"calculate","arguments":"{\\"a\\":2,\\"b\\":2}"}}]}}],
       "usage":{"prompt_tokens":10,"completion_tokens":15,"total_tokens":25}}""", """
      {"id":"chatcmpl-2","object":"chat.completion","created":1700000001,"model":"gpt-4",
       "choices":[{"index":0,"finish_reason":"stop","logprobs":null,
         "message":{"role":"assistant","content":"2+2 equals 4","refusal":null}}],
       "usage":{"prompt_tokens":12,"completion_tokens":8,"total_tokens":20}}""");

  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private OpenTelemetrySdk otel;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      byte[] body = REPLIES.get(Math.min(requests.getAndIncrement(), REPLIES.size() - 1))
          .getBytes(StandardCharsets.UTF_8);
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build())
        .build();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    otel.close();
  }

  /** A hand-rolled agent: the instrumented client makes the LLM spans, the agent its own spans. */
  private String runCalculatorAgent() {
    OpenAIClient client = OpenAITelemetry.builder(otel).setCaptureMessageContent(true).build().wrap(
        OpenAIOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
            .apiKey("test-key")
            .maxRetries(0)
            .build());
    Tracer tracer = otel.getTracer("calculator-agent");
    Span agent = tracer.spanBuilder("invoke_agent assistant")
        .setAttribute("gen_ai.operation.name", "invoke_agent")
        .setAttribute("gen_ai.agent.name", "assistant")
        .startSpan();
    Scope scope = agent.makeCurrent();
    try {
      ChatCompletion first = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4").addUserMessage("What is 2+2?").build());
      var toolCall = first.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
      Span tool = tracer.spanBuilder("execute_tool " + toolCall.function().name())
          .setAttribute("gen_ai.operation.name", "execute_tool")
          .setAttribute("gen_ai.tool.name", toolCall.function().name())
          .setAttribute("gen_ai.tool.call.id", toolCall.id())
          .setAttribute("gen_ai.tool.call.arguments", toolCall.function().arguments())
          .setAttribute("gen_ai.tool.call.result", "4")
          .startSpan();
      tool.end();
      ChatCompletion second = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4").addUserMessage("What is 2+2?").build());
      return second.choices().get(0).message().content().orElse("");
    } finally {
      scope.close();
      agent.end();
    }
  }

  @Test
  void reads_the_spans_and_choice_logs_of_the_real_instrumentation() {
    String answer = runCalculatorAgent();

    AgentTrace trace = AgentTrace.groupByTrace(spans.getFinishedSpanItems(), logs.getFinishedLogRecordItems())
        .get(0).withLabel("addsWithTheCalculatorTool");
    org.assertj.core.api.Assertions.assertThat(answer).isEqualTo("2+2 equals 4");
    assertThat(trace)
        .hasShape("""
            invoke_agent assistant
              chat gpt-4              tokens 10→15
              execute_tool calculate  {"a":2,"b":2} → 4
              chat gpt-4              tokens 12→8
            """)
        .isWellInstrumented()
        .executedEveryRequestedToolCall()
        .toolCalls().containsExactly(call("calculate").withArguments("{\"a\":2,\"b\":2}").withResult("4"));
    assertThat(trace).tokens().hasInput(22).hasOutput(23);
    assertThat(trace).llmCalls().first()
        .hasProvider("openai")
        .hasFinishReason("tool_calls")
        .requestedToolCalls().containsExactly(call("calculate").withArguments("{\"a\":2,\"b\":2}"));
    assertThat(trace).llmCalls().last().hasFinishReason("stop").spanData().hasAttribute(
        io.opentelemetry.api.common.AttributeKey.stringKey("gen_ai.response.id"), "chatcmpl-2");
  }
}
