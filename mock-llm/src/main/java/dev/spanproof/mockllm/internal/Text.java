package dev.spanproof.mockllm.internal;

import dev.spanproof.mockllm.Fault;
import dev.spanproof.mockllm.LlmMessage;
import dev.spanproof.mockllm.LlmRequest;
import dev.spanproof.mockllm.Reply;
import dev.spanproof.mockllm.ToolCall;
import java.util.stream.Collectors;

/** Text helpers for transcripts and diagnostics. Not for public use. */
public final class Text {
  private static final int MAX_QUOTED = 80;

  private Text() {}

  /** Quotes text for one line, escaping newlines and shortening long text with an ellipsis. */
  public static String quote(String text) {
    if (text == null) {
      return "(no text)";
    }
    String head = text.length() > MAX_QUOTED * 2 ? text.substring(0, MAX_QUOTED * 2) : text;
    String oneLine = head.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "");
    if (oneLine.length() > MAX_QUOTED || head.length() < text.length()) {
      oneLine = oneLine.substring(0, Math.min(oneLine.length(), MAX_QUOTED - 1)) + "…";
    }
    return "\"" + oneLine + "\"";
  }

  /** A reply as a transcript shows it: {@code reply "…"}, {@code tool call calculate {…}}. */
  public static String describeReply(Reply reply) {
    // Java 17: no pattern matching for switch yet, so instanceof chains over the sealed types.
    if (reply instanceof Reply.Text t) {
      return "reply " + quote(t.text());
    }
    if (reply instanceof Reply.ToolCalls tc) {
      return (tc.calls().size() == 1 ? "tool call " : "tool calls ")
          + tc.calls().stream().map(c -> c.name() + " " + c.arguments()).collect(Collectors.joining(", "))
          + (tc.text() == null ? "" : " after text " + quote(tc.text()));
    }
    return "failure " + describeFault(((Reply.Failure) reply).fault());
  }

  /** A fault in words. */
  public static String describeFault(Fault fault) {
    if (fault instanceof Fault.RateLimited r) {
      return "429 rate limited (Retry-After " + r.retryAfter().toMillis() + " ms)";
    }
    if (fault instanceof Fault.HttpError e) {
      return e.status() + " " + quote(e.message());
    }
    if (fault instanceof Fault.Overloaded) {
      return "overloaded";
    }
    if (fault instanceof Fault.ConnectionReset) {
      return "connection reset";
    }
    return "malformed JSON body";
  }

  /** One message as a transcript line shows it: {@code user "What is 2+2?"}. */
  public static String describeMessage(LlmMessage m) {
    if (m.isToolResult()) {
      return "tool " + (m.toolName() == null ? "?" : m.toolName()) + " " + quote(m.content());
    }
    if (!m.toolCalls().isEmpty()) {
      String calls = m.toolCalls().stream().map(ToolCall::name).collect(Collectors.joining(", "));
      return m.role() + " tool call" + (m.toolCalls().size() == 1 ? " " : "s ") + calls
          + (m.content() == null || m.content().isEmpty() ? "" : " after " + quote(m.content()));
    }
    return m.role() + " " + quote(m.content());
  }

  /** What a request's transcript line starts with: its last message (several tool results joined). */
  public static String describeRequest(LlmRequest r) {
    var results = r.latestToolResults();
    if (results.size() > 1) {
      return results.stream().map(Text::describeMessage).collect(Collectors.joining(", "));
    }
    return r.lastMessage().map(Text::describeMessage).orElse("(no messages)");
  }
}
