package dev.spanproof.mockllm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A request as the router hands it to a codec.
 *
 * @param method HTTP method
 * @param path the path below the session prefix, query included (credentials removed)
 * @param headers the headers worth recording (lower-case names)
 * @param body the raw body
 * @param parsedBody the body already parsed by the router (it reuses the tree to render), or null to parse it
 *     on demand
 */
public record HttpIn(String method, String path, Map<String, String> headers, String body, JsonNode parsedBody) {

  /** A request whose body the codec parses itself. */
  public HttpIn(String method, String path, Map<String, String> headers, String body) {
    this(method, path, headers, body, null);
  }

  /**
   * The body as JSON: the router's tree when it parsed it, else parsed now.
   *
   * @throws BadRequestException when the body is empty or not JSON
   */
  public JsonNode bodyJson() {
    return parsedBody != null ? parsedBody : Json.parse(body);
  }
}
