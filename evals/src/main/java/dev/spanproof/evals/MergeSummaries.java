package dev.spanproof.evals;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Merges the summaries of CI shards (a job matrix, or Surefire forks on several machines) into one
 * {@code summary.json} and {@code summary.md}:
 *
 * <pre>
 * java -cp spanproof-evals.jar:... dev.spanproof.evals.MergeSummaries --out target/spanproof-merged \
 *     shard-1/summary.json shard-2/summary.json shards/
 * </pre>
 *
 * Each input is a summary file or a folder whose {@code *.json} files (not recursive) are summaries;
 * a JSON file without spanproof's {@code "format"} is bad input. Exit status: 0 when every test
 * passed, 1 when one failed, 2 on bad arguments or unreadable input — and when the summaries hold no
 * test result at all (a wrong artifact path must not turn CI green), unless {@code --allow-empty}
 * is given.
 */
public final class MergeSummaries {

  /** The option that lets summaries without any test result merge with exit status 0. */
  private static final String ALLOW_EMPTY = "--allow-empty";

  private MergeSummaries() {}

  /**
   * Runs the merge from the command line and exits with its status.
   *
   * @param args {@code --out DIR}, optionally {@code --allow-empty}, and one or more summary files or folders
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the merge without exiting, for tests and build scripts.
   *
   * @param args {@code --out DIR}, optionally {@code --allow-empty}, and one or more summary files or folders
   * @param out where to print what was written
   * @param err where to print errors
   * @return 0 when every test passed, 1 when one failed, 2 on bad arguments or input, or when no
   *     summary holds a test result and {@code --allow-empty} was not given
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path outDir = null;
    boolean allowEmpty = false;
    List<Path> inputs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(ALLOW_EMPTY)) {
        allowEmpty = true;
      } else if (args[i].equals("--out")) {
        if (i + 1 >= args.length) {
          return usage(err, "--out needs a folder");
        }
        outDir = Path.of(args[++i]);
      } else if (args[i].startsWith("--")) {
        return usage(err, "unknown option " + args[i]);
      } else {
        inputs.add(Path.of(args[i]));
      }
    }
    if (outDir == null) {
      return usage(err, "no --out folder given");
    }
    if (inputs.isEmpty()) {
      return usage(err, "no summary given");
    }
    try {
      List<EvalSummary> summaries = new ArrayList<>();
      for (Path input : inputs) {
        for (Path file : files(input)) {
          summaries.add(Summaries.read(file));
        }
      }
      if (summaries.isEmpty()) {
        return usage(err, "no summary found in " + inputs);
      }
      EvalSummary merged = Summaries.merge(summaries);
      if (merged.tests().isEmpty() && !allowEmpty) {
        err.println("MergeSummaries: the " + (summaries.size() == 1 ? "summary" : summaries.size() + " summaries")
            + " in " + inputs + (summaries.size() == 1 ? " holds" : " hold") + " no test result, so nothing shows that the tests passed. Check that the "
            + "paths point at the jobs' target/spanproof/summary.json files (a wrong artifact path ends here), or "
            + "pass " + ALLOW_EMPTY + " if a run without tests under spanproof is expected.");
        return 2;
      }
      Summaries.write(merged, outDir);
      long failed = merged.tests().stream().filter(t -> "failed".equals(t.outcome())).count();
      out.println("Merged " + summaries.size() + (summaries.size() == 1 ? " summary" : " summaries") + " ("
          + merged.tests().size() + " tests, " + failed + " failed) into " + outDir.resolve(Summaries.JSON_FILE)
          + " and " + outDir.resolve(Summaries.MARKDOWN_FILE));
      return failed == 0 ? 0 : 1;
    } catch (IllegalArgumentException | UncheckedIOException e) {
      err.println("MergeSummaries: " + e.getMessage());
      return 2;
    }
  }

  private static List<Path> files(Path input) {
    if (!Files.exists(input)) {
      throw new IllegalArgumentException(input + " does not exist; give summary.json files or folders holding them");
    }
    if (!Files.isDirectory(input)) {
      return List.of(input);
    }
    try (Stream<Path> listing = Files.list(input)) {
      return listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + input + ": " + e.getMessage(), e);
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("MergeSummaries: " + problem + "\n"
        + "usage: MergeSummaries [" + ALLOW_EMPTY + "] --out DIR SUMMARY_OR_FOLDER...\n"
        + "  merges spanproof summary.json files (or folders of them) into DIR/summary.json and DIR/summary.md;\n"
        + "  " + ALLOW_EMPTY + " accepts summaries that hold no test result (else exit status 2)");
    return 2;
  }
}
