package dev.spanproof.assertions.error;

import org.assertj.core.error.ErrorMessageFactory;

/** Creates the message of a navigation that found nothing: no such agent, span, LLM call or tool call. */
public class ShouldContainSpan extends Messages {

  /**
   * Creates the factory.
   *
   * @param subject where it was looked for, such as {@code the trace of "addsTwo"}
   * @param what what was looked for, such as {@code an agent named "planner"}
   * @param found what there is instead, such as {@code agents: "assistant"}
   * @param trace the trace tree; may be empty
   * @return the factory
   */
  public static ErrorMessageFactory shouldContainSpan(String subject, String what, String found, String trace) {
    return new ShouldContainSpan(subject, what, found, trace);
  }

  private ShouldContainSpan(String subject, String what, String found, String trace) {
    super("Expecting %s to contain %s but it has none (%s)%s", subject, what, found, ShouldHaveAttribute.in(trace));
  }
}
