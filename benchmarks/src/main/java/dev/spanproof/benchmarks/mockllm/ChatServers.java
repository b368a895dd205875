package dev.spanproof.benchmarks.mockllm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mokksy.aimocks.openai.MockOpenai;
import dev.spanproof.mockllm.MockLlm;
import dev.spanproof.mockllm.MockLlmServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The three servers of the mock-LLM comparison, and the one client that drives them all. */
final class ChatServers {

  /** A small, typical OpenAI Chat Completions request. */
  static final String REQUEST = "{\"model\":\"gpt-4\",\"messages\":["
      + "{\"role\":\"system\",\"content\":\"You are a calculator. Answer briefly.\"},"
      + "{\"role\":\"user\",\"content\":\"What is 2+2?\"}]}";

  /** The same request, streamed with a final usage chunk. */
  static final String STREAM_REQUEST = "{\"model\":\"gpt-4\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"system\",\"content\":\"You are a calculator. Answer briefly.\"},"
      + "{\"role\":\"user\",\"content\":\"What is 2+2?\"}]}";

  /** What every mock answers. */
  static final String ANSWER = "2+2 equals 4";

  private ChatServers() {}

  /** One HTTP/1.1 client with keep-alive: every server is driven the same way. */
  static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  static HttpRequest chatRequest(URI uri, String body) {
    return HttpRequest.newBuilder(uri)
        .header("content-type", "application/json")
        .header("authorization", "Bearer sk-benchmark-not-a-key")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** Sends the request and returns the body, failing on anything but 200 or an answer without {@link #ANSWER}'s last word. */
  static String call(HttpClient client, HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String body = response.body();
      if (response.statusCode() != 200 || !body.contains("equals")) {
        throw new IllegalStateException("HTTP " + response.statusCode() + " from " + request.uri() + ": " + body);
      }
      return body;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends a streamed request and reads it to the end; returns the nanoseconds from sending to the
   * first byte of the first {@code data:} line, and fills {@code total[0]} with the nanoseconds to
   * the end of the stream.
   */
  static long stream(HttpClient client, HttpRequest request, long[] total) {
    long start = System.nanoTime();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + response.statusCode() + " from " + request.uri());
      }
      long first = -1;
      int seen = 0; // matched characters of "data:"
      int events = 0;
      byte[] buffer = new byte[8192];
      try (InputStream in = response.body()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          for (int i = 0; i < n; i++) {
            byte b = buffer[i];
            if (b == "data:".charAt(seen)) {
              if (++seen == 5) {
                if (first < 0) {
                  first = System.nanoTime() - start;
                }
                events++;
                seen = 0;
              }
            } else {
              seen = b == 'd' ? 1 : 0;
            }
          }
        }
      }
      total[0] = System.nanoTime() - start;
      if (events < 3) {
        throw new IllegalStateException("only " + events + " SSE events from " + request.uri());
      }
      return first;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** spanproof's mock: one session on a server (the extension's layout), a text reply answering every request. */
  static final class Spanproof implements AutoCloseable {
    final MockLlmServer server = MockLlmServer.start();
    final MockLlm llm = server.newSession("benchmark");
    final URI uri = URI.create(llm.openAiBaseUrl() + "/chat/completions");

    Spanproof() {
      llm.script().reply(ANSWER).usage(12, 8).always();
    }

    @Override
    public void close() {
      llm.close();
      server.close();
    }
  }

  /**
   * A bare WireMock server with one static stub returning, byte for byte, what spanproof answers. Set up
   * exactly as {@code MockLlmServer} sets up its own server (127.0.0.1, no request journal, no gzip, no h2c,
   * quiet, 64 container threads), so the two differ only by spanproof's routing, parsing, journal and
   * rendering.
   */
  static final class BareWireMock implements AutoCloseable {
    final WireMockServer server;
    final URI uri;

    BareWireMock(String body, String contentType) {
      server = new WireMockServer(mockLlmServerSettings());
      server.start();
      server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
          .willReturn(aResponse().withStatus(200).withHeader("content-type", contentType).withBody(body)));
      uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions");
    }

    @Override
    public void close() {
      server.stop();
    }
  }

  /** The WireMock settings {@code MockLlmServer} starts its server with (on a dynamic port). */
  static WireMockConfiguration mockLlmServerSettings() {
    return options()
        .bindAddress("127.0.0.1")
        .dynamicPort()
        .disableRequestJournal()
        .gzipDisabled(true)
        .http2PlainDisabled(true)
        .stubRequestLoggingDisabled(true)
        .jettyStopTimeout(0L)
        .containerThreads(64)
        .notifier(new ConsoleNotifier(false));
  }

  /** The ai-mocks OpenAI mock (Mokksy on Ktor/Netty), quiet, with one chat-completion stub matching any request. */
  static final class AiMocks implements AutoCloseable {
    final MockOpenai mock = new MockOpenai(0, false);
    final URI uri;

    AiMocks() {
      mock.completion(request -> { }).responds(response -> {
        response.assistantContent(ANSWER);
        response.finishReason("stop");
      });
      uri = URI.create("http://127.0.0.1:" + mock.port() + "/v1/chat/completions");
    }

    @Override
    public void close() {
      mock.shutdown();
    }
  }

  /** What spanproof answers to {@code body}, fetched once to give the bare WireMock stub the same bytes. */
  static String spanproofAnswer(String body) {
    try (Spanproof spanproof = new Spanproof()) {
      HttpClient client = client();
      try {
        HttpResponse<String> response = client.send(chatRequest(spanproof.uri, body), HttpResponse.BodyHandlers.ofString());
        return response.body();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
