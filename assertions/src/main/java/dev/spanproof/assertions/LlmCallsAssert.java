package dev.spanproof.assertions;

import static dev.spanproof.assertions.error.ShouldContainSpan.shouldContainSpan;
import static dev.spanproof.assertions.error.ShouldHaveCount.shouldHaveCount;
import static dev.spanproof.assertions.error.ShouldHaveNoErrors.shouldHaveNoErrors;
import static org.assertj.core.error.ShouldNotBeNull.shouldNotBeNull;

import dev.spanproof.assertions.error.Messages;
import dev.spanproof.assertions.internal.AssertSupport;
import dev.spanproof.assertions.internal.Results;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions on the LLM calls of a trace or an agent run, in tree order.
 *
 * <pre>{@code
 * assertThat(trace).llmCalls().hasSize(2).allHaveUsage();
 * assertThat(trace).llmCalls().model("gpt-4o*").tokens().total().isAtMost(1_000);
 * assertThat(trace).llmCalls().first().hasFinishReason("tool_calls");
 * }</pre>
 */
public class LlmCallsAssert extends AbstractAssert<LlmCallsAssert, List<LlmCall>> {

  private AgentSoftAssertions softly; // set on the asserts of AgentSoftAssertions: see Navigation
  private AgentTrace trace;
  private String subject;
  // set by model(glob): the glob, and the models of the calls it chose from, for tokens()
  private String modelGlob;
  private String modelSubject;
  private List<String> modelsSeen = List.of();

  /**
   * Creates an assertion on LLM calls that belong to no trace.
   *
   * @param actual the LLM calls
   */
  public LlmCallsAssert(List<LlmCall> actual) {
    this(actual, null, "the LLM calls");
  }

  /**
   * Creates an assertion on the LLM calls of part of a trace.
   *
   * @param actual the LLM calls
   * @param trace the trace, shown in failure messages; may be null
   * @param subject whose calls, such as {@code the trace of "addsTwo"}
   */
  public LlmCallsAssert(List<LlmCall> actual, AgentTrace trace, String subject) {
    super(actual, LlmCallsAssert.class);
    this.trace = trace;
    this.subject = subject;
  }

  /**
   * Verifies the number of LLM calls.
   *
   * @param expected the expected number
   * @return this assertion object
   * @throws AssertionError if it differs
   */
  public LlmCallsAssert hasSize(int expected) {
    isNotNull();
    if (actual.size() != expected) {
      throwAssertionError(shouldHaveCount(subject, expected, "LLM calls", actual.size(), listing(), AssertSupport.tree(trace)));
    }
    return myself;
  }

  /**
   * Verifies that no LLM call was made.
   *
   * @return this assertion object
   * @throws AssertionError if one was
   */
  public LlmCallsAssert isEmpty() {
    return hasSize(0);
  }

  /**
   * Navigates to the number of LLM calls, for budgets: {@code llmCalls().count().isAtMost(5)}. A
   * request traced twice (one of these calls nested in another) counts once, as in
   * {@link AgentTraceAssert#llmCallCount()}; {@link #hasSize(int)} counts every call.
   *
   * @return an assertion on the count
   */
  @CheckReturnValue
  public CountAssert count() {
    return Navigation.next(this, softly, CountAssert.class, () -> {
      isNotNull();
      return new CountAssert(AgentTrace.countLlmRequests(actual.stream().map(LlmCall::node).toList()), trace,
          "the number of LLM calls of " + subject);
    });
  }

  /**
   * Verifies that every LLM call reports token usage.
   *
   * @return this assertion object
   * @throws AssertionError naming the first call without usage
   */
  public LlmCallsAssert allHaveUsage() {
    isNotNull();
    for (LlmCall call : actual) {
      if (!call.hasUsage()) {
        throwAssertionError(Messages.message("Expecting every LLM call of %s to report token usage but \"%s\" reports none"
                + " (no gen_ai.usage.input_tokens/output_tokens: enable usage in the instrumentation, or for streams"
                + " ask the provider to include usage)%s",
            subject, call.node().displayName(),
            trace == null ? "" : "\nin the trace:\n" + AssertSupport.markedTree(trace, call.node(), "no token usage")));
      }
    }
    return myself;
  }

  /**
   * Verifies that no LLM call failed.
   *
   * @return this assertion object
   * @throws AssertionError listing the failed calls
   */
  public LlmCallsAssert haveNoErrors() {
    isNotNull();
    List<LlmCall> failed = actual.stream().filter(c -> c.errorType() != null).toList();
    if (!failed.isEmpty()) {
      List<String> lines = failed.stream().map(c -> "  " + c.node().displayName() + "  error: " + c.errorType()).toList();
      throwAssertionError(shouldHaveNoErrors("the LLM calls of " + subject, String.join("\n", lines),
          trace == null ? "" : AssertSupport.markedTree(trace, failed.get(0).node(), "error: " + failed.get(0).errorType())));
    }
    return myself;
  }

