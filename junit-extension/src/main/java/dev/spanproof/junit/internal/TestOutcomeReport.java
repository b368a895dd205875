package dev.spanproof.junit.internal;

import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a test did, for people: the trace trees and the LLM exchange as text (printed to the console)
 * and as a self-contained HTML page with a trace waterfall (written under {@code target/spanproof/}).
 *
 * <p>Not for public use.
 */
public final class TestOutcomeReport {

  private final TestCapture capture;
  private final MockLlm llm;
  private final CaptureRegistry registry;
  private final List<String> problems;
  private final List<AgentTrace> traces;
  private final Throwable failure;

  public TestOutcomeReport(TestCapture capture, MockLlm llm, CaptureRegistry registry, List<String> problems,
      Throwable failure) {
    this.failure = failure;
    this.capture = capture;
    this.llm = llm;
    this.registry = registry;
    this.problems = List.copyOf(problems);
    this.traces = AgentTrace.groupByTrace(capture.endedSpans(), capture.logRecords());
  }

  /**
   * The console text: one block per trace, then the LLM transcript.
   *
   * @param outcome how the test ended, as shown in the heading ("FAILED", "passed", "skipped")
   */
  public String text(String outcome) {
    StringBuilder out = new StringBuilder();
    out.append("── spanproof: \"").append(capture.label()).append("\" ").append(outcome).append(" ──\n");
    if (traces.isEmpty()) {
      out.append("(no spans were captured in this test)\n");
    }
    for (int i = 0; i < traces.size(); i++) {
      if (traces.size() > 1) {
        out.append("trace ").append(i + 1).append(" of ").append(traces.size()).append(":\n");
      }
      out.append(CapturedTraces.indent(traces.get(i).render())).append('\n');
    }
    List<SpanData> open = capture.openSpans();
    if (!open.isEmpty()) {
      out.append("spans never ended: ").append(CapturedTraces.names(open)).append('\n');
    }
    if (llm != null) {
      String transcript = llm.transcript();
      out.append("LLM exchange:\n")
          .append(transcript.isBlank() ? "  (the agent sent no request to the mock LLM)" : CapturedTraces.indent(transcript))
          .append('\n');
    }
    return out.toString();
  }

