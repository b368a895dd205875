package dev.spanproof.mockllm.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Our own Jackson (not WireMock's shaded one). Not for public use. */
public final class Json {
  /** The shared mapper. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** A new empty object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A new empty array. */
  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Compact JSON text of a node. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON text, or throws {@link BadRequestException} saying what is wrong. */
  public static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      throw new BadRequestException("the request body is empty; send a JSON object");
    }
    JsonNode node;
    try {
      node = readWhole(text);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("the request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null) {
      throw new BadRequestException("the request body is not valid JSON: text follows the JSON value; send one JSON object");
    }
    return node;
  }

  /** Parses a JSON object text as a node; a non-object text becomes an empty object. */
  public static JsonNode parseArguments(String arguments) {
    JsonNode n;
    try {
      n = readWhole(arguments);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("tool-call arguments must be a JSON object, got: " + arguments, e);
    }
    if (n == null) {
      throw new IllegalArgumentException("tool-call arguments must be one JSON object with nothing after it, got: " + arguments);
    }
    return n.isObject() ? n : object();
  }

  /**
   * The one JSON value of the text, or null when text follows it.
   *
   * @throws IllegalArgumentException when the text does not start with valid JSON
   */
  public static JsonNode wholeValue(String text) {
    try {
      return readWhole(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The one JSON value of the text, or null when more text follows it. {@code readTree} alone stops after the
   * first value and ignores the rest ({@code {"a":1} junk} would read as {@code {"a":1}}).
   */
  private static JsonNode readWhole(String text) throws JsonProcessingException {
    try (JsonParser p = MAPPER.createParser(text)) {
      JsonNode read = MAPPER.readTree(p);
      JsonNode node = read == null ? MAPPER.missingNode() : read; // no content at all
      try {
        return p.nextToken() == null ? node : null;
      } catch (JsonProcessingException e) {
        return null; // junk that is not even a JSON token
      }
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A required string field, or a {@link BadRequestException} naming it. */
  public static String requiredText(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new BadRequestException("'" + where + field + "' is required");
    }
    if (!v.isTextual()) {
      throw new BadRequestException("'" + where + field + "' must be a string, got " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return v.asText();
  }

  /** An optional string field, null when absent. */
  public static String optionalText(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
  }

  /** A required array field, or a {@link BadRequestException} naming it. */
  public static JsonNode requiredArray(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new BadRequestException("'" + where + field + "' is required");
    }
    if (!v.isArray()) {
      throw new BadRequestException("'" + where + field + "' must be an array");
    }
    return v;
  }

  /** The body as an object, or a {@link BadRequestException}. */
  public static JsonNode requireObject(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new BadRequestException("the request body must be a JSON object, got "
          + (body == null ? "nothing" : body.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    return body;
  }
}
