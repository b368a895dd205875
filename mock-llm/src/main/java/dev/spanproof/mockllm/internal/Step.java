package dev.spanproof.mockllm.internal;

import dev.spanproof.mockllm.Reply;
import dev.spanproof.mockllm.RequestMatcher;
import dev.spanproof.mockllm.Usage;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One scripted step's settings and use count. Not for public use: users shape steps through
 * {@code ScriptStep}. Mutated only under the owning {@link SessionState}'s lock.
 */
public final class Step {
  /** Uses meaning "repeat forever". */
  public static final int UNLIMITED = -1;

  private final int number;
  private final Reply reply;
  private final RequestMatcher matcher;
  private final boolean fallback;
  private Usage usage;
  private int times = 1;
  private Duration delay = Duration.ZERO;
  private Duration delayUpTo = Duration.ZERO;
  private Duration eventInterval = Duration.ZERO;
  private int cutAfterEvents = -1;
  private int errorAfterEvents = -1;
  private String streamErrorMessage;
  private int used;
  /** Rendered replies to reuse (empty: not templatable); requests render outside the session lock. */
  private final Map<ReplyTemplate.Key, Optional<ReplyTemplate>> templates = new ConcurrentHashMap<>();

  /** A step; {@code number} is its 1-based declaration position. */
  public Step(int number, Reply reply, RequestMatcher matcher, boolean fallback) {
    this.number = number;
    this.reply = reply;
    this.matcher = matcher;
    this.fallback = fallback;
    if (fallback) {
      times = UNLIMITED;
    }
  }

  /** 1-based declaration position. */
  public int number() {
    return number;
  }

  /** The reply. */
  public Reply reply() {
    return reply;
  }

  /** The condition, or null for "any request". */
  public RequestMatcher matcher() {
    return matcher;
  }

  /** Whether this step answers only when no other step does. */
  public boolean fallback() {
    return fallback;
  }

  /** Explicit usage, or null to count tokens. */
  public Usage usage() {
    return usage;
  }

  /** Sets explicit usage. */
  public void usage(Usage value) {
    usage = value;
  }

  /** How many times the step answers, or {@link #UNLIMITED}. */
  public int times() {
    return times;
  }

  /** Sets how many times the step answers. */
  public void times(int value) {
    times = value;
  }

  /** Latency before the response starts. */
  public Duration delay() {
    return delay;
  }

  /** Sets latency before the response starts. */
  public void delay(Duration value) {
    delay = value;
    delayUpTo = Duration.ZERO;
  }

  /** Upper bound of a uniformly random latency (zero: the latency is fixed at {@link #delay()}). */
  public Duration delayUpTo() {
    return delayUpTo;
  }

  /** Sets a uniformly random latency between {@code min} and {@code max}. */
  public void randomDelay(Duration min, Duration max) {
    delay = min;
    delayUpTo = max;
  }

  /** Pause before each streamed event, zero for none. */
  public Duration eventInterval() {
    return eventInterval;
  }

  /** Sets the pause before each streamed event. */
  public void eventInterval(Duration value) {
    eventInterval = value;
  }

  /** Number of events after which the stream ends early, or -1. */
  public int cutAfterEvents() {
    return cutAfterEvents;
  }

  /** Ends the stream after n events. */
  public void cutAfterEvents(int value) {
    cutAfterEvents = value;
  }

  /** Number of events after which an error event is sent, or -1. */
  public int errorAfterEvents() {
    return errorAfterEvents;
  }

  /** The mid-stream error's message. */
  public String streamErrorMessage() {
    return streamErrorMessage;
  }

  /** Sends an error event after n events and ends the stream. */
  public void errorAfterEvents(int value, String message) {
    errorAfterEvents = value;
    streamErrorMessage = message;
  }

  /** The step's reply templates by protocol, model and usage (see {@link ReplyTemplate}). */
  Map<ReplyTemplate.Key, Optional<ReplyTemplate>> templates() {
    return templates;
  }

  /** How many times the step has answered. */
  public int used() {
    return used;
  }

  /** Whether the step can still answer. */
  public boolean available() {
    return times == UNLIMITED || used < times;
  }

  /** Counts one use. */
  public void markUsed() {
    used++;
  }

  /** The step for transcripts and diagnostics: {@code #2 reply "2+2 equals 4"}. */
  public String describe() {
    StringBuilder sb = new StringBuilder("#").append(number).append(' ');
    if (fallback) {
      sb.append("(fallback) ");
    }
    if (matcher != null) {
      sb.append("when ").append(matcher.description()).append(": ");
    }
    sb.append(Text.describeReply(reply));
    return sb.toString();
  }
}
