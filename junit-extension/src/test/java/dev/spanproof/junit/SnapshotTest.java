package dev.spanproof.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.assertions.spi.TraceSnapshots;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/** Golden trace snapshots: written once, compared after, diffed when the agent changes. */
class SnapshotTest {

  /** The tools the fixture agent calls, in order; tests change it between runs. */
  static volatile List<String> tools = List.of("search", "summarize");
  static volatile String requestId = "0b9a8f3e-2c4d-4e5f-8a9b-0c1d2e3f4a5b";

  @AgentTest
  static class AgentCase {
    @Test
    void researches(OpenTelemetry otel, AgentTraces traces) {
      Tracer tracer = otel.getTracer("snapshot");
      Span agent = tracer.spanBuilder("invoke_agent researcher").startSpan();
      try (Scope ignored = agent.makeCurrent()) {
        for (String tool : tools) {
          tracer.spanBuilder("execute_tool " + tool)
              .setAttribute("gen_ai.operation.name", "execute_tool").setAttribute("gen_ai.tool.name", tool)
              .setAttribute("gen_ai.tool.call.arguments", "{\"request\":\"" + requestId + "\"}")
              .startSpan().end();
        }
      } finally {
        agent.end();
      }
      TraceSnapshots.load().assertMatches(traces.single(), null);
    }
  }

  private static EngineExecutionResults run(Path dir, String... settings) {
    Map<String, String> configuration = new HashMap<>(Map.of(
        "spanproof.print", "never", "spanproof.report", "never", "spanproof.ci", "false",
        "spanproof.snapshots.dir", dir.toString()));
    for (int i = 0; i < settings.length; i += 2) {
      configuration.put(settings[i], settings[i + 1]);
    }
    return EngineRunner.run(AgentCase.class, configuration);
  }

  private static Path snapshotFile(Path dir) {
    return dir.resolve(AgentCase.class.getName()).resolve("researches.trace");
  }

  @Test
  void writesTheSnapshotOnTheFirstRunAndPassesWhileTheTraceStaysTheSame(@TempDir Path dir) throws Exception {
    tools = List.of("search", "summarize");

    assertThat(EngineRunner.failures(run(dir))).isEmpty();
    assertThat(Files.readString(snapshotFile(dir))).isEqualTo("""
        invoke_agent researcher
        ├── execute_tool search     {"request":"<uuid>"}
        └── execute_tool summarize  {"request":"<uuid>"}
        """);

    requestId = "11111111-2222-4333-8444-555555555555"; // volatile values do not count as a change
    assertThat(EngineRunner.failures(run(dir))).isEmpty();
  }

  @Test
  void aChangedToolOrderFailsWithAUnifiedDiff(@TempDir Path dir) {
    tools = List.of("search", "summarize");
    run(dir);

    tools = List.of("summarize", "search");
    List<Throwable> failures = EngineRunner.failures(run(dir));

    assertThat(failures).singleElement().isInstanceOf(AssertionFailedError.class)
        .extracting(Throwable::getMessage).isEqualTo("The trace of \"researches\" differs from its snapshot "
            + snapshotFile(dir) + ":\n"
            + "--- researches.trace (snapshot)\n"
            + "+++ researches.trace (this run)\n"
            + "@@ -1,3 +1,3 @@\n"
            + " invoke_agent researcher\n"
            + "-├── execute_tool search     {\"request\":\"<uuid>\"}\n"
            + "-└── execute_tool summarize  {\"request\":\"<uuid>\"}\n"
            + "+├── execute_tool summarize  {\"request\":\"<uuid>\"}\n"
            + "+└── execute_tool search     {\"request\":\"<uuid>\"}\n"
            + "\nIf the change is intended, rerun with -Dspanproof.snapshots=update (or SPANPROOF_SNAPSHOTS=update) "
            + "and commit the file.");
  }

  @Test
  void updateModeRewritesTheSnapshot(@TempDir Path dir) throws Exception {
    tools = List.of("search");
    run(dir);

    tools = List.of("search", "translate");
    assertThat(EngineRunner.failures(run(dir, "spanproof.snapshots", "update"))).isEmpty();

    assertThat(Files.readString(snapshotFile(dir))).contains("execute_tool translate");
    assertThat(EngineRunner.failures(run(dir))).isEmpty();
  }

  @Test
  void inCiAMissingSnapshotFailsInsteadOfBeingWritten(@TempDir Path dir) {
    tools = List.of("search");

    List<Throwable> failures = EngineRunner.failures(run(dir, "spanproof.ci", "true"));

    assertThat(failures).singleElement().extracting(Throwable::getMessage).asString()
        .startsWith("The snapshot " + snapshotFile(dir) + " does not exist, and CI does not write snapshots. "
            + "Run the test locally (it writes the file), review it and commit it; or run with "
            + "-Dspanproof.snapshots=update.\nThe trace was:\ninvoke_agent researcher\n");
    assertThat(snapshotFile(dir)).doesNotExist();
  }

  @Test
  void reportsSnapshotFilesOfTestsThatNoLongerExist(@TempDir Path dir) throws Exception {
    Path kept = Files.createDirectories(dir.resolve(AgentCase.class.getName())).resolve("researches.trace");
    Path renamed = dir.resolve(AgentCase.class.getName()).resolve("oldName.trace");
    Path deletedClass = Files.createDirectories(dir.resolve("com.example.GoneTest")).resolve("anything.trace");
    for (Path file : List.of(kept, renamed, deletedClass)) {
      Files.writeString(file, "invoke_agent x\n");
    }

    assertThat(dev.spanproof.junit.internal.SnapshotFiles.obsolete(dir)).containsExactly(deletedClass, renamed);
  }
}
