package dev.spanproof.evals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.spanproof.assertions.ExpectedToolCall;
import dev.spanproof.assertions.ToolCallsAssert;
import dev.spanproof.evals.internal.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The built-in scorers. Most come in two forms: one reading what to expect from the case (its
 * {@code expected}, {@code pattern} or {@code tools} field), one taking it as an argument.
 *
 * <pre>{@code
 * run.score(answer,
 *     Scorers.exact(),                                                  // output == case "expected"
 *     Scorers.regex("\\d+"),
 *     Scorers.jsonPath("$.result.total", "42"),
 *     Scorers.toolTrajectory(TrajectoryMatch.STRICT, ArgumentMode.PARTIAL), // case "tools"
 *     Scorers.budget(Budget.limits().totalTokens(500)),
 *     Judge.openAiCompatible(judgeUrl).criteria("The answer is polite."));
 * }</pre>
 */
public final class Scorers {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private Scorers() {}

  /**
   * Passes when the output, trimmed, equals the case's {@code expected} value, trimmed.
   *
   * @return the scorer
   */
  public static Scorer exact() {
    return attempt -> exactScore(attempt.output(), requireField(attempt, "expected", "exact", "exact(\"4\")"));
  }

  /**
   * Passes when the output, trimmed, equals the given text, trimmed.
   *
   * @param expected the expected output
   * @return the scorer
   */
  public static Scorer exact(String expected) {
    Objects.requireNonNull(expected, "expected");
    return attempt -> exactScore(attempt.output(), expected);
  }

  private static Score exactScore(String output, String expected) {
    return output.strip().equals(expected.strip())
        ? Score.pass("exact", "the output equals " + quote(expected))
        : Score.fail("exact", "expected " + quote(expected) + " but the output was " + quote(output));
  }

  /**
   * Passes when the output contains the case's {@code expected} value (a string, or every string of an array).
   *
   * @return the scorer
   */
  public static Scorer contains() {
    return attempt -> {
      JsonNode expected = attempt.evalCase().expectedJson();
      if (expected.isMissingNode() || expected.isNull()) {
        requireField(attempt, "expected", "contains", "contains(\"4\")");
      }
      List<String> fragments = new ArrayList<>();
      if (expected.isArray()) {
        expected.forEach(e -> fragments.add(e.asText()));
      } else {
        fragments.add(expected.isTextual() ? expected.asText() : expected.toString());
      }
      return containsScore(attempt.output(), fragments);
    };
  }

