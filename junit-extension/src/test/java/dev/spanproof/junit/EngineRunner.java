package dev.spanproof.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs fixture test classes on a fresh Jupiter engine, the way JUnit tests its own extensions. */
final class EngineRunner {

  private EngineRunner() {}

  static EngineExecutionResults run(Class<?> testClass, Map<String, String> configuration) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testClass))
        .configurationParameters(configuration)
        .execute();
  }

  static EngineExecutionResults run(Class<?> testClass) {
    return run(testClass, Map.of("spanproof.print", "never", "spanproof.report", "never"));
  }

  /** The throwables of the failed tests, in execution order. */
  static List<Throwable> failures(EngineExecutionResults results) {
    return results.testEvents().failed().stream()
        .map(EngineRunner::throwable)
        .toList();
  }

  static Throwable throwable(Event event) {
    return event.getPayload(TestExecutionResult.class)
        .flatMap(TestExecutionResult::getThrowable)
        .orElseThrow(() -> new IllegalStateException("no throwable in " + event));
  }
}
