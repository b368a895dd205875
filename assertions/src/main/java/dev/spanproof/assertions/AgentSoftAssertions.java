package dev.spanproof.assertions;

import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.api.StandardSoftAssertionsProvider;

/**
 * Soft assertions for agent traces: every failure is collected and reported together by
 * {@link #assertAll()}.
 *
 * <pre>{@code
 * AgentSoftAssertions softly = new AgentSoftAssertions();
 * softly.assertThat(trace).hasShape("invoke_agent assistant\n  ...");
 * softly.assertThat(trace).isWellInstrumented();
 * softly.assertThat(trace).tokens().total().isAtMost(2_000);
 * softly.assertThat(trace).agent("planner").toolCalls().calledOnce("search");
 * softly.assertAll();
 * }</pre>
 *
 * <p>Navigation stays soft: the assertions reached from a soft one ({@code toolCalls()},
 * {@code agent(name)}, {@code tokens().total()}, {@code span(name).children().first()}, ...) are soft too,
 * and keep the trace for their messages. When a navigation itself fails (no agent of that name, no such
 * span, no call at that index), its failure is collected and the rest of that chain is skipped, since there
 * is nothing to check it on: one failure, not one per assertion after it.
 *
 * <p>Two kinds of assertion are not spanproof's and behave as their owners made them: OpenTelemetry's
 * {@code SpanDataAssert}, reached by {@code spanData()}, is final and stays hard (wrap such chains in
 * {@link SoftAssertionsProvider#check check}, which collects their failure too); AssertJ's own list
 * navigation on spans ({@code filteredOn}, {@code elements}, ...) stays soft and keeps spanproof's
 * messages, while what {@code extracting} and the like return are AssertJ's soft assertions.
 *
 * <p>Navigation is soft for the assertions this class makes. An assertion of spanproof's proxied by another
 * provider ({@code SoftAssertions.proxy(AgentTraceAssert.class, ...)}) is soft for its own checks only, and
 * its navigation hard, as AssertJ makes it. Like AssertJ's, one instance is meant for one thread:
 * {@link #wasSuccess()} describes the last assertion of whichever thread ran one.
 */
public class AgentSoftAssertions extends AbstractSoftAssertions implements StandardSoftAssertionsProvider {

  /**
   * The collector that reports this one's failures; null for one the user made. A quiet collector (one with an
   * owner) makes the rest of a chain after a failed navigation, and drops its failures: the owner has the one
   * that counts.
   */
  private final AgentSoftAssertions owner;
  /** This collector's quiet one, made when a navigation first fails. */
  private AgentSoftAssertions quiet;
  /** Set when a navigation's failure was collected, so that AssertJ's "call succeeded" after it is ignored. */
  private boolean navigationFailed;
  private String lastNavigationFailure = "";

  /** Creates an empty collector. */
  public AgentSoftAssertions() {
    this(null);
  }

  private AgentSoftAssertions(AgentSoftAssertions owner) {
    this.owner = owner;
  }

  /**
   * Creates a soft assertion on an agent trace.
   *
   * @param actual the trace
   * @return the soft assertion
   */
  public AgentTraceAssert assertThat(AgentTrace actual) {
    return Navigation.soften(this, AgentTraceAssert.class, new AgentTraceAssert(actual));
  }

  /**
   * Runs soft assertions and then {@link #assertAll()}.
   *
   * @param softly the assertions to run
   */
  public static void assertSoftly(java.util.function.Consumer<AgentSoftAssertions> softly) {
    SoftAssertionsProvider.assertSoftly(AgentSoftAssertions.class, softly);
  }

  /**
   * Collects a failure, unless this collector makes the rest of a chain after a failed navigation.
   *
   * @param error the failure
   */
  @Override
  public void collectAssertionError(AssertionError error) {
    if (owner == null) {
      super.collectAssertionError(error);
    }
  }

  /**
   * Records that the last soft assertion succeeded, unless it was a navigation that failed: AssertJ reports
   * the navigation's call as a success, since spanproof caught its failure to go on with the chain.
   */
  @Override
  public void succeeded() {
    if (navigationFailed) {
      navigationFailed = false;
    } else {
      super.succeeded();
    }
  }

  /** Collects the failure of a navigation, whose chain goes on quietly. */
  void collectNavigationFailure(AssertionError failure) {
    collectAssertionError(failure);
    navigationFailed = true;
    String message = String.valueOf(failure.getMessage()).strip();
    lastNavigationFailure = message.lines().findFirst().orElse(message);
  }

  /** Whether this collector makes the rest of a chain after a failed navigation. */
  boolean isQuiet() {
    return owner != null;
  }

  /** The first line of the navigation failure that this quiet collector's chains follow. */
  String quietBecause() {
    return owner == null ? lastNavigationFailure : owner.lastNavigationFailure;
  }

  /** An assertion of {@code type} whose failures nobody reports: the rest of a chain after a failed navigation. */
  <A extends org.assertj.core.api.AbstractAssert<?, ?>> A quietAssert(Class<A> type) {
    AgentSoftAssertions collector = owner != null ? this : quiet;
    if (collector == null) {
      collector = quiet = new AgentSoftAssertions(this);
    }
    return Navigation.soften(collector, type, null);
  }
}
