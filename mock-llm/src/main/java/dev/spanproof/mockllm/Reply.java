package dev.spanproof.mockllm;

import java.util.List;
import java.util.Objects;

/** What a script step answers, independent of the protocol it is rendered in. */
public sealed interface Reply {

  /** The model answers with text and stops. */
  record Text(String text) implements Reply {
    /** Rejects null text (use "" for an empty answer). */
    public Text {
      Objects.requireNonNull(text, "reply text (use \"\" for an empty answer)");
    }
  }

  /**
   * The model requests one or more tool calls in one turn, optionally with text before them.
   *
   * @param text text the model says before the calls; null for none
   * @param calls the calls, in order (at least one)
   */
  record ToolCalls(String text, List<ToolCall> calls) implements Reply {
    /** Copies the calls and rejects an empty list. */
    public ToolCalls {
      calls = List.copyOf(calls);
      if (calls.isEmpty()) {
        throw new IllegalArgumentException("a tool-call reply needs at least one tool call");
      }
    }
  }

  /** The request fails with the given fault. */
  record Failure(Fault fault) implements Reply {
    /** Rejects a null fault. */
    public Failure {
      Objects.requireNonNull(fault, "fault");
    }
  }
}
