package dev.spanproof.evals;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.Map;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs fixture classes through the Jupiter engine, each run with its own summary folder. */
final class EngineRuns {

  private EngineRuns() {}

  static EngineExecutionResults run(Class<?> fixture, Path summaryDir, Map<String, String> parameters) {
    EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(fixture))
        .configurationParameter("spanproof.summary.dir", summaryDir.toString())
        .configurationParameter("spanproof.shard", "test-shard")
        .configurationParameter("spanproof.print", "never")
        .configurationParameter("spanproof.report", "never")
        .configurationParameter("spanproof.baseline.missing", "report");
    parameters.forEach(builder::configurationParameter);
    return builder.execute();
  }

  static EngineExecutionResults run(Class<?> fixture, Path summaryDir) {
    return run(fixture, summaryDir, Map.of());
  }
}
