package dev.spanproof.mockllm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import dev.spanproof.mockllm.internal.Router;
import dev.spanproof.mockllm.internal.SessionState;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One WireMock server on 127.0.0.1 that hosts any number of isolated {@link MockLlm} sessions, each under
 * its own base-URL prefix ({@code http://127.0.0.1:PORT/s/<id>}), so parallel tests in one JVM never share
 * a script or a journal.
 *
 * <pre>{@code
 * try (MockLlmServer server = MockLlmServer.start()) {
 *   MockLlm llm = server.newSession("addsWithTheCalculatorTool");
 *   llm.script().reply("Hello");
 *   // point the client at llm.openAiBaseUrl()
 * }
 * }</pre>
 */
public final class MockLlmServer implements AutoCloseable {
  private final WireMockServer wireMock;
  private final Router router;
  private final AtomicInteger sessionIds = new AtomicInteger();

  private MockLlmServer(int port) {
    this.router = new Router();
    var config = options()
        .bindAddress("127.0.0.1")
        .extensions(router)
        .disableRequestJournal() // we keep our own, bounded, typed journal
        .gzipDisabled(true) // Jetty would gzip NDJSON streams
        // The JDK HttpClient offers an h2c upgrade on plain http; with a chunked body Jetty's upgrade
        // loses the body and never answers. Plain HTTP/1.1 serves every SDK the same.
        .http2PlainDisabled(true)
        .stubRequestLoggingDisabled(true)
        .jettyStopTimeout(0L)
        // Paced streams and delays sleep on a server thread: leave room for parallel tests.
        .containerThreads(64)
        .notifier(new ConsoleNotifier(false));
    config = port == 0 ? config.dynamicPort() : config.port(port);
    this.wireMock = new WireMockServer(config);
    try {
      wireMock.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Could not start the mock LLM server on 127.0.0.1"
          + (port == 0 ? " (dynamic port)" : " port " + port + " (is it in use? pass 0 for a free port)") + ": " + e.getMessage(), e);
    }
    wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(Router.NAME)));
  }

  /** Starts a server on a free port of 127.0.0.1. */
  public static MockLlmServer start() {
    return new MockLlmServer(0);
  }

  /**
   * Starts a server on the given port of 127.0.0.1 (0 for a free one).
   *
   * @throws IllegalStateException when the port cannot be bound
   */
  public static MockLlmServer start(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("a port is between 0 and 65535 (0 for a free one), got " + port);
    }
    return new MockLlmServer(port);
  }

  /**
   * A new mock with its own script and journal, reached under its own base-URL prefix.
   *
   * @param label what diagnostics call the session (e.g. the test's display name); null for none
   */
  public MockLlm newSession(String label) {
    String id = Integer.toString(sessionIds.incrementAndGet());
    SessionState state = new SessionState(id, label == null ? "session " + id : label);
    router.register(state);
    return new MockLlm(this, state, baseUrl() + Router.SESSION_PREFIX + id, false);
  }

  /** A session answering the unprefixed URLs ({@code http://127.0.0.1:PORT}); used by {@link MockLlm#start()}. */
  MockLlm rootSession(String label, boolean ownsServer) {
    SessionState state = new SessionState("root", label);
    router.registerRoot(state);
    return new MockLlm(this, state, baseUrl(), ownsServer);
  }

  void endSession(SessionState state) {
    router.unregister(state);
  }

  /** The port the server listens on. */
  public int port() {
    return wireMock.port();
  }

  /** The server's root URL, {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return String.format(Locale.ROOT, "http://127.0.0.1:%d", port());
  }

  /** Whether the server is running. */
  public boolean isRunning() {
    return wireMock.isRunning();
  }

  /** Stops the server; every session's URLs stop answering. */
  @Override
  public void close() {
    if (wireMock.isRunning()) {
      wireMock.stop();
    }
  }
}
