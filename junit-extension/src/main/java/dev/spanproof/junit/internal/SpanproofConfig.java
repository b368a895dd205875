package dev.spanproof.junit.internal;

import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.OutputMode;
import dev.spanproof.mockllm.CassetteMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * spanproof's resolved settings for one test. Each is taken from, first to last: the JUnit
 * configuration parameter; the {@link AgentTest} attribute; the programmatic builder; the default.
 * An invalid value fails with the setting, the value and what is allowed.
 *
 * <p>Not for public use.
 */
public record SpanproofConfig(OutputMode print, OutputMode report, Path reportDir, Duration spanTimeout, boolean global,
    boolean updateSnapshots, Path snapshotDir, java.util.regex.Pattern snapshotIgnore, boolean ci,
    CassetteMode cassetteMode, Path cassetteDir, String cassetteUpstream) {

  /** The default span timeout. */
  public static final Duration DEFAULT_SPAN_TIMEOUT = Duration.ofSeconds(5);

  /** Settings given in code (annotation or builder); null fields are not set there. */
  public record Given(OutputMode print, OutputMode report, Path reportDir, Duration spanTimeout, Boolean global) {
    /** Nothing set. */
    public static final Given NONE = new Given(null, null, null, null, null);

    /** What an {@link AgentTest} annotation sets. */
    public static Given of(AgentTest annotation) {
      return new Given(
          annotation.print() == OutputMode.INHERIT ? null : annotation.print(),
          annotation.report() == OutputMode.INHERIT ? null : annotation.report(),
          null,
          annotation.spanTimeout().isBlank() ? null : parseDuration("@AgentTest(spanTimeout)", annotation.spanTimeout()),
          null);
    }

    /** This, with {@code fallback}'s values where this sets none. */
    public Given orElse(Given fallback) {
      return new Given(
          print != null ? print : fallback.print,
          report != null ? report : fallback.report,
          reportDir != null ? reportDir : fallback.reportDir,
          spanTimeout != null ? spanTimeout : fallback.spanTimeout,
          global != null ? global : fallback.global);
    }
  }

  /** Resolves the settings: configuration parameters through {@code lookup}, then {@code given}, then defaults. */
  public static SpanproofConfig read(Function<String, Optional<String>> lookup, Given given) {
    OutputMode print = lookup.apply(AgentTest.PRINT_PROPERTY).map(v -> parseMode(AgentTest.PRINT_PROPERTY, v))
        .orElse(given.print() != null ? given.print() : OutputMode.ON_FAILURE);
    OutputMode report = lookup.apply(AgentTest.REPORT_PROPERTY).map(v -> parseMode(AgentTest.REPORT_PROPERTY, v))
        .orElse(given.report() != null ? given.report() : OutputMode.ON_FAILURE);
    Path reportDir = lookup.apply(AgentTest.REPORT_DIR_PROPERTY).map(Path::of)
        .orElse(given.reportDir() != null ? given.reportDir() : Path.of(AgentTest.DEFAULT_REPORT_DIR));
    Duration timeout = lookup.apply(AgentTest.SPAN_TIMEOUT_PROPERTY)
        .map(v -> parseDuration(AgentTest.SPAN_TIMEOUT_PROPERTY, v))
        .orElse(given.spanTimeout() != null ? given.spanTimeout() : DEFAULT_SPAN_TIMEOUT);
    boolean global = lookup.apply(AgentTest.GLOBAL_PROPERTY).map(v -> parseBoolean(AgentTest.GLOBAL_PROPERTY, v))
        .orElse(given.global() != null ? given.global() : true);
    String snapshots = lookup.apply(AgentTest.SNAPSHOTS_PROPERTY)
        .or(() -> Optional.ofNullable(System.getenv("SPANPROOF_SNAPSHOTS"))).orElse("compare");
    boolean update = switch (snapshots.trim().toLowerCase(Locale.ROOT)) {
      case "compare" -> false;
      case "update" -> true;
      default -> throw invalid(AgentTest.SNAPSHOTS_PROPERTY, snapshots, "compare or update");
    };
    Path snapshotDir = Path.of(lookup.apply(AgentTest.SNAPSHOT_DIR_PROPERTY).orElse(AgentTest.DEFAULT_SNAPSHOT_DIR));
    java.util.regex.Pattern ignore = lookup.apply(AgentTest.SNAPSHOT_IGNORE_PROPERTY).map(regex -> {
      try {
        return java.util.regex.Pattern.compile(regex);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw invalid(AgentTest.SNAPSHOT_IGNORE_PROPERTY, regex, "a Java regular expression (" + e.getDescription() + ")");
      }
    }).orElse(null);
    boolean ci = lookup.apply(AgentTest.CI_PROPERTY).map(v -> parseBoolean(AgentTest.CI_PROPERTY, v))
        .orElse(System.getenv("CI") != null && !System.getenv("CI").isBlank());
    CassetteMode cassetteMode = lookup.apply(AgentTest.CASSETTES_PROPERTY)
        .filter(v -> !v.isBlank())
        .map(v -> {
          try {
            return CassetteMode.parse(v, AgentTest.CASSETTES_PROPERTY);
          } catch (IllegalArgumentException e) {
            throw invalid(AgentTest.CASSETTES_PROPERTY, v, "replay or record");
          }
        })
        .orElseGet(CassetteMode::fromEnvironment);
    Path cassetteDir = Path.of(lookup.apply(AgentTest.CASSETTE_DIR_PROPERTY).orElse(AgentTest.DEFAULT_CASSETTE_DIR));
    String cassetteUpstream = lookup.apply(AgentTest.CASSETTE_UPSTREAM_PROPERTY).filter(v -> !v.isBlank()).orElse(null);
    return new SpanproofConfig(print, report, reportDir, timeout, global, update, snapshotDir, ignore, ci,
        cassetteMode, cassetteDir, cassetteUpstream);
  }

  static OutputMode parseMode(String property, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "always" -> OutputMode.ALWAYS;
      case "on-failure" -> OutputMode.ON_FAILURE;
      case "never" -> OutputMode.NEVER;
      default -> throw invalid(property, value, "one of always, on-failure, never");
    };
  }

  /** Parses milliseconds or an ISO-8601 duration; {@code setting} names it in the error. */
  public static Duration parseDuration(String setting, String value) {
    String v = value.trim();
    Duration d;
    try {
      d = v.matches("\\d+") ? Duration.ofMillis(Long.parseLong(v)) : Duration.parse(v.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw invalid(setting, value, "milliseconds (5000) or an ISO-8601 duration (PT5S)");
    }
    if (d.isNegative()) {
      throw invalid(setting, value, "a duration that is not negative");
    }
    return d;
  }

  static boolean parseBoolean(String property, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(property, value, "true or false");
    };
  }

  private static IllegalArgumentException invalid(String setting, String value, String allowed) {
    String where = setting.startsWith("@")
        ? "Fix the annotation attribute."
        : "Set it in src/test/resources/junit-platform.properties or as -D" + setting + "=….";
    return new IllegalArgumentException(
        "Invalid spanproof configuration: " + setting + "=\"" + value + "\"; expected " + allowed + ". " + where);
  }
}
