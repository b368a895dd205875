package dev.spanproof.mockllm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cassette file format: a JSON object {@code {"spanproof_cassette": 1, "interactions": [...]}}, each
 * interaction a request (method, path, kept headers, body) and a response (status, headers, and the body as
 * JSON, as text, or as the list of stream events exactly as they were framed on the wire). Bodies that are
 * JSON are stored as JSON, so that a cassette reads and diffs well in review. Not for public use.
 */
public final class CassetteFile {
  /** The format version written and understood. */
  public static final int VERSION = 1;

  /** Numbers kept exactly as the provider wrote them (no double rounding of floats). */
  static final ObjectMapper MAPPER = new ObjectMapper()
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private CassetteFile() {}

  /** A body: JSON (when it parsed as JSON), text, a list of stream events, or nothing. */
  public record Body(JsonNode json, String text, List<String> events) {
    /** No body. */
    public static final Body EMPTY = new Body(null, null, null);

    /** The body as a JSON tree when it is JSON, else as text; empty text is {@link #EMPTY}. */
    public static Body of(String text) {
      if (text == null || text.isEmpty()) {
        return EMPTY;
      }
      JsonNode json = parseJson(text);
      return json != null ? new Body(json, null, null) : new Body(null, text, null);
    }

    /** A streamed body, event by event. */
    public static Body stream(List<String> events) {
      return new Body(null, null, List.copyOf(events));
    }

    /** The body's bytes as text (events joined, JSON written compactly). */
    public String wire() {
      if (events != null) {
        return String.join("", events);
      }
      if (json != null) {
        try {
          return COMPACT.writeValueAsString(json);
        } catch (JsonProcessingException e) {
          throw new UncheckedIOException(e);
        }
      }
      return text == null ? "" : text;
    }
  }

  private static final ObjectMapper COMPACT = MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT);

  /** One recorded request. */
  public record Request(String method, String path, Map<String, String> headers, Body body) {}

  /** One recorded response. */
  public record Response(int status, Map<String, String> headers, Body body) {}

  /** One exchange. */
  public record Interaction(Request request, Response response) {}

  /** JSON text as a tree, or null when it is not JSON. */
  static JsonNode parseJson(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * Reads a cassette.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static List<Interaction> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the cassette " + file + ": " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw invalid(file, "it is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject() || !root.has("spanproof_cassette")) {
      throw invalid(file, "it is not a spanproof cassette (no \"spanproof_cassette\" field)");
    }
    if (root.get("spanproof_cassette").asInt() != VERSION) {
      throw invalid(file, "its format version is " + root.get("spanproof_cassette") + "; this spanproof reads version "
          + VERSION);
    }
    JsonNode list = root.get("interactions");
    if (list == null || !list.isArray()) {
      throw invalid(file, "\"interactions\" is missing or not an array");
    }
    List<Interaction> out = new ArrayList<>();
    int n = 0;
    for (JsonNode i : list) {
      n++;
      String where = "interaction #" + n;
      JsonNode req = object(file, i, "request", where);
      JsonNode res = object(file, i, "response", where);
      String method = text(file, req, "method", where + " request");
      String path = text(file, req, "path", where + " request");
      JsonNode status = res.get("status");
      if (status == null || !status.canConvertToInt()) {
        throw invalid(file, where + " response has no numeric \"status\"");
      }
      out.add(new Interaction(new Request(method, path, headers(req), body(file, req, where + " request")),
          new Response(status.asInt(), headers(res), body(file, res, where + " response"))));
    }
    return out;
  }

  /** Writes a cassette (through a temporary file, so a reader never sees half of it). */
  public static void write(Path file, List<Interaction> interactions, SecretScrubber scrubber) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("spanproof_cassette", VERSION);
    root.put("note", "Recorded provider traffic for spanproof's mock LLM. Secrets are redacted. Re-record with "
        + "SPANPROOF_CASSETTES=record.");
    ArrayNode list = root.putArray("interactions");
    for (Interaction i : interactions) {
      ObjectNode node = list.addObject();
      ObjectNode req = node.putObject("request");
      req.put("method", i.request().method());
      req.put("path", i.request().path());
      putHeaders(req, i.request().headers());
      putBody(req, i.request().body());
      ObjectNode res = node.putObject("response");
      res.put("status", i.response().status());
      putHeaders(res, i.response().headers());
      putBody(res, i.response().body());
    }
    String text;
    try {
      text = scrubber.scrub(MAPPER.writeValueAsString(root)) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the cassette " + file + ": " + e.getMessage(), e);
    }
  }

  private static void putHeaders(ObjectNode node, Map<String, String> headers) {
    if (!headers.isEmpty()) {
      ObjectNode h = node.putObject("headers");
      headers.forEach(h::put);
    }
  }

  private static void putBody(ObjectNode node, Body body) {
    if (body.events() != null) {
      ArrayNode events = node.putArray("events");
      body.events().forEach(events::add);
    } else if (body.json() != null) {
      node.set("body", body.json());
    } else if (body.text() != null) {
      node.put("bodyText", body.text());
    }
  }

  private static Map<String, String> headers(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode h = node.get("headers");
    if (h != null && h.isObject()) {
      h.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  private static Body body(Path file, JsonNode node, String where) {
    JsonNode events = node.get("events");
    if (events != null) {
      if (!events.isArray()) {
        throw invalid(file, where + " has \"events\" that is not an array of strings");
      }
      List<String> list = new ArrayList<>();
      events.forEach(e -> list.add(e.asText()));
      return Body.stream(list);
    }
    if (node.has("body")) {
      return new Body(node.get("body"), null, null);
    }
    if (node.has("bodyText")) {
      return new Body(null, node.get("bodyText").asText(), null);
    }
    return Body.EMPTY;
  }

  private static JsonNode object(Path file, JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isObject()) {
      throw invalid(file, where + " has no \"" + field + "\" object");
    }
    return v;
  }

  private static String text(Path file, JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw invalid(file, where + " has no \"" + field + "\" string");
    }
    return v.asText();
  }

  private static IllegalArgumentException invalid(Path file, String why) {
    return new IllegalArgumentException("The cassette " + file + " cannot be replayed: " + why
        + ". Re-record it with SPANPROOF_CASSETTES=record, or fix the file.");
  }
}
