package dev.spanproof.assertions.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** JSON helpers: lenient parsing, numeric-insensitive equality and subset matching. Not for public use. */
public final class Json {

  // Exact decimals for comparison, but kept as written: without the second setting Jackson strips
  // trailing zeros and 20.0 renders as 2E+1 in trace text and failure messages.
  private static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      // "4 apples" is text, not the number 4; two glued values are not the first one
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  // bound to the tree type once: ObjectMapper.readTree looks the type up again on every call
  private static final ObjectReader TREE_READER = MAPPER.readerFor(JsonNode.class);

  private Json() {}

  /** Returns the shared mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses text as JSON, or returns null when it is null or not JSON. */
  public static JsonNode parseOrNull(String text) {
    if (text == null) {
      return null;
    }
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      return null;
    }
    char first = trimmed.charAt(0);
    if (first != '{' && first != '[' && first != '"' && first != '-' && !Character.isDigit(first)
        && !trimmed.equals("true") && !trimmed.equals("false") && !trimmed.equals("null")) {
      return null;
    }
    try {
      return TREE_READER.readTree(trimmed);
    } catch (JsonProcessingException | NumberFormatException e) {
      // NumberFormatException: a number BigDecimal cannot hold (1e599999999999999999999)
      return null;
    }
  }

  /**
   * Returns the text's JSON value, or for text that is not JSON (plain-text tool arguments such as
   * {@code Paris}) the JSON string holding it; null only for null.
   */
  public static JsonNode parseOrString(String text) {
    if (text == null) {
      return null;
    }
    JsonNode node = parseOrNull(text);
    return node != null ? node : JsonNodeFactory.instance.textNode(text);
  }

  /** Returns whether the text is a JSON object or array. */
  public static boolean isStructured(String text) {
    JsonNode node = parseOrNull(text);
    return node != null && node.isContainerNode();
  }

  /** Returns JSON text without insignificant whitespace, or the text itself when it is not JSON. */
  public static String compact(String text) {
    JsonNode node = parseOrNull(text);
    return node == null || !node.isContainerNode() ? text : node.toString();
  }

  /** Returns whether two JSON trees are equal, numbers compared by value (2 equals 2.0). */
  public static boolean equivalent(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.equals(Json::compareLeaves, b);
  }

  /** Returns whether two texts hold equivalent JSON; falls back to trimmed text equality. */
  public static boolean equivalent(String a, String b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (JsonFingerprint.differ(a, b)) {
      return false; // both strict JSON, and their tokens differ: no need to parse them
    }
    JsonNode left = parseOrNull(a);
    JsonNode right = parseOrNull(b);
    if (left != null && right != null) {
      return equivalent(left, right);
    }
    return a.trim().equals(b.trim());
  }

  /**
   * Returns whether {@code expected} is contained in {@code actual}: every field of an expected
   * object is in the actual object with a contained value, arrays match element by element (same
   * length), leaves are equal.
   */
  public static boolean isSubset(JsonNode expected, JsonNode actual) {
    if (expected == null) {
      return true;
    }
    if (actual == null) {
      return false;
    }
    if (expected.isObject()) {
      if (!actual.isObject()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!isSubset(field.getValue(), actual.get(field.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (expected.isArray()) {
      if (!actual.isArray() || actual.size() != expected.size()) {
        return false;
      }
      for (int i = 0; i < expected.size(); i++) {
        if (!isSubset(expected.get(i), actual.get(i))) {
          return false;
        }
      }
      return true;
    }
    return equivalent(expected, actual);
  }

  private static int compareLeaves(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  }

  /** Converts an OpenTelemetry log body {@link Value} to JSON; a string body holding JSON is parsed. */
  public static JsonNode fromValue(Value<?> value) {
    if (value == null) {
      return null;
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (value.getType()) {
      case STRING -> {
        JsonNode parsed = parseOrNull((String) value.getValue());
        yield parsed != null ? parsed : f.textNode((String) value.getValue());
      }
      case BOOLEAN -> f.booleanNode((Boolean) value.getValue());
      case LONG -> f.numberNode((Long) value.getValue());
      case DOUBLE -> f.numberNode((Double) value.getValue());
      case ARRAY -> {
        ArrayNode array = f.arrayNode();
        for (Object item : (List<?>) value.getValue()) {
          array.add(fromValue((Value<?>) item));
        }
        yield array;
      }
      case KEY_VALUE_LIST -> {
        ObjectNode object = f.objectNode();
        for (Object item : (List<?>) value.getValue()) {
          KeyValue kv = (KeyValue) item;
          object.set(kv.getKey(), fromValue(kv.getValue()));
        }
        yield object;
      }
      default -> f.textNode(value.asString());
    };
  }

  /** Gemini schemas write types upper-case ({@code "OBJECT"}); JSON Schema wants them lower-case. */
  public static JsonNode lowerCaseTypes(JsonNode schema) {
    JsonNode copy = schema.deepCopy();
    lowerCaseTypesInPlace(copy);
    return copy;
  }

  private static void lowerCaseTypesInPlace(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      JsonNode type = object.get("type");
      if (type != null && type.isTextual()) {
        object.put("type", type.asText().toLowerCase(Locale.ROOT));
      }
      object.elements().forEachRemaining(Json::lowerCaseTypesInPlace);
    } else if (node.isArray()) {
      node.elements().forEachRemaining(Json::lowerCaseTypesInPlace);
    }
  }
}
