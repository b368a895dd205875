package dev.spanproof.assertions.error;

import org.assertj.core.error.ErrorMessageFactory;

/** Creates the message of a failed tool call sequence assertion. */
public class ShouldHaveToolCalls extends Messages {

  /**
   * Creates the factory.
   *
   * @param subject whose tool calls, such as {@code the trace of "addsTwo"}
   * @param mode how they were compared, such as {@code exactly, in order}
   * @param expected the expected calls, one per line, indented
   * @param actual the actual calls, one per line, indented (or a sentence when there were none)
   * @param difference the first difference
   * @param trace the trace tree with the offending span marked; may be empty
   * @return the factory
   */
  public static ErrorMessageFactory shouldHaveToolCalls(String subject, String mode, String expected,
      String actual, String difference, String trace) {
    return new ShouldHaveToolCalls("the tool calls of " + subject, mode, expected, actual, difference, trace);
  }

  /**
   * Creates the factory for the tool calls a model requested (in an LLM call's answer), rather than
   * those the agent executed.
   *
   * @param llmCall the LLM call, such as {@code LLM call "chat gpt-4" of the trace of "addsTwo"}
   * @param mode how they were compared, such as {@code exactly, in order}
   * @param expected the expected calls, one per line, indented
   * @param actual the requested calls, one per line, indented (or a sentence when there were none)
   * @param difference the first difference
   * @param trace the trace tree with the offending span marked; may be empty
   * @return the factory
   */
  public static ErrorMessageFactory shouldHaveRequestedToolCalls(String llmCall, String mode, String expected,
      String actual, String difference, String trace) {
    return new ShouldHaveToolCalls("the tool calls requested in " + llmCall, mode, expected, actual, difference, trace);
  }

  private ShouldHaveToolCalls(String calls, String mode, String expected, String actual,
      String difference, String trace) {
    super("Expecting %s to be %s:\n%s\nbut they were:\n%s\n%s%s",
        calls, mode, expected, actual, difference, trace.isEmpty() ? "" : "\nin the trace:\n" + trace);
  }
}
