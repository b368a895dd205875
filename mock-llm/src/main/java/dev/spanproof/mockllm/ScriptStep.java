package dev.spanproof.mockllm;

import dev.spanproof.mockllm.internal.Step;
import java.time.Duration;

/**
 * A step just added to a {@link Script}: refine it ({@link #usage}, {@link #times}, {@link #delay}, stream
 * faults…) and chain the next one ({@link #thenReply}…). Chained steps are plain ordered steps, without
 * the condition of a {@link Script#when} step.
 *
 * <p>A refinement that is refused (a negative count, {@code times} on a fallback, ...) throws and takes the
 * step back out of the script, so that a caught refusal leaves no step half made.
 */
public final class ScriptStep {
  private final Script script;
  private final Step step;

  ScriptStep(Script script, Step step) {
    this.script = script;
    this.step = step;
  }

  /**
   * The usage to report for this step. Without it the mock counts tokens from the request and the reply
   * with a real tokenizer.
   */
  public ScriptStep usage(int inputTokens, int outputTokens) {
    Usage usage;
    try {
      usage = new Usage(inputTokens, outputTokens);
    } catch (RuntimeException e) {
      throw refused(e);
    }
    synchronized (script.state()) {
      step.usage(usage);
    }
    return this;
  }

  /**
   * The step answers {@code n} requests (default 1).
   *
   * @throws IllegalStateException on an {@link Script#otherwise()} step: fallbacks answer every unmatched
   *     request, however many there are
   */
  public ScriptStep times(int n) {
    if (step.fallback()) {
      throw refused(new IllegalStateException("times(" + n + ") on an otherwise() step: fallbacks answer every unmatched "
          + "request, however many; for a reply used " + n + " times script a step without otherwise(), e.g. "
          + "when(...).reply(...).times(" + n + ")"));
    }
    if (n < 1) {
      throw refused(new IllegalArgumentException("a step answers at least once, got times(" + n + "); remove the step"
          + " instead"));
    }
    synchronized (script.state()) {
      step.times(n);
    }
    return this;
  }

  /** The step answers every request that reaches it, forever (it is reported unused only if never used). */
  public ScriptStep always() {
    synchronized (script.state()) {
      step.times(Step.UNLIMITED);
    }
    return this;
  }

  /** Latency before the response starts (time to first byte). */
  public ScriptStep delay(Duration latency) {
    if (latency == null) {
      throw refused(new NullPointerException("latency"));
    }
    if (latency.isNegative()) {
      throw refused(new IllegalArgumentException("latency cannot be negative: " + latency));
    }
    synchronized (script.state()) {
      step.delay(latency);
    }
    return this;
  }

  /**
   * A uniformly random latency between {@code min} and {@code max} before the response starts (WireMock's
   * uniform delay distribution; not reproducible run to run, so assert bounds, not exact times).
   */
  public ScriptStep randomDelay(Duration min, Duration max) {
    if (min == null || max == null) {
      throw refused(new NullPointerException(min == null ? "min" : "max"));
    }
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw refused(new IllegalArgumentException("a random delay needs 0 <= min <= max, got " + min + " and " + max));
    }
    synchronized (script.state()) {
      step.randomDelay(min, max);
    }
    return this;
  }

  /**
   * For streamed replies: a pause before each event (so the first event arrives after {@code interval},
   * plus any {@link #delay}). Each event arrives whole; see the README on how this works within WireMock.
   */
  public ScriptStep streamEventsEvery(Duration interval) {
    if (interval == null) {
      throw refused(new NullPointerException("interval"));
    }
    if (interval.isNegative()) {
      throw refused(new IllegalArgumentException("the interval cannot be negative: " + interval));
    }
    synchronized (script.state()) {
      step.eventInterval(interval);
    }
    return this;
  }

  /**
   * For streamed replies: the stream ends after {@code events} events, without the protocol's terminal
   * event ({@code [DONE]}, {@code message_stop}, {@code response.completed}, the final chunk). The HTTP
   * response itself ends normally. A non-streamed request gets the whole reply.
   */
  public ScriptStep cutStreamAfter(int events) {
    if (events < 0) {
      throw refused(new IllegalArgumentException("the number of events cannot be negative, got " + events));
    }
    synchronized (script.state()) {
      step.cutAfterEvents(events);
    }
    return this;
  }

  /**
   * For streamed replies: after {@code events} events the stream sends the provider's mid-stream error event
   * with the message, and ends. A non-streamed request gets the whole reply.
   */
  public ScriptStep failStreamAfter(int events, String message) {
    if (events < 0) {
      throw refused(new IllegalArgumentException("the number of events cannot be negative, got " + events));
    }
    synchronized (script.state()) {
      step.errorAfterEvents(events, message == null ? "scripted stream error" : message);
    }
    return this;
  }

  /** Takes the step back out of the script and returns the refusal to throw. */
  private RuntimeException refused(RuntimeException refusal) {
    script.state().withdraw(step);
    return refusal;
  }

  /** Adds the next step: a text reply. */
  public ScriptStep thenReply(String text) {
    return script.plain().reply(text);
  }

  /** Adds the next step: one tool call. */
  public ScriptStep thenReplyWithToolCall(String name, String argumentsJson) {
    return script.plain().replyWithToolCall(name, argumentsJson);
  }

  /** Adds the next step: several tool calls in one turn. */
  public ScriptStep thenReplyWithToolCalls(ToolCall... calls) {
    return script.plain().replyWithToolCalls(calls);
  }

  /** Adds the next step: text followed by tool calls in the same turn. */
  public ScriptStep thenReplyWithTextAndToolCalls(String text, ToolCall... calls) {
    return script.plain().replyWithTextAndToolCalls(text, calls);
  }

  /** Adds the next step: a failure. */
  public ScriptStep thenFail(Fault fault) {
    return script.plain().fail(fault);
  }

  /** The script, to add further steps of any kind ({@code when}, {@code otherwise}…). */
  public Script then() {
    return script.plain();
  }

  /** The reply this step gives. */
  public Reply reply() {
    return step.reply();
  }

  /** How many times the step has answered so far. */
  public int timesUsed() {
    synchronized (script.state()) {
      return step.used();
    }
  }
}
