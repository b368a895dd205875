package dev.spanproof.mockllm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanproof.mockllm.LlmRequest;
import dev.spanproof.mockllm.Reply;
import dev.spanproof.mockllm.Usage;

/**
 * What a codec needs to render a reply. Not for public use.
 *
 * @param request the parsed request
 * @param body the request body as JSON (for protocol options such as {@code stream_options})
 * @param reply a {@link Reply.Text} or a {@link Reply.ToolCalls} whose calls all have ids
 * @param usage the usage to report
 * @param responseNumber the session's response counter, for deterministic ids
 * @param created the creation time in epoch seconds
 */
public record RenderContext(
    LlmRequest request, JsonNode body, Reply reply, Usage usage, int responseNumber, long created) {

  /** The model to report: the requested one, or a default when the request had none. */
  public String model() {
    return request.model() == null ? "mock-model" : request.model();
  }
}
