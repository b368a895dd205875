package dev.spanproof.mockllm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanproof.mockllm.internal.Json;
import dev.spanproof.mockllm.internal.SessionState;
import dev.spanproof.mockllm.internal.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A session's script: steps that answer the agent's requests, in declaration order.
 *
 * <p>A request is answered by the first step that has uses left and whose condition ({@link #when}) holds
 * (a step without a condition takes any request, so plain steps answer in order); when none does, by
 * the first matching {@link #otherwise()} step; when none does either, the mock answers with the
 * provider's error shape and records a problem showing the request and the nearest step.
 *
 * <p>Each method adds a step and returns it as a {@link ScriptStep} to refine ({@code usage}, {@code times},
 * faults…) or to chain the next step ({@code thenReply}…).
 */
public final class Script {
  private final SessionState state;
  private final RequestMatcher matcher;
  private final boolean fallback;

  Script(SessionState state, RequestMatcher matcher, boolean fallback) {
    this.state = state;
    this.matcher = matcher;
    this.fallback = fallback;
  }

  /** Adds a step answering with text. */
  public ScriptStep reply(String text) {
    return add(new Reply.Text(text));
  }

  /**
   * Adds a step answering with one tool call; the mock generates its id ({@code call_1}, {@code toolu_1}…).
   *
   * @param name the tool's name
   * @param argumentsJson the arguments, a JSON object text such as {@code {"a":2,"b":2}}
   * @throws IllegalArgumentException when the arguments are not a JSON object
   */
  public ScriptStep replyWithToolCall(String name, String argumentsJson) {
    return add(new Reply.ToolCalls(null, List.of(checked(ToolCall.of(name, argumentsJson)))));
  }

  /** Adds a step answering with several tool calls in one turn (parallel tool calls). */
  public ScriptStep replyWithToolCalls(ToolCall... calls) {
    List<ToolCall> list = new ArrayList<>();
    for (ToolCall c : calls) {
      list.add(checked(Objects.requireNonNull(c, "tool call")));
    }
    return add(new Reply.ToolCalls(null, list));
  }

  /** Adds a step answering with text followed by tool calls in the same turn. */
  public ScriptStep replyWithTextAndToolCalls(String text, ToolCall... calls) {
    List<ToolCall> list = new ArrayList<>();
    for (ToolCall c : calls) {
      list.add(checked(Objects.requireNonNull(c, "tool call")));
    }
    return add(new Reply.ToolCalls(text, list));
  }

  /** Adds a step with any reply. */
  public ScriptStep replyWith(Reply reply) {
    Objects.requireNonNull(reply, "reply");
    if (reply instanceof Reply.ToolCalls tc) {
      tc.calls().forEach(Script::checked);
    }
    return add(reply);
  }

  /** Adds a step that fails with the fault, in the provider's error shape. */
  public ScriptStep fail(Fault fault) {
    return add(new Reply.Failure(fault));
  }

  /** Adds a step answering HTTP 429 with {@code Retry-After}. */
  public ScriptStep failWithRateLimit(Duration retryAfter) {
    return fail(Fault.rateLimited(retryAfter));
  }

  /** Adds a step answering the HTTP error status (e.g. 500, 503) with a message. */
  public ScriptStep failWithStatus(int status, String message) {
    return fail(Fault.httpError(status, message));
  }

  /** Adds a step answering "overloaded" (Anthropic 529 {@code overloaded_error}, 503 elsewhere). */
  public ScriptStep failOverloaded() {
    return fail(Fault.overloaded());
  }

  /**
   * The steps added through the returned script answer only requests that satisfy the condition (combined
   * with any condition this script already has).
   *
   * <pre>{@code
   * llm.script().when(RequestMatcher.hasToolResult("calculate", "4")).reply("2+2 equals 4");
   * }</pre>
   */
  public Script when(RequestMatcher condition) {
    Objects.requireNonNull(condition, "condition");
    return new Script(state, matcher == null ? condition : matcher.and(condition), fallback);
  }

  /**
   * The steps added through the returned script answer, repeatedly, requests no other step answers. They
   * are never reported as unused, and take no {@link ScriptStep#times} (they answer every such request).
   */
  public Script otherwise() {
    return new Script(state, matcher, true);
  }

  /** Unused steps are no longer reported as problems (unmatched requests still are). */
  public Script lenient() {
    state.strict(false);
    return this;
  }

  /** Unused steps are reported as problems (the default). */
  public Script strict() {
    state.strict(true);
    return this;
  }

  /**
   * Adds the steps of a script file: YAML ({@code .yaml}/{@code .yml}) or JSON. See the README for the format:
   * <pre>
   * steps:
   *   - toolCalls: [{name: calculate, arguments: {a: 2, b: 2}}]
   *     usage: {input: 10, output: 15}
   *   - reply: "2+2 equals 4"
   * fallback:
   *   - reply: "I can only add."
   * </pre>
   *
   * @throws IllegalArgumentException naming the file, the place in it and what was wrong; nothing is added then
   * @throws java.io.UncheckedIOException when the file cannot be read
   */
  public Script load(java.nio.file.Path file) {
    String text;
    try {
      text = java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read script file " + file + ": " + e.getMessage(), e);
    }
    ScriptLoader.load(this, text, file.toString());
    return this;
  }

  /**
   * Adds the steps of a script given as YAML or JSON text (the format of {@link #load(java.nio.file.Path)}).
   *
   * @throws IllegalArgumentException saying where and what was wrong; nothing is added then
   */
  public Script loadText(String yamlOrJson) {
    ScriptLoader.load(this, yamlOrJson, "text");
    return this;
  }

  /** The same script without a condition or fallback mode: where {@code then…} chaining continues. */
  Script plain() {
    return new Script(state, null, false);
  }

  SessionState state() {
    return state;
  }

  private ScriptStep add(Reply reply) {
    Step step = state.addStep(reply, matcher, fallback);
    return new ScriptStep(this, step);
  }

  /** Rejects arguments that are not a JSON object text; the script loader checks its tool calls with it too. */
  static ToolCall checked(ToolCall call) {
    JsonNode arguments;
    try {
      arguments = Json.wholeValue(call.arguments());
    } catch (IllegalArgumentException e) {
      throw notAnObject(call, e);
    }
    if (arguments == null) {
      throw new IllegalArgumentException("tool call " + call.name() + ": arguments must be one JSON object text such as "
          + "{\"a\":2} with nothing after it, got " + call.arguments() + "; remove what follows the object");
    }
    if (!arguments.isObject()) {
      throw notAnObject(call, null);
    }
    return call;
  }

  private static IllegalArgumentException notAnObject(ToolCall call, Exception cause) {
    return new IllegalArgumentException("tool call " + call.name() + ": arguments must be a JSON object text such as "
        + "{\"a\":2}, got " + call.arguments(), cause);
  }
}
