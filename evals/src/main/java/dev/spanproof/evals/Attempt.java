package dev.spanproof.evals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.assertions.ToolCall;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * One run of an eval case, as scorers see it.
 *
 * @param evalCase the case
 * @param repetition the 1-based repetition
 * @param output what the agent answered
 * @param traces the traces the run produced (empty without {@code @AgentTest})
 */
public record Attempt(EvalCase evalCase, int repetition, String output, List<AgentTrace> traces) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the trace list; a null output becomes empty text. */
  public Attempt {
    Objects.requireNonNull(evalCase, "evalCase");
    output = output == null ? "" : output;
    traces = List.copyOf(traces);
  }

  /**
   * Returns what the run used, summed over its traces.
   *
   * @return the usage
   */
  public AgentUsage usage() {
    return AgentUsage.of(traces);
  }

  /**
   * Returns the tools executed over all traces, in order.
   *
   * @return the tool calls
   */
  public List<ToolCall> toolCalls() {
    return traces.stream().flatMap(t -> t.toolCalls().stream()).toList();
  }

  /**
   * Parses the output as JSON (a fenced {@code ```json} block is unwrapped first).
   *
   * @return the parsed output
   * @throws IllegalArgumentException when the output is not JSON
   */
  public JsonNode outputJson() {
    String text = unfence(output);
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("the output is empty, not JSON");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("the output is not JSON: " + Scorers.quote(output), e);
    }
  }

  static String unfence(String text) {
    String t = text.strip();
    if (t.startsWith("```")) {
      int firstNewline = t.indexOf('\n');
      int closing = t.lastIndexOf("```");
      if (firstNewline > 0 && closing > firstNewline) {
        return t.substring(firstNewline + 1, closing).strip();
      }
    }
    return t;
  }
}
