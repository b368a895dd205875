package dev.spanproof.examples.nodeagent;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs an agent written in another language as a child process, the way a JVM test drives a Node
 * or Python agent: point its model client at the mock LLM and its OTLP exporter at the test's
 * endpoint through the environment, wait (bounded) for it to exit, and keep what it printed for the
 * failure message. The process is always destroyed, also when the wait times out.
 *
 * <p>Used by {@code NodeAgentTest} with the Node.js agent in {@code examples/node-agent/}.
 */
public final class NodeAgentProcess {

  private NodeAgentProcess() {}

  /**
   * What a finished process left behind.
   *
   * @param exitCode its exit code
   * @param output what it printed, standard output and error interleaved
   */
  public record Result(int exitCode, String output) {}

  /**
   * Finds an executable on the {@code PATH}.
   *
   * @param name the executable's name, such as {@code "node"}
   * @return its path, or empty when it is not installed
   */
  public static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      for (String candidate : List.of(name, name + ".exe", name + ".cmd")) {
        Path file = Path.of(dir, candidate);
        if (Files.isRegularFile(file) && Files.isExecutable(file)) {
          return Optional.of(file);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the Node agent's folder, {@code node-agent/} of the examples module (Maven runs tests
   * from the module's folder and names it in the {@code basedir} system property).
   *
   * @return the folder holding {@code agent.js} and {@code package-lock.json}
   */
  public static Path agentDirectory() {
    return Path.of(System.getProperty("basedir", ".")).resolve("node-agent").toAbsolutePath().normalize();
  }

  /**
   * Installs the agent's npm dependencies from its lockfile ({@code npm ci}) unless
   * {@code node_modules} is already there.
   *
   * @param agentDirectory the folder with {@code package-lock.json}
   * @param timeout how long the install may take
   * @throws IllegalStateException with npm's output when the install fails or times out
   */
  public static synchronized void installDependencies(Path agentDirectory, Duration timeout) {
    if (Files.isDirectory(agentDirectory.resolve("node_modules"))) {
      return;
    }
    String npm = findOnPath("npm").map(Path::toString)
        .orElseThrow(() -> new IllegalStateException("npm is not on the PATH; install it (apt-get install npm)"));
    Result result = run(agentDirectory, Map.of(), timeout, npm, "ci", "--no-audit", "--no-fund");
    if (result.exitCode() != 0) {
      throw new IllegalStateException("npm ci failed in " + agentDirectory + " (exit " + result.exitCode() + "):\n"
          + result.output());
    }
  }

  /**
   * Runs a command to its end, bounded by {@code timeout}.
   *
   * @param directory the working directory
   * @param environment variables added to this JVM's environment
   * @param timeout how long the process may run
   * @param command the command and its arguments
   * @return the exit code and output
   * @throws IllegalStateException with the output so far when the process outlives the timeout
   */
  public static Result run(Path directory, Map<String, String> environment, Duration timeout, String... command) {
    Path log;
    try {
      log = Files.createTempFile("agent-process", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command)))
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile()); // a file, not a pipe: a chatty process can never block on a full pipe
    builder.environment().putAll(environment);
    Process process = null;
    try {
      process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
            + "; its output so far:\n" + read(log));
      }
      return new Result(process.exitValue(), read(log));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + String.join(" ", command), e);
    } finally {
      if (process != null && process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      try {
        Files.deleteIfExists(log);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }
}
