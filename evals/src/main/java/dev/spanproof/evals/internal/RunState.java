package dev.spanproof.evals.internal;

import dev.spanproof.evals.AgentBaseline;
import dev.spanproof.evals.AgentUsage;
import dev.spanproof.evals.Baseline;
import dev.spanproof.evals.EvalSummary;
import dev.spanproof.evals.EvalSummary.Shard;
import dev.spanproof.evals.EvalSummary.TestResult;
import dev.spanproof.evals.Summaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What one engine run (one test JVM) collects: test results for the summary, and measured usage for a
 * baseline update. Lives in the root extension store; closing it (when the engine finishes) writes
 * this JVM's shard file, merges every shard file of the folder into {@code summary.json} and
 * {@code summary.md}, and updates the baseline in update mode. Not for public use.
 */
public final class RunState implements AutoCloseable {

  /** Settings read once per engine run. */
  public record Settings(Path summaryDir, String shard, String baselineMode, Path baselineFile,
      boolean failOnMissingBaseline) {

    /**
     * Reads the settings from JUnit configuration parameters (which include system properties) and
     * the environment.
     *
     * @param parameters the configuration parameters
     * @param environment the environment variables
     * @return the settings
     * @throws IllegalArgumentException when a value is not one of the allowed ones
     */
    public static Settings read(Function<String, java.util.Optional<String>> parameters,
        Function<String, String> environment) {
      Path dir = Path.of(parameters.apply(SUMMARY_DIR_PROPERTY).orElse("target/spanproof"));
      String shard = parameters.apply(SHARD_PROPERTY)
          .or(() -> java.util.Optional.ofNullable(environment.apply("SPANPROOF_SHARD")))
          .orElseGet(() -> "jvm-" + ProcessHandle.current().pid() + "-"
              + ManagementFactory.getRuntimeMXBean().getStartTime());
      String mode = parameters.apply(AgentBaseline.MODE_PROPERTY)
          .or(() -> java.util.Optional.ofNullable(environment.apply(AgentBaseline.MODE_ENV)))
          .orElse("check").strip().toLowerCase(Locale.ROOT);
      if (!List.of("check", "update", "off").contains(mode)) {
        throw new IllegalArgumentException("spanproof.baseline (or SPANPROOF_BASELINE) is \"" + mode
            + "\"; use check (the default), update (rewrite the baseline from this run) or off");
      }
      Path file = Path.of(parameters.apply(AgentBaseline.FILE_PROPERTY)
          .orElse(AgentBaseline.DEFAULT_FILE));
      String missing = parameters.apply(AgentBaseline.MISSING_PROPERTY)
          .orElseGet(() -> environment.apply("CI") != null ? "fail" : "report").strip().toLowerCase(Locale.ROOT);
      if (!List.of("fail", "report").contains(missing)) {
        throw new IllegalArgumentException("spanproof.baseline.missing is \"" + missing
            + "\"; use report (a test without a baseline entry passes and is listed as new) or fail");
      }
      return new Settings(dir, shard.replaceAll("[^A-Za-z0-9._-]", "_"), mode, file, missing.equals("fail"));
    }
  }

  /** The configuration parameter naming the summary folder. */
  public static final String SUMMARY_DIR_PROPERTY = "spanproof.summary.dir";

  /** The configuration parameter naming this JVM's shard. */
  public static final String SHARD_PROPERTY = "spanproof.shard";

  private final Settings settings;
  private final Map<String, TestResult> results = new ConcurrentHashMap<>();
  private final Map<String, Object> pending = new ConcurrentHashMap<>();
  private final Map<String, AgentUsage> measured = new ConcurrentHashMap<>();
  private final Set<String> notUpdated = ConcurrentHashMap.newKeySet();
  private volatile Baseline baseline;

  /**
   * Creates the state.
   *
   * @param settings the settings
   */
  public RunState(Settings settings) {
    this.settings = settings;
  }

  /**
   * Returns the settings.
   *
   * @return the settings
   */
  public Settings settings() {
    return settings;
  }

  /**
   * Returns the committed baseline, read once.
   *
   * @return the baseline
   */
  public Baseline baseline() {
    Baseline current = baseline;
    if (current == null) {
      synchronized (this) {
        if (baseline == null) {
          baseline = Baseline.read(settings.baselineFile());
        }
        current = baseline;
      }
    }
    return current;
  }

  /**
   * Remembers a usage for the baseline update.
   *
   * @param testId the test id
   * @param usage what it used
   */
  public void measured(String testId, AgentUsage usage) {
    measured.put(testId, usage);
  }

  /**
   * Remembers a test whose baseline entry an update leaves as it was, because the test did not pass.
   *
   * @param testId the test id
   */
  public void notUpdated(String testId) {
    notUpdated.add(testId);
  }

