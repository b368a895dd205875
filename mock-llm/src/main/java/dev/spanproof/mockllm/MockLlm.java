package dev.spanproof.mockllm;

import dev.spanproof.mockllm.internal.CassettePlayer;
import dev.spanproof.mockllm.internal.SessionState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A mock LLM for one test: a provider-neutral script, rendered in whichever protocol the agent speaks
 * (OpenAI Chat Completions and Responses, Anthropic Messages, Gemini, Ollama), and a typed journal of
 * what the agent sent.
 *
 * <pre>{@code
 * try (MockLlm llm = MockLlm.start()) {
 *   llm.script()
 *      .replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").usage(10, 15)
 *      .thenReply("2+2 equals 4").usage(12, 8);
 *   String answer = new CalculatorAgent(llm.openAiBaseUrl()).run("What is 2+2?");
 *   llm.verify(); // fails on unmatched requests and unused steps
 * }
 * }</pre>
 *
 * <p>Thread-safe: the server answers on its own threads while the test scripts and reads the journal.
 */
public final class MockLlm implements AutoCloseable {
  private final MockLlmServer server;
  private final SessionState state;
  private final String baseUrl;
  private final boolean ownsServer;

  MockLlm(MockLlmServer server, SessionState state, String baseUrl, boolean ownsServer) {
    this.server = server;
    this.state = state;
    this.baseUrl = baseUrl;
    this.ownsServer = ownsServer;
  }

  /** A standalone mock on its own server on a free port of 127.0.0.1; {@link #close()} stops the server. */
  public static MockLlm start() {
    return MockLlmServer.start().rootSession("mock LLM", true);
  }

  /** A standalone mock on the given port of 127.0.0.1 (0 for a free one); {@link #close()} stops the server. */
  public static MockLlm start(int port) {
    return MockLlmServer.start(port).rootSession("mock LLM", true);
  }

  /**
   * The script: what the mock answers, step by step. Calls add steps to the end of the script.
   *
   * <pre>{@code
   * llm.script().replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").usage(10, 15)
   *             .thenReply("2+2 equals 4").usage(12, 8);
   * }</pre>
   */
  public Script script() {
    return new Script(state, null, false);
  }

  /**
   * Answers this session's requests from recorded provider traffic instead of a script, or records that traffic
   * by proxying to the real provider, as the cassette's {@linkplain Cassette#mode() mode} says (by default chosen
   * by {@value CassetteMode#ENVIRONMENT_VARIABLE}). Requests are still journaled, so journal assertions work in
   * both modes.
   *
   * <pre>{@code
   * llm.useCassette(Cassette.at(Path.of("src/test/resources/cassettes/weather.json")));
   * }</pre>
   *
   * @throws IllegalStateException when the session has scripted steps, or when replaying and the file does not
   *     exist (the message says how to record it)
   * @throws IllegalArgumentException when the file is not a valid cassette
   */
  public MockLlm useCassette(Cassette cassette) {
    state.cassette(new CassettePlayer(Objects.requireNonNull(cassette, "cassette"), System::getenv));
    return this;
  }

  /** The cassette this session replays or records, if any. */
  public Optional<Cassette> cassette() {
    CassettePlayer player = state.cassette();
    return player == null ? Optional.empty() : Optional.of(player.cassette());
  }

  /** What diagnostics call this session. */
  public String label() {
    return state.label();
  }

  /** The base URL of this session, prefix included, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The base URL for OpenAI clients (Chat Completions and Responses): {@link #baseUrl()} + {@code /v1}. */
  public String openAiBaseUrl() {
    return baseUrl + "/v1";
  }

  /** The base URL for Anthropic clients (they append {@code /v1/messages}): {@link #baseUrl()}. */
  public String anthropicBaseUrl() {
    return baseUrl;
  }

  /** The base URL for Gemini clients (they append {@code /v1beta/models/…}): {@link #baseUrl()}. */
  public String geminiBaseUrl() {
    return baseUrl;
  }

  /** The base URL for Ollama clients (they append {@code /api/chat}): {@link #baseUrl()}. */
  public String ollamaBaseUrl() {
    return baseUrl;
  }

  /** The port of the server this session lives on. */
  public int port() {
    return server.port();
  }

