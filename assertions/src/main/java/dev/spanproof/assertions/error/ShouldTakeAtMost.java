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

  private ShouldTakeAtMost(String subject, Duration max, Duration took, String trace) {
    super("Expecting %s to take at most %s but it took %s%s", subject, AssertSupport.duration(max),
        AssertSupport.duration(took), ShouldHaveAttribute.in(trace));
  }
}