  /**
   * Keeps something for a test until it finishes (keyed by its unique id).
   *
   * @param uniqueId the test's unique id
   * @param value what to keep
   */
  public void hold(String uniqueId, Object value) {
    pending.put(uniqueId, value);
  }

  /**
   * Takes back what {@link #hold} kept.
   *
   * @param uniqueId the test's unique id
   * @param type its type
   * @param <T> its type
   * @return the value, or null
   */
  public <T> T take(String uniqueId, Class<T> type) {
    return type.cast(pending.remove(uniqueId));
  }

  /**
   * Adds a test's result to the summary.
   *
   * @param result the result
   */
  public void add(TestResult result) {
    results.put(result.id(), result);
  }

  /**
   * Returns the shard id results are stamped with.
   *
   * @return the shard id
   */
  public String shard() {
    return settings.shard();
  }

  /**
   * Writes the shard file, the merged summary and, in update mode, the baseline: the summaries also
   * when the baseline cannot be updated, which then fails the run after them.
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    if (settings.baselineMode().equals("update") && !measured.isEmpty()) {
      try {
        Baseline.update(settings.baselineFile(), Map.copyOf(measured));
      } catch (RuntimeException e) {
        failure = e; // thrown once the summaries are written
      }
    }
    if (settings.baselineMode().equals("update") && !notUpdated.isEmpty()) {
      System.err.println(notUpdatedMessage());
    }
    try {
      if (!results.isEmpty()) {
        writeSummaries();
      }
    } catch (IOException | RuntimeException e) {
      RuntimeException summary = e instanceof IOException io ? new UncheckedIOException("spanproof could not "
          + "write its summary to " + settings.summaryDir() + ": " + e.getMessage(), io) : (RuntimeException) e;
      if (failure == null) {
        failure = summary;
      } else {
        failure.addSuppressed(summary);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Names the tests an update left out of the baseline because they did not pass.
   *
   * @return the message, one line
   */
  private String notUpdatedMessage() {
    List<String> ids = new ArrayList<>(new TreeSet<>(notUpdated));
    return "spanproof: did not update the baseline " + settings.baselineFile() + " for " + ids.size()
        + (ids.size() == 1 ? " test" : " tests") + " that did not pass (their entries, if any, are kept): "
        + String.join(", ", ids) + ". Make them pass and run with -Dspanproof.baseline=update again.";
  }

  private void writeSummaries() throws IOException {
    // a file lock guards against other JVMs only; two engine runs of one JVM (EngineTestKit) queue here
    synchronized (RunState.class) {
      writeSummariesLocked();
    }
  }

  /**
   * Drops from another shard file of this folder the tests this JVM ran again, when that file was
   * written before this JVM started: it is left over from an earlier build (without a clean), and the
   * merge would otherwise keep its failure of a test now fixed, since across shards a failure wins.
   * Forks of the current build run other tests, or run at the same time.
   */
  private EvalSummary withoutRerun(EvalSummary other, Instant started) {
    boolean earlier = !other.shards().isEmpty() && other.shards().stream().allMatch(shard -> {
      try {
        return shard.finishedAt() != null && Instant.parse(shard.finishedAt()).isBefore(started);
      } catch (DateTimeParseException e) {
        return false; // the merge says what is wrong with it
      }
    });
    if (!earlier) {
      return other;
    }
    return new EvalSummary(other.format(), other.shards(),
        other.tests().stream().filter(test -> !results.containsKey(test.id())).toList());
  }

  @SuppressWarnings("try") // the lock is held for the block, not used in it
  private void writeSummariesLocked() throws IOException {
    Path dir = settings.summaryDir().toAbsolutePath();
    Path shards = dir.resolve("shards");
    Files.createDirectories(shards);
    List<TestResult> tests = new ArrayList<>(results.values());
    tests.sort(java.util.Comparator.comparing(TestResult::id));
    EvalSummary own = new EvalSummary(EvalSummary.FORMAT,
        List.of(new Shard(settings.shard(), Instant.now().toString(), tests.size())), tests);
    // forks of one build write into the same folder: each its own shard file, then one merge under a lock
    try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      Path shardFile = shards.resolve(settings.shard() + ".json");
      Path temp = shards.resolve(settings.shard() + ".json.tmp");
      Files.writeString(temp, Summaries.toJson(own), StandardCharsets.UTF_8);
      Files.move(temp, shardFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      List<EvalSummary> all = new ArrayList<>();
      Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
      try (Stream<Path> files = Files.list(shards)) {
        for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
          EvalSummary summary = Summaries.read(file);
          all.add(file.equals(shardFile) ? summary : withoutRerun(summary, started));
        }
      }
      Summaries.write(Summaries.merge(all), dir);
    }
  }
}
