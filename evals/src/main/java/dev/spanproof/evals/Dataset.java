package dev.spanproof.evals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cases of an eval, read from a resource on the test classpath: JSON Lines ({@code .jsonl}, one
 * case object a line, blank lines skipped), YAML ({@code .yaml}/{@code .yml}, a list of case
 * mappings) or JSON ({@code .json}, an array of case objects).
 *
 * @param name the resource's name
 * @param cases the cases, in file order
 */
public record Dataset(String name, List<EvalCase> cases) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * Copies the case list.
   *
   * @throws IllegalArgumentException when there is no case
   */
  public Dataset {
    cases = List.copyOf(cases);
    if (cases.isEmpty()) {
      throw new IllegalArgumentException("The dataset " + name + " has no case; add at least one, such as "
          + "{\"input\": \"What is 2+2?\", \"expected\": \"4\"}");
    }
  }

  /**
   * Loads a dataset from the classpath of the given loader.
   *
   * @param resource the resource path, such as {@code evals/calculator.jsonl} (a leading {@code /} is ignored)
   * @param loader the class loader to search (the test class's)
   * @return the dataset
   * @throws IllegalArgumentException when the resource is missing or malformed (the message says
   *     which line and how to fix it)
   */
  public static Dataset load(String resource, ClassLoader loader) {
    String path = resource.startsWith("/") ? resource.substring(1) : resource;
    URL url = loader.getResource(path);
    if (url == null) {
      throw new IllegalArgumentException("The dataset \"" + resource + "\" is not on the test classpath; put it at "
          + "src/test/resources/" + path + " (JSON Lines, YAML or JSON).");
    }
    String text;
    try (InputStream in = url.openStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dataset " + resource + ": " + e.getMessage(), e);
    }
    return parse(path, text);
  }

  /**
   * Parses a dataset's text; the name's extension picks the format.
   *
   * @param name the dataset's name, ending in {@code .jsonl}, {@code .yaml}, {@code .yml} or {@code .json}
   * @param text the content
   * @return the dataset
   * @throws IllegalArgumentException when the format is unknown or the text is malformed
   */
  public static Dataset parse(String name, String text) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      return parseJsonLines(name, text);
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return parseList(name, text, YAML, "YAML");
    }
    if (lower.endsWith(".json")) {
      return parseList(name, text, JSON, "JSON");
    }
    throw new IllegalArgumentException("The dataset \"" + name + "\" has an unknown format; name it .jsonl (one JSON "
        + "case a line), .yaml/.yml (a list of cases) or .json (an array of cases).");
  }

  private static Dataset parseJsonLines(String name, String text) {
    List<EvalCase> cases = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String source = name + ":" + (i + 1);
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("Line " + (i + 1) + " of the dataset " + name + " is not JSON ("
            + e.getOriginalMessage() + "). Each line of a .jsonl dataset is one case object, such as "
            + "{\"input\": \"What is 2+2?\", \"expected\": \"4\"}.", e);
      }
      cases.add(toCase(node, cases.size() + 1, source, "Line " + (i + 1) + " of the dataset " + name, seen));
    }
    return new Dataset(name, cases);
  }

  private static Dataset parseList(String name, String text, ObjectMapper mapper, String format) {
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The dataset " + name + " is not valid " + format + " ("
          + e.getOriginalMessage() + ").", e);
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("The dataset " + name + " must be a list of cases, each with an \"input\"; "
          + "it is " + (root == null ? "empty" : root.getNodeType().toString().toLowerCase(Locale.ROOT)) + ".");
    }
    List<EvalCase> cases = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < root.size(); i++) {
      cases.add(toCase(root.get(i), i + 1, name + "#" + (i + 1), "Item " + (i + 1) + " of the dataset " + name, seen));
    }
    return new Dataset(name, cases);
  }

  private static EvalCase toCase(JsonNode node, int number, String source, String where, Map<String, String> seen) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " is " + node.getNodeType().toString().toLowerCase(Locale.ROOT)
          + ", not a case object such as {\"input\": \"What is 2+2?\", \"expected\": \"4\"}.");
    }
    ObjectNode fields = (ObjectNode) node;
    if (!fields.hasNonNull("input")) {
      throw new IllegalArgumentException(where + " has no \"input\"; every case needs one, such as "
          + "{\"input\": \"What is 2+2?\", \"expected\": \"4\"}.");
    }
    String id = fields.hasNonNull("id") ? fields.get("id").asText() : "case-" + number;
    String previous = seen.putIfAbsent(id, source);
    if (previous != null) {
      throw new IllegalArgumentException(where + " repeats the id \"" + id + "\" of " + previous
          + "; give every case its own id.");
    }
    return new EvalCase(id, number, source, fields);
  }
}