  /** The journal: every parsed request, oldest first (bounded, see {@link #journalLimit(int)}). */
  public List<LlmRequest> requests() {
    return state.requests();
  }

  /**
   * The request with the given 1-based number.
   *
   * @throws IllegalArgumentException saying how many requests there were when there is no such request
   */
  public LlmRequest request(int number) {
    for (LlmRequest r : state.requests()) {
      if (r.number() == number) {
        return r;
      }
    }
    throw new IllegalArgumentException("there is no request #" + number + " in session " + label()
        + ": the journal holds " + describeJournal());
  }

  /** The most recent request, if any. */
  public Optional<LlmRequest> lastRequest() {
    List<LlmRequest> all = state.requests();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Problems so far, each a readable diagnostic: unmatched and rejected requests, and (unless
   * {@link Script#lenient()}) steps not used up yet. Empty when all is well.
   */
  public List<String> problems() {
    return state.problems();
  }

  /**
   * The problems requests caused so far, oldest first: unmatched and rejected requests, mock failures. Unlike the
   * unused steps and recordings in {@link #problems()}, which are worked out afresh on each call and vanish once
   * used, these stay put until {@link #reset()}, each with a number no later problem of this session reuses (not
   * even after a reset). So a caller sharing one session between tests can tell which problems arose after a
   * point: those numbered above the last one it saw.
   *
   * @return the request problems, in the order they arose
   */
  public List<RequestProblem> requestProblems() {
    return state.requestProblems();
  }

  /**
   * The problems about what was set up but not used, as they stand now: recordings never replayed (unless
   * allowed) and steps not used up (unless {@link Script#lenient()}). {@link #problems()} is
   * {@link #requestProblems()} followed by these.
   *
   * @return the unused recordings and steps, empty when everything was used
   */
  public List<String> unusedProblems() {
    return state.unusedProblems();
  }

  /**
   * A problem a request caused, see {@link #requestProblems()}.
   *
   * @param number its place among the session's request problems, from 1; never reused, not even after
   *     {@link #reset()}
   * @param message the diagnostic, as {@link #problems()} shows it
   */
  public record RequestProblem(long number, String message) {
    @Override
    public String toString() {
      return message;
    }
  }

  /**
   * Throws an {@link AssertionError} (opentest4j's {@code AssertionFailedError} when on the classpath) listing
   * {@link #problems()} and the transcript; does nothing when there are none.
   */
  public void verify() {
    List<String> problems = problems();
    if (problems.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("Mock LLM session \"").append(label()).append("\" has ")
        .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
    for (String p : problems) {
      sb.append("\n\n").append(p);
    }
    sb.append("\n\nLLM exchange:\n").append(transcript().isEmpty() ? "(no requests)\n" : transcript().indent(2));
    throw assertionError(sb.toString().stripTrailing());
  }

  /**
   * The exchange so far, one line per request, e.g.
   * {@code #1 user "What is 2+2?"  →  scripted tool call calculate {"a":2,"b":2}}.
   */
  public String transcript() {
    return state.transcript();
  }

  /** Bounds the journal and transcript to the last {@code limit} requests (default 10,000). */
  public MockLlm journalLimit(int limit) {
    state.journalLimit(limit);
    return this;
  }

  /** Clears script, cassette, journal and problems (tool-call and response ids restart at 1). */
  public void reset() {
    state.reset();
  }

  /** Ends the session (its URLs answer 404), or stops the server of a standalone mock. */
  @Override
  public void close() {
    CassettePlayer player = state.cassette();
    if (player != null) {
      player.finish();
    }
    server.endSession(state);
    if (ownsServer) {
      server.close();
    }
  }

  private String describeJournal() {
    List<LlmRequest> all = state.requests();
    if (all.isEmpty()) {
      return "no requests";
    }
    return "requests #" + all.get(0).number() + " to #" + all.get(all.size() - 1).number();
  }

  static AssertionError assertionError(String message) {
    try {
      Class<?> type = Class.forName("org.opentest4j.AssertionFailedError");
      return (AssertionError) type.getConstructor(String.class).newInstance(message);
    } catch (ReflectiveOperationException | LinkageError e) {
      return new AssertionError(message);
    }
  }
}
