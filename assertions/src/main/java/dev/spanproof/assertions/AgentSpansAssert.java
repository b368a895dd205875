package dev.spanproof.assertions;

import static dev.spanproof.assertions.error.ShouldContainSpan.shouldContainSpan;
import static org.assertj.core.error.ShouldNotBeNull.shouldNotBeNull;

import dev.spanproof.assertions.error.Messages;
import dev.spanproof.assertions.internal.AssertSupport;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Supplier;
import org.assertj.core.api.AbstractListAssert;
import org.assertj.core.description.Description;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Assertions on a list of spans of a trace (children, descendants, ancestors, a query's result):
 * every AssertJ list assertion, {@code element(i)}/{@code first()}/{@code last()} navigating to an
 * {@link AgentSpanAssert}, and {@link #haveDisplayNames(String...)} in canonical-text words.
 *
 * <pre>{@code
 * assertThat(trace).span("invoke_agent planner").children()
 *     .haveDisplayNames("chat gpt-4o", "execute_tool percentage_change", "invoke_agent data_analyst");
 * }</pre>
 */
public class AgentSpansAssert extends AbstractListAssert<AgentSpansAssert, List<AgentSpan>, AgentSpan, AgentSpanAssert> {

  private AgentSoftAssertions softly; // set on the asserts of AgentSoftAssertions: see Navigation
  private AgentTrace trace;
  private String subject;
  private Description description; // the one describe() gave; null for spans of no trace

  /**
   * Creates an assertion on spans outside any trace context.
   *
   * @param actual the spans
   */
  public AgentSpansAssert(List<AgentSpan> actual) {
    super(actual, AgentSpansAssert.class);
    if (actual instanceof Filtered filtered && filtered.from != null) {
      // AssertJ's soft proxy of a filtered assertion (filteredOn, elements, ...), made from the spans alone
      this.softly = filtered.from.softly;
      this.trace = filtered.from.trace;
      this.subject = filtered.from.subject;
      this.description = filtered.from.description;
      info.description(description);
    } else {
      this.trace = null;
      this.subject = "the spans";
      this.description = null;
    }
  }

  /**
   * Creates an assertion on spans of a trace.
   *
   * @param actual the spans
   * @param trace the trace, shown in failure messages; may be null
   * @param subject what the spans are, such as {@code the children of "invoke_agent planner"}
   */
  public AgentSpansAssert(List<AgentSpan> actual, AgentTrace trace, String subject) {
    super(actual, AgentSpansAssert.class);
    this.trace = trace;
    this.subject = subject;
    this.description = AssertSupport.describe(this, subject);
  }

  /**
   * Verifies that the spans have exactly these display names (or span names), in this order;
   * {@code *} wildcards allowed.
   *
   * @param names the expected names
   * @return this assertion object
   * @throws AssertionError if a name differs or the counts differ
   */
  public AgentSpansAssert haveDisplayNames(String... names) {
    Objects.requireNonNull(names, "haveDisplayNames(null): the display names must not be null; pass none for no span");
    for (int i = 0; i < names.length; i++) {
      Objects.requireNonNull(names[i], "haveDisplayNames(…): display name #" + (i + 1) + " is null");
    }
    isNotNull();
    List<String> actualNames = new ArrayList<>();
    actual.forEach(s -> actualNames.add(s.displayName()));
    boolean same = names.length == actual.size();
    for (int i = 0; same && i < names.length; i++) {
      AgentSpan span = actual.get(i);
      same = dev.spanproof.assertions.internal.Results.globMatches(names[i], span.displayName())
          || dev.spanproof.assertions.internal.Results.globMatches(names[i], span.name());
    }
    if (!same) {
      throwAssertionError(Messages.message("Expecting %s to be:\n  %s\nbut they were:\n  %s%s", subject,
          String.join("\n  ", names), actualNames.isEmpty() ? "(no span)" : String.join("\n  ", actualNames),
          AssertSupport.inTrace(trace)));
    }
    return myself;
  }

  /**
   * Navigates to the first span, as AssertJ's {@code first()} does; under {@link AgentSoftAssertions} the
   * span's assertion is soft and keeps the trace for its messages.
   *
   * @return an assertion on the first span
   * @throws AssertionError if there is no span (collected instead, under soft assertions)
   */
  @Override
  public AgentSpanAssert first() {
    return element(() -> {
      requireIndex(0, "a first span");
      return super.first();
    }, () -> hardCopy().requireIndex(0, "a first span").first());
  }

  /**
   * Navigates to the last span, as AssertJ's {@code last()} does (soft under {@link AgentSoftAssertions}).
   *
   * @return an assertion on the last span
   * @throws AssertionError if there is no span (collected instead, under soft assertions)
   */
  @Override
  public AgentSpanAssert last() {
    return element(() -> {
      requireIndex(actual == null ? 0 : actual.size() - 1, "a last span");
      return super.last();
    }, () -> hardCopy().requireIndex(actual == null ? 0 : actual.size() - 1, "a last span").last());
  }

  /**
   * Navigates to the span at an index, as AssertJ's {@code element(int)} does (soft under
   * {@link AgentSoftAssertions}).
   *
   * @param index the position, from 0
   * @return an assertion on that span
   * @throws AssertionError if there is no span at that index (collected instead, under soft assertions)
   */
  @Override
  public AgentSpanAssert element(int index) {
    return element(() -> {
      requireIndex(index, "span #" + (index + 1));
      return super.element(index);
    }, () -> hardCopy().requireIndex(index, "span #" + (index + 1)).element(index));
  }

  /**
   * Fails, as spanproof's other navigations do (what there is instead, and the trace), when there
   * is no span at the index; AssertJ's own message names neither.
   */
  private AgentSpansAssert requireIndex(int index, String what) {
    isNotNull();
    if (index < 0 || index >= actual.size()) {
      throwAssertionError(shouldContainSpan(subject, what,
          actual.isEmpty() ? "no span" : actual.size() == 1 ? "1 span" : actual.size() + " spans",
          AssertSupport.tree(trace)));
    }
    return this;
  }

  /**
   * Navigates to the only span, as AssertJ's {@code singleElement()} does (soft under
   * {@link AgentSoftAssertions}).
   *
   * @return an assertion on that span
   * @throws AssertionError if there is not exactly one span (collected instead, under soft assertions)
   */
  @Override
  public AgentSpanAssert singleElement() {
    return element(super::singleElement, () -> hardCopy().singleElement());
  }

  /**
   * AssertJ's element navigation: {@code hard} on a hard assertion, with the stack trace of its failure
   * starting at the test; {@code soft}, on a hard copy of this one, under soft assertions.
   */
  private AgentSpanAssert element(Supplier<AgentSpanAssert> hard,
      Supplier<AgentSpanAssert> soft) {
    if (softly != null) {
      return Navigation.navigate(softly, AgentSpanAssert.class, soft);
    }
    try {
      return hard.get();
    } catch (AssertionError failure) {
      throw AssertSupport.fromTest(failure);
    }
  }

  /** This assertion as a hard one, for a soft navigation to run AssertJ's own element navigation on. */
  private AgentSpansAssert hardCopy() {
    AgentSpansAssert hard = new AgentSpansAssert(actual);
    hard.softly = null; // the spans of a filtered assertion bring its collector along
    hard.trace = trace;
    hard.subject = subject;
    hard.description = description;
    hard.info = info;
    return hard;
  }

  @Override
  protected AgentSpanAssert toAssert(AgentSpan value, String description) {
    return new AgentSpanAssert(value, trace).as(description);
  }

  @Override
  protected AgentSpansAssert newAbstractIterableAssert(Iterable<? extends AgentSpan> iterable) {
    List<AgentSpan> spans = new ArrayList<>();
    iterable.forEach(spans::add);
    Filtered filtered = new Filtered(spans);
    AgentSpansAssert next = new AgentSpansAssert(filtered, trace, subject);
    next.softly = softly;
    filtered.from = next;
    return next;
  }

  /**
   * The spans of a filtered assertion, with that assertion: under soft assertions AssertJ replaces what
   * {@link #newAbstractIterableAssert} returns by a proxy made from the actual value alone, and the
   * one-argument constructor takes the trace, the subject and the soft collector back from here.
   */
  private static final class Filtered extends AbstractList<AgentSpan> implements RandomAccess {
    private final List<AgentSpan> spans;
    private AgentSpansAssert from;

    Filtered(List<AgentSpan> spans) {
      this.spans = spans;
    }

    @Override
    public AgentSpan get(int index) {
      return spans.get(index);
    }

    @Override
    public int size() {
      return spans.size();
    }
  }

  /**
   * Verifies that the actual value is not null, failing (as every assertion of this class) with the
   * stack trace starting at the test: AssertJ's own check would keep spanproof's frames on top.
   *
   * @return this assertion object
   * @throws AssertionError if the actual value is null
   */
  @Override
  public AgentSpansAssert isNotNull() {
    if (actual == null) {
      throwAssertionError(shouldNotBeNull());
    }
    return myself;
  }

  /** Fails with the stack trace starting at the test, without spanproof's frames. */
  @Override
  protected void throwAssertionError(ErrorMessageFactory errorMessageFactory) {
    throw AssertSupport.failure(info, description, errorMessageFactory);
  }
}
