package dev.spanproof.mockllm;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a {@link Cassette} replays recorded provider traffic or records it anew.
 *
 * <p>Chosen per run rather than in code, so that the same test records once on a developer's machine and
 * replays in CI: the system property {@value #PROPERTY} or the environment variable {@value #ENVIRONMENT_VARIABLE}
 * ({@code replay} or {@code record}), {@code replay} when neither is set.
 */
public enum CassetteMode {
  /**
   * Answers every request from the cassette file and never reaches the network; a request with no recording
   * fails the test (or goes to the provider when the cassette {@linkplain Cassette#passingThroughUnmatched()
   * passes unmatched requests through}).
   */
  REPLAY,
  /**
   * Sends every request to the real provider (the mock acts as a proxy) and writes each exchange to the cassette
   * file, replacing what it held. Secrets are redacted before anything is written.
   */
  RECORD;

  /** The system property that chooses the mode: {@code replay} or {@code record}. */
  public static final String PROPERTY = "spanproof.cassettes";
  /** The environment variable that chooses the mode when the system property is not set. */
  public static final String ENVIRONMENT_VARIABLE = "SPANPROOF_CASSETTES";

  /**
   * The mode this run asks for: the system property {@value #PROPERTY}, else the environment variable
   * {@value #ENVIRONMENT_VARIABLE}, else {@link #REPLAY}.
   *
   * @throws IllegalArgumentException when the value is neither {@code replay} nor {@code record}
   */
  public static CassetteMode fromEnvironment() {
    return fromSettings(System::getProperty, System::getenv);
  }

  /** The mode from the given lookups (property first, then environment); see {@link #fromEnvironment()}. */
  static CassetteMode fromSettings(Function<String, String> properties, Function<String, String> environment) {
    String property = properties.apply(PROPERTY);
    if (property != null && !property.isBlank()) {
      return parse(property, "-D" + PROPERTY);
    }
    return Optional.ofNullable(environment.apply(ENVIRONMENT_VARIABLE)).filter(v -> !v.isBlank())
        .map(v -> parse(v, ENVIRONMENT_VARIABLE)).orElse(REPLAY);
  }

  /**
   * Parses {@code replay} or {@code record} (any case).
   *
   * @param setting where the value came from, named in the error
   * @throws IllegalArgumentException naming the setting, the value and what is allowed
   */
  public static CassetteMode parse(String value, String setting) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "replay" -> REPLAY;
      case "record" -> RECORD;
      default -> throw new IllegalArgumentException("Invalid cassette mode " + setting + "=\"" + value
          + "\"; expected replay (answer from the cassette files, the default) or record (call the real provider "
          + "and rewrite the files).");
    };
  }
}
