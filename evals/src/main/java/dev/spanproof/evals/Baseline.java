package dev.spanproof.evals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A baseline: what each test used when its usage was last accepted, read from and written to a JSON
 * file that is committed with the tests:
 *
 * <pre>{@code
 * {
 *   "about" : "spanproof baseline ...",
 *   "tests" : {
 *     "com.acme.CalculatorAgentTest#addsWithTheCalculatorTool" : {
 *       "inputTokens" : 22, "outputTokens" : 23, "totalTokens" : 45,
 *       "llmCalls" : 2, "toolCalls" : 1, "latencyMillis" : 14
 *     }
 *   }
 * }
 * }</pre>
 *
 * Entries are sorted by test id so that a rewrite shows as a small diff. Immutable.
 */
public final class Baseline {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String ABOUT = "spanproof baseline: what each test used when it was last accepted. "
      + "Rewrite it with -Dspanproof.baseline=update (or SPANPROOF_BASELINE=update) and commit the diff.";

  // an update fails on a broken file too: it must read the file to keep the others' entries
  private static final String WHY_READ = " (an update reads the file first, to keep the entries of tests that do "
      + "not run).";

  private final Map<String, AgentUsage> entries;

  private Baseline(Map<String, AgentUsage> entries) {
    this.entries = Collections.unmodifiableMap(entries);
  }

  /**
   * Returns a baseline with no entry.
   *
   * @return the empty baseline
   */
  public static Baseline empty() {
    return new Baseline(new TreeMap<>());
  }

  /**
   * Reads a baseline file; a missing file is an empty baseline.
   *
   * @param file the file
   * @return the baseline
   * @throws IllegalArgumentException when the file is not a baseline (the message says what is wrong)
   * @throws UncheckedIOException when it cannot be read
   */
  public static Baseline read(Path file) {
    if (!Files.exists(file)) {
      return empty();
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the baseline " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses baseline JSON.
   *
   * @param json the text
   * @param source what to call it in error messages
   * @return the baseline
   * @throws IllegalArgumentException when the text is not a baseline
   */
  public static Baseline parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("The baseline " + source + " is not valid JSON (" + firstLine(e)
          + "). Fix it, or delete it and run again with -Dspanproof.baseline=update to write a new one" + WHY_READ, e);
    }
    JsonNode tests = root == null ? null : root.get("tests");
    if (tests == null || !tests.isObject()) {
      throw new IllegalArgumentException("The baseline " + source + " has no \"tests\" object; a baseline looks like "
          + "{\"tests\": {\"com.acme.MyTest#method\": {\"inputTokens\": 22, ...}}}. Delete it and run again with "
          + "-Dspanproof.baseline=update to write a new one" + WHY_READ);
    }
    Map<String, AgentUsage> entries = new TreeMap<>();
    tests.fields().forEachRemaining(e -> entries.put(e.getKey(), usage(e.getValue(), e.getKey(), source)));
    return new Baseline(entries);
  }

