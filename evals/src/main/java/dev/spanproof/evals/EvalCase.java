package dev.spanproof.evals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One case of a dataset: a JSON object with an {@code input}, usually an {@code expected} value, and
 * any other fields a scorer or the test reads ({@code tools}, {@code pattern}, {@code rubric}, ...):
 *
 * <pre>{@code
 * {"id": "adds", "input": "What is 2+2?", "expected": "4", "tools": [{"name": "calculate", "arguments": {"a": 2, "b": 2}}]}
 * }</pre>
 *
 * Declare it as a parameter of an {@link AgentEval} method. Immutable.
 */
public final class EvalCase {

  private final String id;
  private final int number;
  private final String source;
  private final ObjectNode fields;

  /**
   * Creates a case.
   *
   * @param id the case's id, unique in its dataset
   * @param number its 1-based position in the dataset
   * @param source where it comes from, such as {@code evals/calculator.jsonl:3}
   * @param fields the case's JSON object; must have an {@code input}
   * @throws IllegalArgumentException when {@code input} is missing
   */
  public EvalCase(String id, int number, String source, ObjectNode fields) {
    this.id = Objects.requireNonNull(id, "id");
    this.number = number;
    this.source = Objects.requireNonNull(source, "source");
    Objects.requireNonNull(fields, "fields");
    if (!fields.hasNonNull("input")) {
      throw new IllegalArgumentException("The case at " + source + " has no \"input\"; every case needs one, such as "
          + "{\"input\": \"What is 2+2?\", \"expected\": \"4\"}");
    }
    this.fields = fields.deepCopy();
  }

  /**
   * Returns the case's id: its {@code id} field, else {@code case-N}.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns the case's 1-based position in its dataset.
   *
   * @return the number
   */
  public int number() {
    return number;
  }

  /**
   * Returns where the case comes from, such as {@code evals/calculator.jsonl:3}.
   *
   * @return the file and line (or item) number
   */
  public String source() {
    return source;
  }

  /**
   * Returns the input as text: the string itself, or the JSON text of an object or array.
   *
   * @return the input
   */
  public String input() {
    return text(fields.get("input"));
  }

  /**
   * Returns the input as JSON.
   *
   * @return the input node
   */
  public JsonNode inputJson() {
    return fields.get("input").deepCopy();
  }

  /**
   * Returns the expected value as text, or null when the case has none.
   *
   * @return the expected value
   */
  public String expected() {
    JsonNode expected = fields.get("expected");
    return expected == null || expected.isNull() ? null : text(expected);
  }

  /**
   * Returns the expected value as JSON ({@link MissingNode} when absent).
   *
   * @return the expected node
   */
  public JsonNode expectedJson() {
    return field("expected");
  }

  /**
   * Returns a field of the case ({@link MissingNode} when absent).
   *
   * @param name the field's name
   * @return a copy of the field
   */
  public JsonNode field(String name) {
    JsonNode value = fields.get(name);
    return value == null ? MissingNode.getInstance() : value.deepCopy();
  }

  /**
   * Returns a field as text: the string itself, or the JSON text of other values; null when absent.
   *
   * @param name the field's name
   * @return the text
   */
  public String text(String name) {
    JsonNode value = fields.get(name);
    return value == null || value.isNull() ? null : text(value);
  }

  /**
   * Returns all fields of the case.
   *
   * @return a copy of the case's JSON object
   */
  public ObjectNode fields() {
    return fields.deepCopy();
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : node.toString();
  }

  /** Returns the id and source, for example {@code EvalCase[adds at evals/calculator.jsonl:1]}. */
  @Override
  public String toString() {
    return "EvalCase[" + id + " at " + source + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EvalCase c && c.id.equals(id) && c.number == number && c.source.equals(source)
        && c.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, number, source, fields);
  }
}
