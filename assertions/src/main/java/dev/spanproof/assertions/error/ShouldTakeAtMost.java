package dev.spanproof.assertions.error;

import dev.spanproof.assertions.internal.AssertSupport;
import java.time.Duration;
import org.assertj.core.error.ErrorMessageFactory;

/** Creates the message of a duration over its limit: a trace, an agent's run or one span. */
public class ShouldTakeAtMost extends Messages {

  /**
   * Creates the factory.
   *
   * @param subject what took too long, such as {@code agent "planner" of the trace of "addsTwo"}
   * @param max the longest allowed duration
   * @param took how long it took
   * @param trace the trace tree, the span concerned marked; may be empty
   * @return the factory
   */
  public static ErrorMessageFactory shouldTakeAtMost(String subject, Duration max, Duration took, String trace) {
    return new ShouldTakeAtMost(subject, max, took, trace);
  }

  /**
   * Creates the factory for a duration that cannot be known: a span never ended.
   *
   * @param subject what was checked, such as {@code agent "planner" of the trace of "addsTwo"}
   * @param max the longest allowed duration
   * @param open the span that never ended, as the message names it: {@code it}, {@code its span "…"}
   * @param trace the trace tree, the span concerned marked; may be empty
   * @return the factory
   */
  public static ErrorMessageFactory shouldTakeAtMostButNeverEnded(String subject, Duration max, String open,
      String trace) {
    return new ShouldTakeAtMost("Expecting %s to take at most %s but %s never ended, so how long it took is unknown"
        + " (end every span, and let the agent finish before asserting)%s", subject, AssertSupport.duration(max), open,
        ShouldHaveAttribute.in(trace));
  }

  private ShouldTakeAtMost(String format, Object... arguments) {
    super(format, arguments);
  }

  private ShouldTakeAtMost(String subject, Duration max, Duration took, String trace) {
    super("Expecting %s to take at most %s but it took %s%s", subject, AssertSupport.duration(max),
        AssertSupport.durationOver(took, max), ShouldHaveAttribute.in(trace));
  }
}