  /**
   * Navigates to the calls of one model (the responding or requested model; {@code *} wildcards).
   *
   * @param modelGlob the model, such as {@code "gpt-4o*"}
   * @return an assertion on those calls
   */
  @CheckReturnValue
  public LlmCallsAssert model(String modelGlob) {
    Objects.requireNonNull(modelGlob, "model(null): the model must not be null");
    return Navigation.next(this, softly, LlmCallsAssert.class, () -> {
      isNotNull();
      List<LlmCall> calls = actual.stream().filter(c -> matchesModel(c, modelGlob)).toList();
      LlmCallsAssert ofModel = new LlmCallsAssert(calls, trace, subject + " (model " + modelGlob + ")");
      ofModel.modelGlob = modelGlob;
      ofModel.modelsSeen = actual.stream()
          .flatMap(c -> Stream.of(c.responseModel(), c.requestModel()))
          .filter(Objects::nonNull).distinct().toList();
      ofModel.modelSubject = subject;
      return ofModel;
    });
  }

  static boolean matchesModel(LlmCall call, String modelGlob) {
    return (call.responseModel() != null && Results.globMatches(modelGlob, call.responseModel()))
        || (call.requestModel() != null && Results.globMatches(modelGlob, call.requestModel()));
  }

  /**
   * Navigates to the tokens these calls used.
   *
   * @return an assertion on their summed usage
   */
  @CheckReturnValue
  public TokenUsageAssert tokens() {
    return Navigation.next(this, softly, TokenUsageAssert.class, () -> {
      isNotNull();
      if (modelGlob != null && actual.isEmpty()) {
        // a mistyped model would otherwise read 0 tokens, and pass every budget
        throwAssertionError(Messages.message("Expecting %s to have LLM calls of model %s, to sum their tokens, but no"
            + " LLM call matches %s (%s)%s", modelSubject, modelGlob, modelGlob,
            modelsSeen.isEmpty() ? "there is no LLM call at all"
                : "models seen: " + String.join(", ", modelsSeen),
            AssertSupport.inTrace(trace)));
      }
      List<AgentSpan> spans = actual.stream().map(LlmCall::node).toList();
      return TokenUsageAssert.of(AgentTrace.usageOf(spans, AgentTrace.identitySet(spans)), trace,
          "the LLM calls of " + subject);
    });
  }

  /**
   * Navigates to one LLM call.
   *
   * @param index the position, from 0, in tree order
   * @return an assertion on that call
   * @throws AssertionError if there is no such call
   * @throws IllegalArgumentException if the index is negative
   */
  @CheckReturnValue
  public LlmCallAssert element(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("element(" + index + "): the index counts from 0, the first LLM call;"
          + " use last() for the last one");
    }
    return at(index, "LLM call #" + (index + 1));
  }

  /**
   * Navigates to the first LLM call.
   *
   * @return an assertion on it
   * @throws AssertionError if there is no LLM call
   */
  @CheckReturnValue
  public LlmCallAssert first() {
    return at(0, "LLM call #1");
  }

  /**
   * Navigates to the last LLM call.
   *
   * @return an assertion on it
   * @throws AssertionError if there is no LLM call
   */
  @CheckReturnValue
  public LlmCallAssert last() {
    return at(actual == null ? 0 : actual.size() - 1, "a last LLM call"); // at() fails first on a null list
  }

  private LlmCallAssert at(int index, String what) {
    return Navigation.next(this, softly, LlmCallAssert.class, () -> {
      isNotNull();
      if (index < 0 || index >= actual.size()) {
        throwAssertionError(shouldContainSpan(subject, what, actual.size() + " LLM calls", AssertSupport.tree(trace)));
      }
      return new LlmCallAssert(actual.get(index), trace);
    });
  }

  private String listing() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < actual.size(); i++) {
      lines.add("  " + (i + 1) + ". " + actual.get(i));
    }
    return String.join("\n", lines);
  }

  /**
   * Verifies that the actual value is not null, failing (as every assertion of this class) with the
   * stack trace starting at the test: AssertJ's own check would keep spanproof's frames on top.
   *
   * @return this assertion object
   * @throws AssertionError if the actual value is null
   */
  @Override
  public LlmCallsAssert isNotNull() {
    if (actual == null) {
      throwAssertionError(shouldNotBeNull());
    }
    return myself;
  }

  /** Fails with the stack trace starting at the test, without spanproof's frames. */
  @Override
  protected void throwAssertionError(ErrorMessageFactory errorMessageFactory) {
    throw AssertSupport.failure(info, errorMessageFactory);
  }
}
