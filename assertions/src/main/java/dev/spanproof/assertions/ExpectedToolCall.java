package dev.spanproof.assertions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanproof.assertions.internal.Json;
import dev.spanproof.assertions.internal.TraceText;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A tool call a test expects, built with {@link AgentAssertions#call(String)}:
 *
 * <pre>{@code
 * call("calculate").withArguments("{\"a\":2,\"b\":2}").withResult("4")
 * call("search").withArgumentsContaining("{\"query\":\"weather\"}")   // JSON subset
 * call("search")                                                       // arguments ignored
 * call("divide").withArgumentsMatching(args -> args.path("b").asInt() != 0, "a non-zero divisor")
 * call("divide").failedWith("ArithmeticException")
 * }</pre>
 *
 * Arguments are compared as JSON (key order, whitespace and {@code 2} vs {@code 2.0} do not matter).
 * Immutable: every {@code with*} method returns a new expectation.
 */
public final class ExpectedToolCall {

  /** How the arguments are compared. */
  public enum ArgumentMatch {
    /** Not compared. */
    IGNORE,
    /** Equal as JSON. */
    EXACT,
    /** The expected JSON is a subset of the actual arguments. */
    PARTIAL,
    /** A predicate over the parsed arguments decides. */
    CUSTOM
  }

  private final String name;
  private final ArgumentMatch argumentMatch;
  private final String arguments;
  private final JsonNode parsedArguments; // the expected arguments parsed once, not per call compared
  private final Predicate<JsonNode> argumentCondition;
  private final String result;
  private final String error;

  private ExpectedToolCall(String name, ArgumentMatch argumentMatch, String arguments,
      Predicate<JsonNode> argumentCondition, String result, String error) {
    this.name = name;
    this.argumentMatch = argumentMatch;
    this.arguments = arguments;
    this.parsedArguments = argumentMatch == ArgumentMatch.EXACT || argumentMatch == ArgumentMatch.PARTIAL
        ? Json.parseOrNull(arguments) : null;
    this.argumentCondition = argumentCondition;
    this.result = result;
    this.error = error;
  }

  /**
   * Expects a call of the named tool, whatever its arguments.
   *
   * @param name the tool's name
   * @return the expectation
   */
  public static ExpectedToolCall call(String name) {
    Objects.requireNonNull(name, "the tool name must not be null");
    return new ExpectedToolCall(name, ArgumentMatch.IGNORE, null, null, null, null);
  }

  /**
   * Expects exactly these arguments, compared as JSON.
   *
   * @param json the arguments, a JSON object such as {@code {"a":2,"b":2}}
   * @return a new expectation
   * @throws IllegalArgumentException when the text is not JSON
   */
  public ExpectedToolCall withArguments(String json) {
    return new ExpectedToolCall(name, ArgumentMatch.EXACT, requireJson(json), null, result, error);
  }

  /**
   * Expects arguments that contain this JSON: every given field, with the given value.
   *
   * @param json a JSON object, a subset of the arguments
   * @return a new expectation
   * @throws IllegalArgumentException when the text is not JSON
   */
  public ExpectedToolCall withArgumentsContaining(String json) {
    return new ExpectedToolCall(name, ArgumentMatch.PARTIAL, requireJson(json), null, result, error);
  }

  /**
   * Expects arguments for which the condition holds.
   *
   * @param condition a condition over the parsed arguments; it is tried on every call of the tool, and
   *     one it throws on (read a key that may be missing with {@code path}, not {@code get}) does
   *     not match
   * @param description what the condition checks, for failure messages
   * @return a new expectation
   */
  public ExpectedToolCall withArgumentsMatching(Predicate<JsonNode> condition, String description) {
    Objects.requireNonNull(condition, "condition");
    return new ExpectedToolCall(name, ArgumentMatch.CUSTOM, description, condition, result, error);
  }

  /**
   * Expects this result. It matches the recorded result as text or as JSON; {@code *} matches any
   * text.
   *
   * @param result the expected result
   * @return a new expectation
   */
  public ExpectedToolCall withResult(String result) {
    return new ExpectedToolCall(name, argumentMatch, arguments, argumentCondition,
        Objects.requireNonNull(result, "result"), error);
  }

  /**
   * Expects the call to fail with this error type ({@code *} wildcards allowed).
   *
   * @param errorType the expected {@code error.type} (or exception type)
   * @return a new expectation
   */
  public ExpectedToolCall failedWith(String errorType) {
    return new ExpectedToolCall(name, argumentMatch, arguments, argumentCondition, result,
        Objects.requireNonNull(errorType, "errorType"));
  }

  /**
   * Expects the call to fail, whatever the error type.
   *
   * @return a new expectation
   */
  public ExpectedToolCall failed() {
    return failedWith("*");
  }

  /**
   * Returns the tool's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns how arguments are compared.
   *
   * @return the argument match
   */
  public ArgumentMatch argumentMatch() {
    return argumentMatch;
  }

  /**
   * Returns why a tool call does not meet this expectation.
   *
   * @param call the actual call
   * @return the reason, or null when it does
   */
  public String mismatch(ToolCall call) {
    if (!name.equals(call.name())) {
      return "called " + call.name() + "; expected " + name;
    }
    switch (argumentMatch) {
      case EXACT, PARTIAL -> {
        if (call.arguments() == null) {
          return name + " carries no arguments; expected " + arguments
              + " (enable argument capture in the instrumentation, or expect call(\"" + name + "\") alone)";
        }
        // the expected text is compact JSON; instrumentations often record the same text
        boolean ok = arguments.equals(call.arguments());
        if (!ok) {
          // arguments that are not JSON (plain text) are shown, and matched, as a JSON string
          JsonNode actual = Json.parseOrString(call.arguments());
          ok = argumentMatch == ArgumentMatch.EXACT
              ? Json.equivalent(parsedArguments, actual) : Json.isSubset(parsedArguments, actual);
        }
        if (!ok) {
          return name + " was called with " + TraceText.arguments(call.arguments()) + "; expected "
              + (argumentMatch == ArgumentMatch.EXACT ? "" : "arguments containing ") + arguments;
        }
      }
      case CUSTOM -> {
        JsonNode actual = Json.parseOrString(call.arguments());
        String calledWith = name + " was called with "
            + (call.arguments() == null ? "no arguments" : TraceText.arguments(call.arguments())) + "; expected "
            + arguments;
        boolean holds;
        try {
          holds = actual != null && argumentCondition.test(actual);
        } catch (RuntimeException | AssertionError e) {
          // the matcher tries the condition on every call of the tool: one it was not written for
          // (a missing key read with get) is a mismatch of that call, not the assertion's failure
          return calledWith + ", but the condition threw " + e;
        }
        if (!holds) {
          return calledWith;
        }
      }
      default -> { }
    }
    if (result != null) {
      if (call.result() == null) {
        return name + " carries no result; expected → " + result;
      }
      if (!dev.spanproof.assertions.internal.Results.matches(result, call.result())) {
        return name + " returned " + TraceText.result(call.result()) + "; expected → " + result;
      }
    }
    if (error != null) {
      if (call.errorType() == null) {
        return name + " did not fail; expected error: " + error;
      }
      if (!dev.spanproof.assertions.internal.Results.globMatches(error, call.errorType())) {
        return name + " failed with error: " + call.errorType() + "; expected error: " + error;
      }
    }
    return null;
  }

  private static String requireJson(String json) {
    Objects.requireNonNull(json, "arguments must not be null; use call(name) to ignore them");
    JsonNode node = Json.parseOrNull(json);
    if (node == null) {
      throw new IllegalArgumentException("Tool call arguments must be JSON, such as {\"a\":2}, but were: " + json
          + "; to expect arguments recorded as plain text, give them as a JSON string (\"\\\"" + json + "\\\"\")");
    }
    return node.toString();
  }

  /** Returns the expectation in the canonical text: {@code name {args} → result}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(name);
    switch (argumentMatch) {
      case EXACT -> out.append(' ').append(arguments);
      case PARTIAL -> out.append(" containing ").append(arguments);
      case CUSTOM -> out.append(" with ").append(arguments);
      default -> { }
    }
    if (result != null) {
      out.append(" → ").append(result);
    }
    if (error != null) {
      out.append(" error: ").append(error);
    }
    return out.toString();
  }
}
