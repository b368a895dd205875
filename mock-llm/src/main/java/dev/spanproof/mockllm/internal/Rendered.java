package dev.spanproof.mockllm.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rendered response: status, headers and the body as a list of events (one element when not
 * streamed), so the router can pace, cut or interrupt a stream at event boundaries. Not for public use.
 */
public record Rendered(int status, Map<String, String> headers, List<String> events, boolean streaming) {

  /** Copies. */
  public Rendered {
    headers = new LinkedHashMap<>(headers);
    events = List.copyOf(events);
  }

  /** A JSON response. */
  public static Rendered json(int status, String body) {
    return new Rendered(status, Map.of("Content-Type", "application/json"), List.of(body), false);
  }

  /** A streamed response of the given content type. */
  public static Rendered stream(String contentType, List<String> events) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", contentType);
    h.put("Cache-Control", "no-cache");
    return new Rendered(200, h, events, true);
  }

  /** The body: all events joined. */
  public String body() {
    return events.size() == 1 ? events.get(0) : String.join("", events);
  }

  /** This response with one more header. */
  public Rendered withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Rendered(status, h, events, streaming);
  }
}
