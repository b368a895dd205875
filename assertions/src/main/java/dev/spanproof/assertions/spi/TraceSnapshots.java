package dev.spanproof.assertions.spi;

import dev.spanproof.assertions.AgentTrace;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Where golden trace snapshots are kept and compared: the service behind
 * {@code assertThat(trace).matchesSnapshot()}. spanproof-junit provides it (it knows which test is
 * running, where its resources live, and whether CI or update mode is on); another test framework
 * can provide its own through {@link ServiceLoader}.
 */
public interface TraceSnapshots {

  /**
   * Compares the trace's canonical text with the stored snapshot, writing it when there is none (or
   * in update mode), and fails with a diff otherwise.
   *
   * @param trace the trace to compare
   * @param name the snapshot's name within the current test, or {@code null} for the test's default
   * @throws AssertionError if the trace differs from the snapshot, or the snapshot is missing in CI
   */
  void assertMatches(AgentTrace trace, String name);

  /**
   * Returns the first implementation on the classpath.
   *
   * @return the service
   * @throws IllegalStateException naming the artifact to add when there is none
   */
  static TraceSnapshots load() {
    Iterator<TraceSnapshots> services =
        ServiceLoader.load(TraceSnapshots.class, TraceSnapshots.class.getClassLoader()).iterator();
    if (!services.hasNext()) {
      throw new IllegalStateException("matchesSnapshot() needs a snapshot store: add "
          + "dev.spanproof:spanproof-junit to the test classpath and run the test with @AgentTest.");
    }
    return services.next();
  }
}
