package dev.spanproof.evals;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spanproof.evals.EvalSummary.EvalResult;
import dev.spanproof.evals.EvalSummary.Shard;
import dev.spanproof.evals.EvalSummary.TestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads, writes, merges and renders {@link EvalSummary summaries}: the JSON for tools, the Markdown
 * for people (a CI job summary, such as GitHub's {@code $GITHUB_STEP_SUMMARY}).
 *
 * <pre>{@code
 * EvalSummary merged = Summaries.merge(List.of(Summaries.read(a), Summaries.read(b)));
 * Summaries.write(merged, Path.of("target/spanproof"));   // summary.json and summary.md
 * }</pre>
 */
public final class Summaries {

  /** The JSON summary's file name: {@value}. */
  public static final String JSON_FILE = "summary.json";

  /** The Markdown summary's file name: {@value}. */
  public static final String MARKDOWN_FILE = "summary.md";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .addMixIn(AgentUsage.class, UsageJson.class);

  /** Adds the derived total to usage JSON, for people reading the file; ignored when read back. */
  @JsonIgnoreProperties(value = "totalTokens", allowGetters = true)
  private abstract static class UsageJson {
    @JsonProperty("totalTokens")
    abstract long totalTokens();
  }

  private Summaries() {}

  /**
   * Returns a summary as JSON text.
   *
   * @param summary the summary
   * @return the JSON, ending with a newline
   */
  public static String toJson(EvalSummary summary) {
    try {
      return JSON.writeValueAsString(summary) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a summary's JSON text.
   *
   * @param json the text
   * @param source what to call it in error messages, such as its file name
   * @return the summary
   * @throws IllegalArgumentException when the text is not a spanproof summary
   */
  public static EvalSummary fromJson(String json, String source) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is not a spanproof summary: " + firstLine(e.getMessage()), e);
    }
    // checked on the text, before EvalSummary's constructor fills in a missing format
    JsonNode format = tree == null || !tree.isObject() ? null : tree.get("format");
    if (format == null || !format.isTextual()) {
      throw new IllegalArgumentException(source + " is not a spanproof summary: it has no \"format\", expected "
          + "\"format\": \"" + EvalSummary.FORMAT + "\"");
    }
    if (!format.asText().startsWith("spanproof-summary/")) {
      throw new IllegalArgumentException(source + " is not a spanproof summary: its \"format\" is "
          + format.asText() + ", expected " + EvalSummary.FORMAT);
    }
    try {
      return JSON.treeToValue(tree, EvalSummary.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is not a spanproof summary: " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * Reads a summary file.
   *
   * @param file a {@code summary.json} (or a shard file)
   * @return the summary
   * @throws IllegalArgumentException when it is not a spanproof summary
   * @throws UncheckedIOException when it cannot be read
   */
  public static EvalSummary read(Path file) {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the summary " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@value #JSON_FILE} and {@value #MARKDOWN_FILE} into a folder (created when missing),
   * each replaced atomically.
   *
   * @param summary the summary
   * @param dir the folder, such as {@code target/spanproof}
   * @throws UncheckedIOException when the files cannot be written
   */
  public static void write(EvalSummary summary, Path dir) {
    try {
      Files.createDirectories(dir);
      writeAtomically(dir.resolve(JSON_FILE), toJson(summary));
      writeAtomically(dir.resolve(MARKDOWN_FILE), toMarkdown(summary));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the summary to " + dir + ": " + e.getMessage(), e);
    }
  }

  static void writeAtomically(Path file, String text) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Merges summaries of shards into one: all shards, and every test once. A test found in several
   * summaries keeps, from one shard, its most recent result by {@code finishedAt} (a retried CI job,
   * a re-run); across shards (the jobs of a CI matrix, say jdk17 and jdk21), its worst: a failure in
   * any shard is kept over a pass in another, the most recent of equally bad results wins.
   *
   * @param summaries the summaries
   * @return the merged summary, tests sorted by id, shards by id
   * @throws IllegalArgumentException when a {@code finishedAt} is not an ISO-8601 instant
   */
  public static EvalSummary merge(Collection<EvalSummary> summaries) {
    Map<String, Shard> shards = new LinkedHashMap<>();
    Map<String, TestResult> tests = new LinkedHashMap<>();
    for (EvalSummary summary : summaries) {
      for (Shard shard : summary.shards()) {
        shards.merge(shard.id(), shard, (a, b) -> newer(instant(a.finishedAt(), "shard " + a.id()),
            instant(b.finishedAt(), "shard " + b.id())) ? b : a);
      }
      for (TestResult test : summary.tests()) {
        tests.merge(test.id(), test, Summaries::kept);
      }
    }
    List<Shard> shardList = new ArrayList<>(shards.values());
    shardList.sort(Comparator.comparing(Shard::id));
    List<TestResult> testList = new ArrayList<>(tests.values());
    testList.sort(Comparator.comparing(TestResult::id));
    return new EvalSummary(EvalSummary.FORMAT, shardList, testList);
  }

  /** Which of two results of one test the merge keeps. */
  private static TestResult kept(TestResult current, TestResult candidate) {
    if (!Objects.equals(current.shard(), candidate.shard())) {
      int worse = Integer.compare(severity(candidate), severity(current));
      if (worse != 0) {
        return worse > 0 ? candidate : current; // another shard's pass does not hide a failure
      }
    }
    return newer(finishedAt(current), finishedAt(candidate)) ? candidate : current;
  }

  private static int severity(TestResult test) {
    return switch (String.valueOf(test.outcome())) {
      case "failed" -> 2;
      case "passed" -> 0;
      default -> 1; // aborted: not a failure, not a pass either
    };
  }

  private static Instant finishedAt(TestResult test) {
    return instant(test.finishedAt(), "the result of " + test.id() + " (shard " + test.shard() + ")");
  }

  private static boolean newer(Instant current, Instant candidate) {
    return candidate != null && (current == null || !candidate.isBefore(current));
  }

  private static Instant instant(String text, String what) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(what + " has finishedAt \"" + text + "\", which is not an ISO-8601 "
          + "instant such as 2026-01-01T10:00:00Z", e);
    }
  }

  /**
   * Renders a summary as Markdown for a CI job summary: a headline, the evals with their statistics,
   * the budget and baseline checks that changed, and every test's usage.
   *
   * @param summary the summary
   * @return the Markdown
   */
  public static String toMarkdown(EvalSummary summary) {
    StringBuilder md = new StringBuilder("## spanproof summary\n\n");
    List<TestResult> tests = summary.tests();
    long failed = tests.stream().filter(t -> "failed".equals(t.outcome())).count();
    long evals = tests.stream().filter(t -> t.eval() != null).count();
    AgentUsage total = tests.stream().map(TestResult::usage).reduce(AgentUsage.NONE, AgentUsage::plus);
    md.append(failed == 0 ? "✅ " : "❌ ").append(tests.size()).append(tests.size() == 1 ? " test" : " tests")
        .append(", ").append(failed).append(" failed, ").append(evals).append(evals == 1 ? " eval" : " evals")
        .append(" · tokens ").append(total.inputTokens()).append(" in / ").append(total.outputTokens())
        .append(" out · ").append(total.llmCalls()).append(" LLM calls · ").append(total.toolCalls())
        .append(" tool calls");
    if (!summary.shards().isEmpty()) {
      md.append(" · shards: ").append(summary.shards().stream().map(Shard::id).collect(Collectors.joining(", ")));
    }
    md.append("\n");

    List<TestResult> evalTests = tests.stream().filter(t -> t.eval() != null).toList();
    if (!evalTests.isEmpty()) {
      md.append("\n### Evals\n\n")
          .append("| eval | runs | pass rate | Wilson lower bound | gate | pass@k · pass^k |\n")
          .append("| --- | --- | --- | --- | --- | --- |\n");
      for (TestResult t : evalTests) {
        EvalResult e = t.eval();
        md.append("| ").append(icon(t)).append(' ').append(code(t.id()))
            .append(" | ").append(e.runs()).append('/').append(e.runsPlanned())
            .append(e.stoppedEarly() ? " (stopped early)" : "")
            .append(" | ").append(percent(e.passRate())).append(" (").append(e.passes()).append('/')
            .append(e.runs()).append(')')
            .append(" | ").append(e.threshold() == null || e.gatePassed() == null ? fixed(e.wilsonLowerBound())
                : PassRateGate.Result.boundText(e.wilsonLowerBound(), e.threshold(), e.gatePassed()))
            .append(" at ").append(percent(e.confidence()))
            .append(" | ").append(gate(e))
            .append(" | ").append(passK(e)).append(" |\n");
      }
      for (TestResult t : evalTests) {
        List<String> failures = t.eval().caseResults().stream().flatMap(c -> c.failures().stream()).toList();
        if (!failures.isEmpty()) {
          md.append("\n<details><summary>").append(escape(t.id())).append(": ").append(failures.size())
              .append(failures.size() == 1 ? " failed run" : " failed runs").append("</summary>\n\n");
          failures.stream().limit(50).forEach(f -> md.append("- ").append(escape(f)).append('\n'));
          md.append("\n</details>\n");
        }
      }
    }

    List<String[]> budgetRows = new ArrayList<>();
    for (TestResult t : tests) {
      for (BudgetCheck c : t.budget()) {
        boolean changed = c.fromBaseline() ? c.actual() != c.baseline() : c.exceeded();
        if (changed) {
          budgetRows.add(new String[] {c.exceeded() ? "❌" : c.actual() > c.baseline() ? "⚠️" : "⬇️", t.id(),
              c.metric().label(), c.fromBaseline() ? String.valueOf(c.baseline()) : "–", String.valueOf(c.actual()),
              c.change(), String.valueOf(c.limit())});
        }
      }
    }
    List<String> newTests = tests.stream().filter(t -> "new".equals(t.baseline())).map(TestResult::id).toList();
    List<String> keptTests = tests.stream().filter(t -> "kept".equals(t.baseline())).map(TestResult::id).toList();
    if (!budgetRows.isEmpty() || !newTests.isEmpty() || !keptTests.isEmpty()) {
      md.append("\n### Budgets and baselines\n\n");
      if (!budgetRows.isEmpty()) {
        md.append("| | test | metric | baseline | actual | change | limit |\n")
            .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        budgetRows.sort(Comparator.comparing((String[] r) -> !r[0].equals("❌")).thenComparing(r -> r[1]));
        for (String[] r : budgetRows) {
          md.append("| ").append(r[0]).append(" | ").append(code(r[1])).append(" | ").append(r[2]).append(" | ")
              .append(r[3]).append(" | ").append(r[4]).append(" | ").append(r[5]).append(" | ").append(r[6])
              .append(" |\n");
        }
      }
      if (!newTests.isEmpty()) {
        md.append("\nNot in the baseline yet (record with `-Dspanproof.baseline=update`): ")
            .append(newTests.stream().map(Summaries::code).collect(Collectors.joining(", "))).append('\n');
      }
      if (!keptTests.isEmpty()) {
        md.append("\nNot updated in the baseline, since they did not pass (their entries are kept): ")
            .append(keptTests.stream().map(Summaries::code).collect(Collectors.joining(", "))).append('\n');
      }
    }

    if (!tests.isEmpty()) {
      md.append("\n### Tests\n\n")
          .append("| | test | input tokens | output tokens | LLM calls | tool calls | latency |\n")
          .append("| --- | --- | --- | --- | --- | --- | --- |\n");
      for (TestResult t : tests) {
        AgentUsage u = t.usage();
        md.append("| ").append(icon(t)).append(" | ").append(code(t.id())).append(" | ").append(u.inputTokens())
            .append(" | ").append(u.outputTokens()).append(" | ").append(u.llmCalls()).append(" | ")
            .append(u.toolCalls()).append(" | ").append(u.latencyMillis()).append(" ms |\n");
      }
    }
    return md.toString();
  }

  private static String icon(TestResult t) {
    return switch (String.valueOf(t.outcome())) {
      case "passed" -> "✅";
      case "failed" -> "❌";
      default -> "⏭️";
    };
  }

  private static String gate(EvalResult e) {
    if (e.threshold() == null) {
      return "every run must pass";
    }
    return (Boolean.TRUE.equals(e.gatePassed()) ? "passed: ≥ " : "failed: < ")
        + PassRateGate.Result.thresholdText(e.threshold())
        + (Boolean.TRUE.equals(e.gatePassed()) || e.passingRunsNeeded() == 0 ? ""
            : " (" + e.passingRunsNeeded() + " more passing run" + (e.passingRunsNeeded() == 1 ? "" : "s")
                + " needed)");
  }

  private static String passK(EvalResult e) {
    List<String> parts = new ArrayList<>();
    e.passAtK().forEach((k, v) -> parts.add("pass@" + k + " " + fixed(v)));
    e.passHatK().forEach((k, v) -> parts.add("pass^" + k + " " + fixed(v)));
    return String.join(" · ", parts);
  }

  static String fixed(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  static String percent(double fraction) {
    double p = fraction * 100;
    return (p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p)) + " %";
  }

  private static String code(String text) {
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`";
  }

  private static String escape(String text) {
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message);
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline);
  }
}