  private static AgentUsage usage(JsonNode node, String id, String source) {
    long[] values = new long[5];
    String[] keys = {"inputTokens", "outputTokens", "llmCalls", "toolCalls", "latencyMillis"};
    for (int i = 0; i < keys.length; i++) {
      JsonNode value = node.get(keys[i]);
      // canConvertToLong alone would take 72.9 (and truncate it) or "22"
      if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
        throw new IllegalArgumentException("The baseline " + source + " entry \"" + id + "\" needs \"" + keys[i]
            + "\" as a whole number of 0 or more, but has " + (value == null ? "none" : value.toString())
            + ". Fix the entry, or remove it and run again with -Dspanproof.baseline=update to record it anew"
            + WHY_READ);
      }
      values[i] = value.asLong();
    }
    return new AgentUsage(values[0], values[1], values[2], values[3], values[4]);
  }

  /**
   * Returns the entry of a test.
   *
   * @param testId the test id, {@code ClassName#method} (plus {@code [display name]} for invocations
   *     of a parameterized or repeated test)
   * @return its usage, if the baseline has it
   */
  public Optional<AgentUsage> get(String testId) {
    return Optional.ofNullable(entries.get(testId));
  }

  /**
   * Returns all entries, sorted by test id.
   *
   * @return test id to usage
   */
  public Map<String, AgentUsage> entries() {
    return entries;
  }

  /**
   * Returns a baseline with the given entries added or replaced.
   *
   * @param measured test id to usage
   * @return the new baseline
   */
  public Baseline with(Map<String, AgentUsage> measured) {
    Map<String, AgentUsage> copy = new TreeMap<>(entries);
    copy.putAll(measured);
    return new Baseline(copy);
  }

  /**
   * Returns the baseline as JSON text, entries sorted by test id.
   *
   * @return the JSON, ending with a newline
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("about", ABOUT);
    ObjectNode tests = root.putObject("tests");
    entries.forEach((id, usage) -> {
      ObjectNode entry = tests.putObject(id);
      for (UsageMetric metric : UsageMetric.values()) {
        entry.put(metric.key(), usage.value(metric));
      }
    });
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds measured entries to a baseline file under a file lock, so that several test JVMs (Surefire
   * forks) can update one file: the file is read again under the lock, merged and replaced
   * atomically. Entries of tests that did not run are kept (a run filtered with {@code -Dtest=...}
   * must not drop the others); delete the file first for a clean rewrite.
   *
   * @param file the baseline file; its folder is created when missing
   * @param measured test id to usage
   * @throws UncheckedIOException when the file cannot be written
   */
  @SuppressWarnings("try") // the lock is held for the block, not used in it
  public static void update(Path file, Map<String, AgentUsage> measured) {
    try {
      Path absolute = file.toAbsolutePath();
      Files.createDirectories(absolute.getParent());
      // the lock lives in the temp folder, never deleted (deleting a lock file races with its waiters), so that
      // no stray file appears next to the committed baseline
      Path lockFile = Path.of(System.getProperty("java.io.tmpdir"),
          "spanproof-baseline-" + Integer.toHexString(absolute.toString().hashCode()) + ".lock");
      synchronized (Baseline.class) { // the file lock guards against other JVMs only
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock()) {
          Baseline merged = read(absolute).with(measured);
          Path temp = absolute.resolveSibling(absolute.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
          Files.writeString(temp, merged.toJson(), StandardCharsets.UTF_8);
          Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update the baseline " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Compares a usage with its baseline: each token and call count may grow by {@code tolerancePercent};
   * latency by {@code latencyTolerancePercent}, or is left unchecked when that is negative.
   *
   * @param baseline the accepted usage
   * @param actual the usage now
   * @param tolerancePercent the growth allowed for tokens and calls, in percent, 0 or more
   * @param latencyTolerancePercent the growth allowed for latency, or negative to not check it
   * @return one check per compared metric, in metric order
   * @throws IllegalArgumentException when {@code tolerancePercent} is negative
   */
  public static List<BudgetCheck> compare(AgentUsage baseline, AgentUsage actual, double tolerancePercent,
      double latencyTolerancePercent) {
    if (!(tolerancePercent >= 0)) {
      throw new IllegalArgumentException("a baseline tolerance is a growth in percent, 0 or more (10 for +10 %), but was "
          + tolerancePercent);
    }
    List<BudgetCheck> checks = new ArrayList<>();
    for (UsageMetric metric : UsageMetric.values()) {
      double tolerance = metric == UsageMetric.LATENCY_MILLIS ? latencyTolerancePercent : tolerancePercent;
      if (tolerance < 0) {
        continue;
      }
      long base = baseline.value(metric);
      // the epsilon keeps 50 * 1.1 = 55.000000000000007 from rounding a whole limit down
      long limit = (long) Math.floor(base * (100 + tolerance) / 100 + 1e-9);
      checks.add(new BudgetCheck(metric, actual.value(metric), limit, base));
    }
    return checks;
  }

  private static String firstLine(IOException e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Returns the number of entries, for example {@code Baseline[3 tests]}. */
  @Override
  public String toString() {
    return "Baseline[" + entries.size() + " tests]";
  }
}
