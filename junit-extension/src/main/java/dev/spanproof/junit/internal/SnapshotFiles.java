package dev.spanproof.junit.internal;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.assertions.spi.TraceSnapshots;
import dev.spanproof.junit.AgentTest;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.opentest4j.AssertionFailedError;

/**
 * Golden trace snapshots as files: the canonical trace text, one file per test (and name), under
 * {@code src/test/resources/spanproof/snapshots/<test class>/<method>[-<name>].trace}, so that a
 * change to an agent shows up as a readable diff in review.
 *
 * <p>First run (or update mode) writes; later runs compare and fail with a unified diff. With the
 * environment variable {@code CI} set, a missing snapshot fails instead of being written. Volatile
 * text — UUIDs, ISO-8601 timestamps, hex ids of 16+ digits and the configured pattern — is stored and
 * compared as placeholders. The canonical text itself carries no span ids, timestamps or durations.
 *
 * <p>Not for public use: reached through {@code assertThat(trace).matchesSnapshot()}.
 */
public final class SnapshotFiles implements TraceSnapshots {

  private static final Pattern UUID =
      Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?\\b");
  private static final Pattern HEX_ID = Pattern.compile("\\b[0-9a-f]{16,}\\b");

  /** Snapshot files read or written in this JVM, for the obsolete-snapshot report. */
  static final Set<Path> USED = ConcurrentHashMap.newKeySet();

  /** Creates the service; found through {@link java.util.ServiceLoader}. */
  public SnapshotFiles() {}

  @Override
  public void assertMatches(AgentTrace trace, String name) {
    TestCapture capture = Context.current().get(CaptureRegistry.TEST_KEY);
    TestCapture.SnapshotTarget target = capture == null ? null : capture.snapshotTarget();
    if (target == null) {
      throw new IllegalStateException("matchesSnapshot() works in tests run by spanproof's extension "
          + "(@AgentTest or @ExtendWith(SpanproofExtension.class)), on the test's own thread: that is how it "
          + "knows which test's snapshot to use.");
    }
    if (name != null && !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("A snapshot name becomes part of a file name: use letters, digits, "
          + "'.', '_' or '-' only, not \"" + name + "\".");
    }
    SpanproofConfig config = target.config();
    Path file = config.snapshotDir().resolve(target.testClass().getName())
        .resolve(target.stem() + (name == null ? "" : "-" + name) + ".trace");
    USED.add(file.toAbsolutePath().normalize());
    String actual = normalize(trace.render(), config.snapshotIgnore()) + "\n";
    String snapshotName = "snapshot " + file;

    if (!Files.exists(file)) {
      if (!config.updateSnapshots() && config.ci()) {
        throw new AssertionFailedError("The " + snapshotName + " does not exist, and CI does not write "
            + "snapshots. Run the test locally (it writes the file), review it and commit it; or run with -D"
            + AgentTest.SNAPSHOTS_PROPERTY + "=update.\nThe trace was:\n" + actual);
      }
      write(file, actual);
      System.out.println("spanproof: wrote the new " + snapshotName + " — review and commit it.");
      return;
    }
    String expected = read(file);
    if (expected.equals(actual)) {
      return;
    }
    if (config.updateSnapshots()) {
      write(file, actual);
      System.out.println("spanproof: updated the " + snapshotName + ".");
      return;
    }
    throw new AssertionFailedError("The trace of \"" + capture.label() + "\" differs from its " + snapshotName
        + ":\n" + unifiedDiff(file, expected, actual)
        + "\nIf the change is intended, rerun with -D" + AgentTest.SNAPSHOTS_PROPERTY
        + "=update (or SPANPROOF_SNAPSHOTS=update) and commit the file.", expected, actual);
  }

  /**
   * Snapshot files under {@code dir} whose test class or method no longer exists: left behind by
   * renamed or deleted tests.
   */
  public static List<Path> obsolete(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> files = Files.walk(dir, 2)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".trace"))
          .filter(f -> !testExists(f.getParent().getFileName().toString(),
              f.getFileName().toString().replaceFirst("[-.].*$", "")))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list the snapshots in " + dir, e);
    }
  }

  private static boolean testExists(String className, String methodName) {
    Class<?> type;
    try {
      type = Class.forName(className, false, SnapshotFiles.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (java.lang.reflect.Method method : c.getDeclaredMethods()) {
        if (method.getName().equals(methodName)) {
          return true;
        }
      }
    }
    return false;
  }

  static String normalize(String text, Pattern ignore) {
    String result = UUID.matcher(text).replaceAll("<uuid>");
    result = TIMESTAMP.matcher(result).replaceAll("<timestamp>");
    result = HEX_ID.matcher(result).replaceAll("<id>");
    return ignore == null ? result : ignore.matcher(result).replaceAll("<ignored>");
  }

  private static String unifiedDiff(Path file, String expected, String actual) {
    List<String> original = expected.lines().toList();
    List<String> revised = actual.lines().toList();
    List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(
        file.getFileName() + " (snapshot)", file.getFileName() + " (this run)", original,
        DiffUtils.diff(original, revised), 2);
    return String.join("\n", diff) + "\n";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the snapshot " + file, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the snapshot " + file + "; set "
          + AgentTest.SNAPSHOT_DIR_PROPERTY + " to a writable folder", e);
    }
  }
}
