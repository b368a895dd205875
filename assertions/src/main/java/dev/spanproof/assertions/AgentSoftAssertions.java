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
 * navigation on spans ({@code filteredOn}, {@code extracting}, ...) is soft as AssertJ makes it.
 */
public class AgentSoftAssertions extends AbstractSoftAssertions implements StandardSoftAssertionsProvider {

  /** False for the collector of the chains after a failed navigation, whose failures are not reported. */
  private final boolean reportsFailures;
  /** Set when a navigation's failure was collected, so that AssertJ's "call succeeded" after it is ignored. */
  private boolean navigationFailed;
  private AgentSoftAssertions skippedChains;
  /** The collector whose failed navigations this one's chains follow; null for a reporting collector. */
  private AgentSoftAssertions reporting;
  private String lastNavigationFailure = "";

  /** Creates an empty collector. */
  public AgentSoftAssertions() {
    this(true);
  }

  private AgentSoftAssertions(boolean reportsFailures) {
    this.reportsFailures = reportsFailures;
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
   * Collects a failure, unless this is the collector of the chains after a failed navigation.
   *
   * @param error the failure
   */
  @Override
  public void collectAssertionError(AssertionError error) {
    if (reportsFailures) {
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

  /** Collects the failure of a navigation, whose chain goes on skipped. */
  void collectNavigationFailure(AssertionError failure) {
    collectAssertionError(failure);
    navigationFailed = true;
    String message = String.valueOf(failure.getMessage()).strip();
    lastNavigationFailure = message.lines().findFirst().orElse(message);
  }

  /** The first line of the failure that skipped this collector's chains. */
  String skippedBecause() {
    return reporting == null ? lastNavigationFailure : reporting.lastNavigationFailure;
  }

  /** Whether this collector's chains are the skipped rest of a failed navigation. */
  boolean skipsChain() {
    return !reportsFailures;
  }

  /** An assertion of {@code type} on nothing, whose failures are not reported: the rest of a failed chain. */
  <A extends org.assertj.core.api.AbstractAssert<?, ?>> A skippedChain(Class<A> type) {
    if (skippedChains == null) {
      skippedChains = reportsFailures ? new AgentSoftAssertions(false) : this;
      skippedChains.reporting = reportsFailures ? this : reporting;
    }
    return Navigation.soften(skippedChains, type, null);
  }
}