  /**
   * Writes the HTML page for this test and returns its path.
   *
   * @param dir the report folder
   * @param fileStem a file name without extension, unique per test
   */
  public Path writeHtml(Path dir, String fileStem, boolean failed) {
    Path file = dir.resolve(fileStem.replaceAll("[^A-Za-z0-9._-]+", "_") + ".html");
    try {
      Files.createDirectories(dir);
      Files.writeString(file, html(failed), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("spanproof could not write its HTML report to " + file
          + "; set " + dev.spanproof.junit.AgentTest.REPORT_DIR_PROPERTY + " to a writable folder", e);
    }
  }

  String html(boolean failed) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>").append(esc(capture.label())).append(" — spanproof</title><style>")
        .append("body{font:14px system-ui,sans-serif;margin:24px;color:#1d232a}")
        .append("h1{font-size:20px}h1 .status{font-size:13px;padding:2px 8px;border-radius:10px;margin-left:8px}")
        .append(".failed{background:#fde2e1;color:#a4161a}.passed{background:#ddf4e4;color:#1b6b36}")
        .append("pre{background:#f6f8fa;padding:12px;border-radius:6px;overflow:auto}")
        .append("table.waterfall{border-collapse:collapse;width:100%;table-layout:fixed}")
        .append("table.waterfall td{padding:3px 6px;border-bottom:1px solid #eef0f2;vertical-align:top}")
        .append("td.name{width:34%;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}")
        .append("td.dur{width:80px;text-align:right;color:#57606a}")
        .append(".track{position:relative;height:16px;background:#f6f8fa;border-radius:3px}")
        .append(".bar{position:absolute;top:2px;height:12px;border-radius:3px;min-width:2px}")
        .append(".bar.agent{background:#8250df}.bar.llm{background:#0969da}.bar.tool{background:#1a7f37}")
        .append(".bar.other{background:#8c959f}.bar.error{background:#cf222e}")
        .append("pre.failure{background:#fff5f5;border-left:4px solid #cf222e;white-space:pre-wrap}")
        .append("details summary{cursor:pointer}table.attrs td{padding:1px 8px;font:12px monospace}")
        .append(".problem{color:#a4161a}</style></head><body>\n");
    h.append("<h1>").append(esc(capture.label())).append("<span class=\"status ")
        .append(failed ? "failed\">failed" : "passed\">passed").append("</span></h1>\n");
    if (failure != null) {
      h.append("<pre class=\"failure\">").append(esc(failure.getClass().getName() + ": " + failure.getMessage()))
          .append("</pre>\n");
    }
    for (String problem : problems) {
      h.append("<pre class=\"problem\">").append(esc(problem)).append("</pre>\n");
    }
    if (traces.isEmpty()) {
      h.append("<p>No spans were captured in this test.</p>\n");
    }
    for (int i = 0; i < traces.size(); i++) {
      AgentTrace trace = traces.get(i);
      h.append("<section class=\"trace\"><h2>Trace ").append(i + 1).append(" of ").append(traces.size())
          .append("</h2>\n<pre class=\"tree\">").append(esc(trace.render())).append("</pre>\n");
      waterfall(h, trace.spans());
      h.append("</section>\n");
    }
    if (llm != null) {
      h.append("<section class=\"llm\"><h2>LLM exchange</h2><pre>")
          .append(esc(llm.transcript().isBlank() ? "(no request reached the mock LLM)" : llm.transcript()))
          .append("</pre></section>\n");
    }
    List<SpanData> stray = registry.unattributedSpans();
    if (!stray.isEmpty() && traces.isEmpty()) {
      h.append("<p>").append(stray.size()).append(" span(s) could not be attributed to any test.</p>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  private static void waterfall(StringBuilder h, List<SpanData> spans) {
    long start = spans.stream().mapToLong(SpanData::getStartEpochNanos).min().orElse(0);
    long end = spans.stream().mapToLong(SpanData::getEndEpochNanos).max().orElse(start + 1);
    double total = Math.max(1, end - start);
    h.append("<table class=\"waterfall\"><tbody>\n");
    for (Row row : treeOrder(spans)) {
      SpanData span = row.span;
      double left = (span.getStartEpochNanos() - start) / total * 100;
      double width = Math.max(0.3, (span.getEndEpochNanos() - span.getStartEpochNanos()) / total * 100);
      String kind = span.getStatus().getStatusCode() == StatusCode.ERROR ? "error" : kindOf(span);
      h.append("<tr class=\"span ").append(kind).append("-row\"><td class=\"name\" style=\"padding-left:")
          .append(6 + row.depth * 18).append("px\"><details><summary>").append(esc(span.getName()))
          .append("</summary><table class=\"attrs\">");
      span.getAttributes().forEach((key, value) -> h.append("<tr><td>").append(esc(key.getKey()))
          .append("</td><td>").append(esc(String.valueOf(value))).append("</td></tr>"));
      if (span.getStatus().getStatusCode() != StatusCode.UNSET) {
        h.append("<tr><td>status</td><td>").append(esc(span.getStatus().getStatusCode() + " "
            + span.getStatus().getDescription())).append("</td></tr>");
      }
      h.append("</table></details></td><td><div class=\"track\"><div class=\"bar ").append(kind)
          .append("\" style=\"left:").append(String.format(java.util.Locale.ROOT, "%.2f", left))
          .append("%;width:").append(String.format(java.util.Locale.ROOT, "%.2f", Math.min(width, 100 - left)))
          .append("%\"></div></div></td><td class=\"dur\">")
          .append(String.format(java.util.Locale.ROOT, "%.1f ms", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6))
          .append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");
  }

  private static String kindOf(SpanData span) {
    String operation = span.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"));
    String name = operation != null ? operation : span.getName();
    if (name.startsWith("invoke_agent") || name.startsWith("create_agent") || name.startsWith("invoke_workflow")) {
      return "agent";
    }
    if (name.startsWith("execute_tool")) {
      return "tool";
    }
    if (name.startsWith("chat") || name.startsWith("call_llm") || name.startsWith("generate_content")
        || name.startsWith("text_completion")) {
      return "llm";
    }
    return "other";
  }

  private record Row(SpanData span, int depth) {}

  /** Spans in pre-order of the parent/child tree, siblings by start time; orphans as roots. */
  private static List<Row> treeOrder(List<SpanData> spans) {
    Map<String, List<SpanData>> children = new HashMap<>();
    Set<String> ids = new HashSet<>();
    spans.forEach(s -> ids.add(s.getSpanId()));
    List<SpanData> roots = new ArrayList<>();
    for (SpanData span : spans) {
      if (span.getParentSpanContext().isValid() && ids.contains(span.getParentSpanId())) {
        children.computeIfAbsent(span.getParentSpanId(), k -> new ArrayList<>()).add(span);
      } else {
        roots.add(span);
      }
    }
    Comparator<SpanData> byStart = Comparator.comparingLong(SpanData::getStartEpochNanos);
    List<Row> rows = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    roots.sort(byStart);
    for (SpanData root : roots) {
      visit(root, 0, children, byStart, rows, visited);
    }
    return rows;
  }

  private static void visit(SpanData span, int depth, Map<String, List<SpanData>> children,
      Comparator<SpanData> byStart, List<Row> rows, Set<String> visited) {
    if (!visited.add(span.getSpanId())) {
      return;
    }
    rows.add(new Row(span, depth));
    List<SpanData> kids = new ArrayList<>(children.getOrDefault(span.getSpanId(), List.of()));
    kids.sort(byStart);
    for (SpanData kid : kids) {
      visit(kid, depth + 1, children, byStart, rows, visited);
    }
  }

  private static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
