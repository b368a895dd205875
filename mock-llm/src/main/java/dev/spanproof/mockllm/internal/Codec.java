package dev.spanproof.mockllm.internal;

import dev.spanproof.mockllm.LlmRequest;
import dev.spanproof.mockllm.Protocol;
import java.nio.charset.StandardCharsets;

/**
 * One protocol: parses its requests into the neutral {@link LlmRequest} and renders neutral replies in
 * its wire format. Codecs do not know each other. Not for public use.
 */
public interface Codec {

  /** The protocol. */
  Protocol protocol();

  /**
   * Parses a request (number 0: the session numbers it).
   *
   * @throws BadRequestException saying what is wrong with the body
   */
  LlmRequest parse(HttpIn in);

  /** Renders a text or tool-call reply, streamed when the request asked for it. */
  Rendered render(RenderContext ctx);

  /** Renders an error in the provider's shape; {@code status} is the HTTP status to use. */
  Rendered error(ErrorKind kind, int status, String message);

  /**
   * Whether a non-streamed reply depends only on the model, the reply, the usage, the response number and the
   * creation time, so a repeating step may render it once and reuse it ({@link ReplyTemplate}). False unless a
   * codec knows it: OpenAI Responses, for one, echoes the request's instructions and tools.
   */
  default boolean rendersFromReplyAlone() {
    return false;
  }

  /** The status this provider uses for an overload. */
  default int overloadedStatus() {
    return 503;
  }

  /**
   * The event sent when a stream fails midway (the provider's mid-stream error).
   *
   * @param message the error message
   * @param eventsBefore how many events were sent before it (its 0-based position, for sequence numbers)
   */
  String streamError(String message, int eventsBefore);

  /** The prefix of generated tool-call ids ({@code call_}, {@code toolu_}). */
  default String toolCallIdPrefix() {
    return "call_";
  }

  /**
   * Pads one event to exactly {@code targetBytes} UTF-8 bytes without changing what it means, so WireMock's
   * equal-size chunked dribble splits the body at event boundaries. The default prepends an SSE comment
   * line, which every SSE parser skips; {@link #minPadding()} bytes is the least it adds.
   */
  default String pad(String event, int targetBytes) {
    int missing = targetBytes - event.getBytes(StandardCharsets.UTF_8).length;
    return ":" + " ".repeat(missing - 2) + "\n" + event;
  }

  /** The least padding {@link #pad} adds to an event. */
  default int minPadding() {
    return 2;
  }

  /**
   * {@link dev.spanproof.mockllm.Fault#malformedJson()}: HTTP 200 with a truncated body in this protocol's own
   * shape; when streamed, in its stream media type with one event whose JSON is cut off, so the client's
   * stream parser fails rather than seeing an empty stream.
   */
  Rendered malformed(boolean streaming);
}
