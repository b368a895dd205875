package dev.spanproof.mockllm;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Recorded provider traffic for one test: a JSON file of request/response pairs that a {@link MockLlm}
 * session replays instead of following a script, or writes while it proxies to the real provider.
 *
 * <p>Record once, with a real key in the environment; replay in CI with no key and no network:
 *
 * <pre>{@code
 * llm.useCassette(Cassette.at(Path.of("src/test/resources/cassettes/weather.json")));
 * // the agent talks to llm.openAiBaseUrl() in both modes
 * }</pre>
 *
 * <pre>{@code
 * SPANPROOF_CASSETTES=record OPENAI_API_KEY=sk-... ./mvnw test -Dtest=WeatherAgentTest   # writes the file
 * ./mvnw test                                                                          # replays it
 * }</pre>
 *
 * <p><b>Recording</b> ({@link CassetteMode#RECORD}): each request goes to {@link #upstream(String) the upstream}
 * (by default the public API of the provider whose protocol the request speaks), with the API key taken from the
 * {@linkplain #apiKeyFromEnvironment(String) environment variable} in place of whatever the client sent; the
 * response goes back to the agent and into the file. Streams are recorded event by event and replayed as
 * streams. Nothing secret is written: request headers are not kept (but for {@code anthropic-version},
 * {@code anthropic-beta} and {@code openai-beta}), a {@code key} query parameter is removed, response headers
 * that carry cookies, organization or project ids are redacted ({@link #redactingHeaders(String...)} adds
 * more), and every credential the client sent or the environment supplied is replaced by {@code <redacted>}
 * wherever it appears, bodies included. A 401 or 403 from the provider is reported, not recorded.
 *
 * <p><b>Replaying</b> ({@link CassetteMode#REPLAY}, the default): a request is answered by the first unused
 * recording with the same method, path and JSON body (fields named by {@link #ignoringFields(String...)} left
 * out of the comparison). Because the bytes are the provider's, the client's instrumentation makes the same
 * spans, token usage included. A request with no recording answers with the provider's error shape and fails
 * the test, naming the nearest recording and where the bodies differ; recordings never replayed fail it too.
 *
 * <p>Immutable: each method returns a changed copy.
 */
public final class Cassette {
  private final Path file;
  private final CassetteMode mode;
  private final URI upstream;
  private final String apiKeyVariable;
  private final List<String> ignoredFields;
  private final Set<String> redactedHeaders;
  private final boolean passThroughUnmatched;
  private final boolean allowUnused;
  private final Duration upstreamTimeout;

  private Cassette(Path file, CassetteMode mode, URI upstream, String apiKeyVariable, List<String> ignoredFields,
      Set<String> redactedHeaders, boolean passThroughUnmatched, boolean allowUnused, Duration upstreamTimeout) {
    this.file = file;
    this.mode = mode;
    this.upstream = upstream;
    this.apiKeyVariable = apiKeyVariable;
    this.ignoredFields = List.copyOf(ignoredFields);
    this.redactedHeaders = Set.copyOf(redactedHeaders);
    this.passThroughUnmatched = passThroughUnmatched;
    this.allowUnused = allowUnused;
    this.upstreamTimeout = upstreamTimeout;
  }

  /**
   * A cassette stored in {@code file} (JSON), in the mode this run asks for ({@link CassetteMode#fromEnvironment()}).
   *
   * @throws IllegalArgumentException when the mode setting is invalid
   */
  public static Cassette at(Path file) {
    Objects.requireNonNull(file, "file");
    return new Cassette(file, CassetteMode.fromEnvironment(), null, null, List.of(), Set.of(), false, false,
        Duration.ofMinutes(2));
  }

  /** This cassette in the given mode, whatever the environment says. */
  public Cassette mode(CassetteMode mode) {
    return new Cassette(file, Objects.requireNonNull(mode, "mode"), upstream, apiKeyVariable, ignoredFields,
        redactedHeaders, passThroughUnmatched, allowUnused, upstreamTimeout);
  }

  /**
   * Where recording (and {@linkplain #passingThroughUnmatched() pass-through}) sends requests: the provider's base
   * URL without the API version ({@code https://api.openai.com}, an Azure or proxy URL, or a local server), to
   * which the path the client used below the mock's base URL is appended. Unset, the public API of the
   * provider whose protocol the request speaks is used.
   *
   * @throws IllegalArgumentException when the URL is not absolute http(s)
   */
  public Cassette upstream(String baseUrl) {
    URI uri;
    try {
      uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl").replaceAll("/+$", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the cassette's upstream must be an http(s) URL such as a provider's base "
          + "URL, but was \"" + baseUrl + "\": " + e.getMessage(), e);
    }
    if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
      throw new IllegalArgumentException("the cassette's upstream must be an absolute http(s) URL such as a "
          + "provider's base URL, but was \"" + baseUrl + "\"");
    }
    return new Cassette(file, mode, uri, apiKeyVariable, ignoredFields, redactedHeaders, passThroughUnmatched,
        allowUnused, upstreamTimeout);
  }

  /**
   * The environment variable holding the real API key while recording. Unset, the provider's usual variable is
   * used: {@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}, {@code GEMINI_API_KEY} (then {@code GOOGLE_API_KEY}),
   * {@code OLLAMA_API_KEY}. When the variable is set, its key replaces the credential the client sent (so the
   * test can keep a dummy key); when it is not, the client's own credential is forwarded. Never written.
   */
  public Cassette apiKeyFromEnvironment(String variable) {
    if (variable == null || variable.isBlank()) {
      throw new IllegalArgumentException("name the environment variable that holds the API key, e.g. OPENAI_API_KEY");
    }
    return new Cassette(file, mode, upstream, variable, ignoredFields, redactedHeaders, passThroughUnmatched,
        allowUnused, upstreamTimeout);
  }

  /**
   * Leaves request fields out when matching a request to a recording: volatile values such as a timestamp in a
   * prompt or a generated user id. A name ({@code "user"}) drops that field at any depth; a JSON pointer
   * ({@code "/metadata/session"}) drops one place.
   */
  public Cassette ignoringFields(String... fields) {
    List<String> all = new java.util.ArrayList<>(ignoredFields);
    for (String f : fields) {
      if (f == null || f.isBlank()) {
        throw new IllegalArgumentException("an ignored field is a field name or a JSON pointer, not blank");
      }
      all.add(f);
    }
    return new Cassette(file, mode, upstream, apiKeyVariable, all, redactedHeaders, passThroughUnmatched,
        allowUnused, upstreamTimeout);
  }

  /** Redacts these response headers too (case-insensitive), besides cookies and organization/project ids. */
  public Cassette redactingHeaders(String... names) {
    Set<String> all = new LinkedHashSet<>(redactedHeaders);
    for (String n : names) {
      all.add(n.toLowerCase(Locale.ROOT));
    }
    return new Cassette(file, mode, upstream, apiKeyVariable, ignoredFields, all, passThroughUnmatched,
        allowUnused, upstreamTimeout);
  }

  /**
   * While replaying, sends a request with no recording to the {@linkplain #upstream(String) upstream} (with the
   * key from the environment) instead of failing; such exchanges are not written. Off by default: CI should
   * not reach the network.
   */
  public Cassette passingThroughUnmatched() {
    return new Cassette(file, mode, upstream, apiKeyVariable, ignoredFields, redactedHeaders, true, allowUnused,
        upstreamTimeout);
  }

  /** Does not report recordings the test never replayed (by default they fail it: the agent made fewer calls). */
  public Cassette allowingUnusedRecordings() {
    return new Cassette(file, mode, upstream, apiKeyVariable, ignoredFields, redactedHeaders, passThroughUnmatched,
        true, upstreamTimeout);
  }

  /** How long one upstream call may take while recording or passing through (default 2 minutes). */
  public Cassette upstreamTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the upstream timeout must be positive, got " + timeout);
    }
    return new Cassette(file, mode, upstream, apiKeyVariable, ignoredFields, redactedHeaders, passThroughUnmatched,
        allowUnused, timeout);
  }

  /** The file the cassette is read from or written to. */
  public Path file() {
    return file;
  }

  /** Whether it replays or records. */
  public CassetteMode mode() {
    return mode;
  }

  /** The upstream base URL, or null for the provider's public API. */
  public URI upstream() {
    return upstream;
  }

  /** The environment variable holding the API key, or null for the provider's usual one. */
  public String apiKeyVariable() {
    return apiKeyVariable;
  }

  /** Request fields left out of matching (names or JSON pointers). */
  public List<String> ignoredFields() {
    return ignoredFields;
  }

  /** Extra response headers to redact (lower case). */
  public Set<String> redactedHeaders() {
    return redactedHeaders;
  }

  /** Whether unmatched requests go to the upstream while replaying. */
  public boolean passThroughUnmatched() {
    return passThroughUnmatched;
  }

  /** Whether recordings never replayed are tolerated. */
  public boolean allowUnused() {
    return allowUnused;
  }

  /** How long one upstream call may take. */
  public Duration upstreamTimeout() {
    return upstreamTimeout;
  }

  @Override
  public String toString() {
    return "Cassette[" + file + ", " + mode.name().toLowerCase(Locale.ROOT) + "]";
  }
}
