package dev.spanproof.benchmarks.extension;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The work each fixture test does, the same for both variants: an agent span with a chat span around
 * one mock chat request and an {@code execute_tool} span, then the test reads its spans.
 */
final class FixtureWork {

  static final String REQUEST = "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"}]}";
  static final String ANSWER = "2+2 equals 4";

  /** One client for every test, as an agent under test would keep one. */
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /** How many tests each fixture class runs; set by the benchmark before each run. */
  static volatile int tests = 10;

  private FixtureWork() {}

  static java.util.stream.IntStream cases() {
    return java.util.stream.IntStream.range(0, tests);
  }

  static void run(OpenTelemetry otel, String chatCompletionsUrl, Supplier<List<SpanData>> spans) {
    Tracer tracer = otel.getTracer("dev.spanproof.benchmarks");
    Span agent = tracer.spanBuilder("invoke_agent assistant")
        .setAttribute("gen_ai.operation.name", "invoke_agent")
        .setAttribute("gen_ai.agent.name", "assistant")
        .startSpan();
    try (Scope ignored = agent.makeCurrent()) {
      Span chat = tracer.spanBuilder("chat gpt-4")
          .setAttribute("gen_ai.operation.name", "chat")
          .setAttribute("gen_ai.request.model", "gpt-4")
          .startSpan();
      try (Scope ignored2 = chat.makeCurrent()) {
        String body = post(chatCompletionsUrl);
        if (!body.contains("equals")) {
          throw new AssertionError("unexpected reply: " + body);
        }
        chat.setAttribute("gen_ai.usage.input_tokens", 10L);
        chat.setAttribute("gen_ai.usage.output_tokens", 5L);
      } finally {
        chat.end();
      }
      Span tool = tracer.spanBuilder("execute_tool calculate")
          .setAttribute("gen_ai.operation.name", "execute_tool")
          .setAttribute("gen_ai.tool.name", "calculate")
          .setAttribute("gen_ai.tool.call.arguments", "{\"a\":2,\"b\":2}")
          .setAttribute("gen_ai.tool.call.result", "4")
          .startSpan();
      tool.end();
    } finally {
      agent.end();
    }
    List<SpanData> read = spans.get();
    if (read.size() != 3) {
      throw new AssertionError("expected 3 spans, read " + read.size() + ": " + read);
    }
  }

  private static String post(String url) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(REQUEST))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