  /**
   * Passes when the output contains every fragment.
   *
   * @param fragments the texts the output must contain
   * @return the scorer
   */
  public static Scorer contains(String... fragments) {
    List<String> list = List.of(fragments);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("contains() needs at least one fragment; use contains() without "
          + "arguments to read the case's \"expected\" field");
    }
    return attempt -> containsScore(attempt.output(), list);
  }

  private static Score containsScore(String output, List<String> fragments) {
    List<String> missing = fragments.stream().filter(f -> !output.contains(f)).toList();
    return missing.isEmpty()
        ? Score.pass("contains", "the output contains " + quoteAll(fragments))
        : Score.fail("contains", "the output " + quote(output) + " does not contain " + quoteAll(missing));
  }

  /**
   * Passes when the regular expression, read from the case's {@code pattern} field, is found in the output.
   *
   * @return the scorer
   */
  public static Scorer regex() {
    return attempt -> regexScore(attempt.output(),
        compile(requireField(attempt, "pattern", "regex", "regex(\"\\\\d+\")")));
  }

  /**
   * Passes when the regular expression is found in the output ({@code find}, not a whole match; anchor
   * it with {@code ^…$} for that).
   *
   * @param pattern the regular expression
   * @return the scorer
   * @throws IllegalArgumentException when the pattern is not a valid regular expression
   */
  public static Scorer regex(String pattern) {
    Pattern compiled = compile(pattern);
    return attempt -> regexScore(attempt.output(), compiled);
  }

  private static Pattern compile(String pattern) {
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("regex scorer: " + quote(pattern) + " is not a regular expression ("
          + e.getDescription() + " near index " + e.getIndex() + ")", e);
    }
  }

  private static Score regexScore(String output, Pattern pattern) {
    return pattern.matcher(output).find()
        ? Score.pass("regex", "the output matches /" + pattern + "/")
        : Score.fail("regex", "the output " + quote(output) + " does not match /" + pattern + "/");
  }

  /**
   * Passes when the output is JSON whose value at the path equals the case's {@code expected} value
   * (compared as JSON).
   *
   * @param path a JSON path such as {@code $.result.items[0].name}
   * @return the scorer
   * @throws IllegalArgumentException when the path is not supported (the message says which part)
   */
  public static Scorer jsonPath(String path) {
    JsonPath compiled = JsonPath.compile(path);
    return attempt -> {
      JsonNode expected = attempt.evalCase().expectedJson();
      if (expected.isMissingNode()) {
        requireField(attempt, "expected", "jsonPath", "jsonPath(\"" + path + "\", \"42\")");
      }
      return jsonPathScore(attempt, compiled, expected);
    };
  }

  /**
   * Passes when the output is JSON whose value at the path equals the expected JSON (a bare word that
   * is not JSON is taken as a string: {@code "ok"} and {@code ok} both match {@code "ok"}).
   *
   * @param path a JSON path such as {@code $.result.items[0].name}
   * @param expectedJson the expected value as JSON text, such as {@code 42}, {@code "ok"} or {@code {"a":1}}
   * @return the scorer
   * @throws IllegalArgumentException when the path is not supported
   */
  public static Scorer jsonPath(String path, String expectedJson) {
    JsonPath compiled = JsonPath.compile(path);
    JsonNode expected = parseLenient(expectedJson);
    return attempt -> jsonPathScore(attempt, compiled, expected);
  }

  private static Score jsonPathScore(Attempt attempt, JsonPath path, JsonNode expected) {
    JsonNode output;
    try {
      output = attempt.outputJson();
    } catch (IllegalArgumentException e) {
      return Score.fail("jsonPath", e.getMessage());
    }
    JsonNode actual = path.read(output);
    if (actual.isMissingNode()) {
      return Score.fail("jsonPath", path + " is absent in " + output);
    }
    JsonNode wanted = expected.isTextual() && !actual.isTextual() ? parseLenient(expected.asText()) : expected;
    return jsonEquals(wanted, actual)
        ? Score.pass("jsonPath", path + " is " + actual)
        : Score.fail("jsonPath", path + " is " + actual + "; expected " + wanted);
  }

  /**
   * Passes when the output is JSON valid against a JSON schema (draft 2020-12 unless the schema's
   * {@code $schema} says otherwise).
   *
   * @param schema a classpath resource ({@code schemas/answer.json}) or the schema itself as JSON text
   * @return the scorer
   * @throws IllegalArgumentException when the resource is missing or the schema is not JSON
   */
  public static Scorer jsonSchema(String schema) {
    Objects.requireNonNull(schema, "schema");
    JsonSchema compiled = SCHEMAS.getSchema(loadSchema(schema));
    return attempt -> {
      JsonNode output;
      try {
        output = attempt.outputJson();
      } catch (IllegalArgumentException e) {
        return Score.fail("jsonSchema", e.getMessage());
      }
      Set<ValidationMessage> errors = compiled.validate(output);
      return errors.isEmpty()
          ? Score.pass("jsonSchema", "the output is valid against the schema")
          : Score.fail("jsonSchema", "the output is not valid against the schema: " + errors.stream()
              .map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
    };
  }

  private static JsonNode loadSchema(String schema) {
    String trimmed = schema.strip();
    if (trimmed.startsWith("{")) {
      try {
        return JSON.readTree(trimmed);
      } catch (IOException e) {
        throw new IllegalArgumentException("jsonSchema: the schema is not JSON: " + e.getMessage(), e);
      }
    }
    String path = trimmed.startsWith("/") ? trimmed.substring(1) : trimmed;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader == null ? null : loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("jsonSchema: the schema \"" + schema + "\" is not on the classpath; put it "
            + "at src/test/resources/" + path + ", or pass the schema itself as JSON text");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("jsonSchema: the schema " + schema + " is not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Compares the tools the run executed with the case's {@code tools} field, a list of
   * {@code {"name": "...", "arguments": {...}}} objects ({@code arguments} and {@code result} optional).
   * Reuses the assertions module's matching, so the reason reads like an assertion failure.
   *
   * @param match how the sequences compare
   * @param arguments how arguments compare
   * @return the scorer
   */
  public static Scorer toolTrajectory(TrajectoryMatch match, ArgumentMode arguments) {
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(arguments, "arguments");
    return attempt -> {
      JsonNode tools = attempt.evalCase().field("tools");
      if (!tools.isArray()) {
        throw new IllegalArgumentException("toolTrajectory: the case \"" + attempt.evalCase().id() + "\" at "
            + attempt.evalCase().source() + " has no \"tools\" list; add one, such as \"tools\": [{\"name\": "
            + "\"calculate\", \"arguments\": {\"a\": 2}}], or pass the expected calls to toolTrajectory(...)");
      }
      List<ExpectedToolCall> expected = new ArrayList<>();
      for (JsonNode tool : tools) {
        expected.add(expectedCall(tool, arguments, attempt.evalCase()));
      }
      return trajectoryScore(attempt, match, expected);
    };
  }

  /**
   * Compares the tools the run executed with the given calls (their argument expectations are used as built).
   *
   * @param match how the sequences compare
   * @param expected the expected calls, built with {@code AgentAssertions.call(name)}
   * @return the scorer
   */
  public static Scorer toolTrajectory(TrajectoryMatch match, ExpectedToolCall... expected) {
    Objects.requireNonNull(match, "match");
    List<ExpectedToolCall> list = Arrays.asList(expected.clone());
    return attempt -> trajectoryScore(attempt, match, list);
  }

  private static ExpectedToolCall expectedCall(JsonNode tool, ArgumentMode mode, EvalCase evalCase) {
    String name = tool.isTextual() ? tool.asText() : tool.path("name").asText(null);
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("toolTrajectory: an entry of \"tools\" in the case \"" + evalCase.id()
          + "\" at " + evalCase.source() + " has no \"name\": " + tool);
    }
    ExpectedToolCall call = ExpectedToolCall.call(name);
    JsonNode args = tool.path("arguments");
    if (mode != ArgumentMode.IGNORE && !args.isMissingNode() && !args.isNull()) {
      String json = args.isTextual() ? args.asText() : args.toString();
      call = mode == ArgumentMode.EXACT ? call.withArguments(json) : call.withArgumentsContaining(json);
    }
    if (tool.hasNonNull("result")) {
      JsonNode result = tool.get("result");
      call = call.withResult(result.isTextual() ? result.asText() : result.toString());
    }
    return call;
  }

  private static Score trajectoryScore(Attempt attempt, TrajectoryMatch match, List<ExpectedToolCall> expected) {
    String name = "toolTrajectory(" + match.name().toLowerCase(java.util.Locale.ROOT) + ")";
    ExpectedToolCall[] wanted = expected.toArray(ExpectedToolCall[]::new);
    ToolCallsAssert calls = new ToolCallsAssert(attempt.toolCalls(), null,
        "case \"" + attempt.evalCase().id() + "\"");
    try {
      switch (match) {
        case STRICT -> calls.containsExactly(wanted);
        case UNORDERED -> calls.containsExactlyInAnyOrder(wanted);
        case SUBSET -> calls.isSubsetOf(wanted);
        case SUPERSET -> calls.contains(wanted);
      }
    } catch (AssertionError e) {
      return Score.fail(name, e.getMessage().strip());
    }
    return Score.pass(name, "the tool calls match: " + attempt.toolCalls().stream()
        .map(c -> c.name()).collect(Collectors.joining(", ", "[", "]")));
  }

  /**
   * Passes when the run's traces stay within the budget (tokens, calls, latency).
   *
   * @param budget the limits
   * @return the scorer
   */
  public static Scorer budget(Budget budget) {
    Objects.requireNonNull(budget, "budget");
    return attempt -> {
      List<BudgetCheck> exceeded = budget.check(attempt.usage()).stream().filter(BudgetCheck::exceeded).toList();
      return exceeded.isEmpty()
          ? Score.pass("budget", "within " + budget)
          : Score.fail("budget", exceeded.stream().map(BudgetCheck::describe).collect(Collectors.joining("; ")));
    };
  }

  static String requireField(Attempt attempt, String field, String scorer, String alternative) {
    String value = attempt.evalCase().text(field);
    if (value == null) {
      throw new IllegalArgumentException(scorer + ": the case \"" + attempt.evalCase().id() + "\" at "
          + attempt.evalCase().source() + " has no \"" + field + "\" field; add one, or give the value to the scorer: "
          + "Scorers." + alternative);
    }
    return value;
  }

  static String quote(String text) {
    String oneLine = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"");
    return "\"" + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine) + "\"";
  }

  private static String quoteAll(List<String> texts) {
    return texts.stream().map(Scorers::quote).collect(Collectors.joining(", "));
  }

  private static JsonNode parseLenient(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node == null || node.isMissingNode() ? JSON.getNodeFactory().textNode(text) : node;
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(text);
    }
  }

  private static boolean jsonEquals(JsonNode a, JsonNode b) {
    // numbers compare by value at every depth: 2 equals 2.0
    return a.equals((x, y) -> x.isNumber() && y.isNumber()
        ? x.decimalValue().compareTo(y.decimalValue()) : x.equals(y) ? 0 : 1, b);
  }
}
