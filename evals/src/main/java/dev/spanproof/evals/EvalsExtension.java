package dev.spanproof.evals;

import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.evals.EvalSummary.TestResult;
import dev.spanproof.evals.internal.RunState;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.junit.SpanproofExtension;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The JUnit Jupiter extension behind {@link AgentBudget}, {@link AgentBaseline} and {@link AgentEval}:
 * measures each test's agent usage from its traces, checks budgets and baselines, runs dataset evals,
 * publishes per-test JUnit report entries, and writes the JSON and Markdown summaries.
 *
 * <p>The annotations register it; register it yourself ({@code @ExtendWith(EvalsExtension.class)}
 * after {@code @AgentTest}) to summarize every test of a class without budgets. Report entries (in
 * Surefire's XML as properties): {@code spanproof.tokens.input}, {@code spanproof.tokens.output},
 * {@code spanproof.tokens.total}, {@code spanproof.llmCalls}, {@code spanproof.toolCalls},
 * {@code spanproof.latencyMillis}, and for an eval's gate {@code spanproof.passRate},
 * {@code spanproof.wilsonLowerBound}, {@code spanproof.passAtK.N}, {@code spanproof.passHatK.N}.
 *
 * <p>Settings (JUnit configuration parameters or system properties): {@value #SUMMARY_DIR_PROPERTY}
 * (default {@code target/spanproof}), {@value #SHARD_PROPERTY} (or the environment variable
 * {@code SPANPROOF_SHARD}; default the JVM's pid and start time), and the baseline settings on
 * {@link AgentBaseline}.
 */
public final class EvalsExtension implements InvocationInterceptor, TestTemplateInvocationContextProvider, TestWatcher {

  /** The folder summaries are written to; default {@code target/spanproof}. */
  public static final String SUMMARY_DIR_PROPERTY = RunState.SUMMARY_DIR_PROPERTY;

  /** This JVM's shard id in the summary (a CI job name, a fork number). */
  public static final String SHARD_PROPERTY = RunState.SHARD_PROPERTY;

  /**
   * Whether report entries are also printed to standard output, one {@code [spanproof] key=value …}
   * line each: {@code false} (the default) or {@code true}. Maven Surefire drops JUnit report entries
   * but keeps a test's output in its XML report ({@code <system-out>}).
   */
  public static final String PRINT_ENTRIES_PROPERTY = "spanproof.entries.print";

  static final Namespace NAMESPACE = Namespace.create(EvalsExtension.class);

  /** Creates the extension; JUnit calls this for the annotations and {@code @ExtendWith}. */
  public EvalsExtension() {}

  // ---------------------------------------------------------------- plain tests: budgets, baselines

  @Override
  public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context) throws Throwable {
    measureAndCheck(invocation, context);
  }

  @Override
  public void interceptTestTemplateMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
    if (AnnotationSupport.isAnnotated(context.getTestMethod(), AgentEval.class)) {
      invocation.proceed(); // runs and the gate are measured by their own invocation extensions
      return;
    }
    measureAndCheck(invocation, context);
  }

  private void measureAndCheck(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
    Throwable failure = null;
    try {
      invocation.proceed();
    } catch (Throwable t) {
      failure = t;
    }
    RunState state = state(context);
    String id = testId(context);
    Optional<AgentBudget> budgetAnnotation = nearest(context, AgentBudget.class);
    Optional<AgentBaseline> baselineAnnotation = nearest(context, AgentBaseline.class);
    Optional<List<AgentTrace>> traces = SpanproofExtension.traces(context).map(AgentTraces::all);
    if (traces.isEmpty() && failure == null && (budgetAnnotation.isPresent() || baselineAnnotation.isPresent())) {
      throw new IllegalStateException("@AgentBudget and @AgentBaseline read the test's traces, but spanproof's "
          + "extension is not registered for " + id + ": put @AgentTest on the test class.");
    }
    AgentUsage usage = AgentUsage.of(traces.orElse(List.of()));
    publishUsage(context, usage);

    List<BudgetCheck> checks = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String baselineStatus = null;
    if (budgetAnnotation.isPresent()) {
      List<BudgetCheck> inline = Budget.of(budgetAnnotation.get()).check(usage);
      checks.addAll(inline);
      List<BudgetCheck> exceeded = inline.stream().filter(BudgetCheck::exceeded).toList();
      if (!exceeded.isEmpty()) {
        StringBuilder message = new StringBuilder("\"" + label(context) + "\" exceeded its budget:");
        exceeded.forEach(c -> message.append("\n  ").append(c.describe()));
        problems.add(message.toString());
      }
    }
    if (baselineAnnotation.isPresent()) {
      AgentBaseline annotation = baselineAnnotation.get();
      String mode = state.settings().baselineMode();
      Baseline committed = null;
      if (!mode.equals("off")) {
        try {
          committed = state.baseline(); // an update merges into it, so it must read in both modes
        } catch (IllegalArgumentException | UncheckedIOException e) {
          problems.add(e.getMessage()); // this test fails, and stays in the summary
        }
      }
      switch (mode) {
        case "update" -> baselineStatus = UPDATE_PENDING; // recorded only if the test passes, once it is over
        case "check" -> {
          if (committed == null) {
            break;
          }
          Optional<AgentUsage> accepted = committed.get(id);
          if (accepted.isEmpty()) {
            baselineStatus = "new";
            if (state.settings().failOnMissingBaseline()) {
              problems.add("\"" + label(context) + "\" has no entry \"" + id + "\" in the baseline "
                  + state.settings().baselineFile() + ". Run the tests with -Dspanproof.baseline=update (or "
                  + "SPANPROOF_BASELINE=update) and commit the file.");
            }
          } else {
            baselineStatus = "checked";
            List<BudgetCheck> compared = Baseline.compare(accepted.get(), usage, annotation.tolerancePercent(),
                annotation.latencyTolerancePercent());
            checks.addAll(compared);
            List<BudgetCheck> grown = compared.stream().filter(BudgetCheck::exceeded).toList();
            if (!grown.isEmpty()) {
              StringBuilder message = new StringBuilder("\"" + label(context) + "\" grew beyond its baseline ("
                  + state.settings().baselineFile() + ", tolerance +" + trim(annotation.tolerancePercent()) + " %):");
              grown.forEach(c -> message.append("\n  ").append(c.describe()));
              message.append("\nIf the growth is intended, rewrite the baseline with -Dspanproof.baseline=update "
                  + "(or SPANPROOF_BASELINE=update) and commit it.");
              problems.add(message.toString());
            }
          }
        }
        default -> { }
      }
    }
    state.hold(context.getUniqueId(), new Pending(id, usage, checks, baselineStatus));
    if (failure != null) {
      throw failure; // never a second error on top of a failed test
    }
    if (!problems.isEmpty()) {
      StringBuilder message = new StringBuilder(String.join("\n", problems));
      message.append("\nUsage: ").append(usage);
      Budget.appendTrees(message, traces.orElse(List.of()));
      throw new AssertionFailedError(message.toString());
    }
  }

  private record Pending(String id, AgentUsage usage, List<BudgetCheck> checks, String baseline) {}

  /** The baseline status of a test in update mode until its outcome is known. */
  private static final String UPDATE_PENDING = "update pending";

  // ---------------------------------------------------------------- outcomes

  @Override
  public void testSuccessful(ExtensionContext context) {
    finish(context, "passed", null);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    finish(context, "failed", cause);
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    finish(context, "aborted", cause);
  }

  private void finish(ExtensionContext context, String outcome, Throwable cause) {
    RunState state = state(context);
    Pending pending = state.take(context.getUniqueId(), Pending.class);
    if (pending == null) {
      return; // an eval's run or gate (the eval is summarized as a whole), or a test that never ran
    }
    String baseline = pending.baseline();
    if (UPDATE_PENDING.equals(baseline)) {
      // a test that failed (in its body, an @AfterEach, a budget) measured nothing worth accepting
      if (outcome.equals("passed")) {
        state.measured(pending.id(), pending.usage());
        baseline = "updated";
      } else {
        state.notUpdated(pending.id());
        baseline = "kept";
      }
    }
    state.add(new TestResult(pending.id(), context.getDisplayName(), "test", outcome,
        cause == null ? null : firstLines(cause), pending.usage(), pending.checks(), baseline, null,
        null, state.shard(), Instant.now().toString()));
  }

  // ---------------------------------------------------------------- evals

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return AnnotationSupport.isAnnotated(context.getTestMethod(), AgentEval.class);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    AgentEval annotation = AnnotationSupport.findAnnotation(method, AgentEval.class).orElseThrow();
    EvalPlan plan = EvalPlan.of(annotation, method, context.getRequiredTestClass().getClassLoader());
    EvalProgress progress = new EvalProgress(plan);
    RunState state = state(context);
    String id = testId(context);
    return new EvalInvocations(plan, progress).stream().onClose(() -> {
      TestResult result = progress.toResult(id, context.getDisplayName(), state.shard());
      state.add(result);
      publishEval(context, result);
    });
  }

  // ---------------------------------------------------------------- shared

  static RunState state(ExtensionContext context) {
    @SuppressWarnings("deprecation") // getOrComputeIfAbsent: computeIfAbsent only exists from JUnit 6.
    RunState state = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RunState.class,
        key -> new RunState(RunState.Settings.read(context::getConfigurationParameter, System::getenv)),
        RunState.class);
    return state;
  }

  static void publishUsage(ExtensionContext context, AgentUsage usage) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("spanproof.tokens.input", String.valueOf(usage.inputTokens()));
    entries.put("spanproof.tokens.output", String.valueOf(usage.outputTokens()));
    entries.put("spanproof.tokens.total", String.valueOf(usage.totalTokens()));
    entries.put("spanproof.llmCalls", String.valueOf(usage.llmCalls()));
    entries.put("spanproof.toolCalls", String.valueOf(usage.toolCalls()));
    entries.put("spanproof.latencyMillis", String.valueOf(usage.latencyMillis()));
    publish(context, entries);
  }

  static void publishEval(ExtensionContext context, TestResult result) {
    EvalSummary.EvalResult eval = result.eval();
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("spanproof.runs", String.valueOf(eval.runs()));
    entries.put("spanproof.passes", String.valueOf(eval.passes()));
    entries.put("spanproof.passRate", Summaries.fixed(eval.passRate()));
    entries.put("spanproof.wilsonLowerBound", Summaries.fixed(eval.wilsonLowerBound()));
    eval.passAtK().forEach((k, v) -> entries.put("spanproof.passAtK." + k, Summaries.fixed(v)));
    eval.passHatK().forEach((k, v) -> entries.put("spanproof.passHatK." + k, Summaries.fixed(v)));
    entries.put("spanproof.tokens.total", String.valueOf(result.usage().totalTokens()));
    entries.put("spanproof.llmCalls", String.valueOf(result.usage().llmCalls()));
    publish(context, entries);
  }

  static void publish(ExtensionContext context, Map<String, String> entries) {
    context.publishReportEntry(entries);
    if (context.getConfigurationParameter(PRINT_ENTRIES_PROPERTY, Boolean::parseBoolean).orElse(false)) {
      StringBuilder line = new StringBuilder("[spanproof]");
      entries.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
      System.out.println(line);
    }
  }

  /** {@code ClassName#method}, plus {@code [display name]} for an invocation of a template. */
  static String testId(ExtensionContext context) {
    String method = context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName();
    boolean invocation = context.getParent().flatMap(ExtensionContext::getTestMethod).isPresent();
    return invocation ? method + "[" + context.getDisplayName() + "]" : method;
  }

  static <A extends java.lang.annotation.Annotation> Optional<A> nearest(ExtensionContext context, Class<A> type) {
    Optional<A> onMethod = AnnotationSupport.findAnnotation(context.getTestMethod(), type);
    if (onMethod.isPresent()) {
      return onMethod;
    }
    for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
      Optional<A> found = AnnotationSupport.findAnnotation(c, type);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static String label(ExtensionContext context) {
    String name = context.getRequiredTestMethod().getName();
    String display = context.getDisplayName();
    return display.startsWith(name + "(") ? name : display;
  }

  static String firstLines(Throwable cause) {
    String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    String[] lines = message.strip().split("\n");
    return lines.length <= 3 ? String.join("\n", lines) : String.join("\n", List.of(lines).subList(0, 3)) + "\n…";
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
