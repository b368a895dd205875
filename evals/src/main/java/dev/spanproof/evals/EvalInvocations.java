package dev.spanproof.evals;

import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.junit.SpanproofExtension;
import dev.spanproof.mockllm.MockLlm;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The invocations of one eval, produced lazily: JUnit runs each before asking for the next, which
 * lets the runs stop early and the gate's name show the final numbers.
 */
final class EvalInvocations {

  private final EvalPlan plan;
  private final EvalProgress progress;

  EvalInvocations(EvalPlan plan, EvalProgress progress) {
    this.plan = plan;
    this.progress = progress;
  }

  Stream<TestTemplateInvocationContext> stream() {
    Spliterator<TestTemplateInvocationContext> spliterator = new Spliterators.AbstractSpliterator<>(
        Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
      private int next; // index of the next run, repetition-major
      private boolean gateGiven;

      @Override
      public boolean tryAdvance(Consumer<? super TestTemplateInvocationContext> action) {
        int planned = plan.runsPlanned();
        if (next < planned && !decided()) {
          int caseIndex = next % plan.dataset().cases().size();
          int repetition = next / plan.dataset().cases().size() + 1;
          next++;
          action.accept(new RunInvocation(plan.dataset().cases().get(caseIndex), repetition));
          return true;
        }
        if (next < planned) {
          progress.stoppedEarly();
          next = planned;
        }
        if (plan.gate() != null && !gateGiven) {
          gateGiven = true;
          action.accept(new GateInvocation(progress.evaluateGate()));
          return true;
        }
        return false;
      }

      private boolean decided() {
        return plan.earlyStop() && progress.runs() > 0
            && plan.gate().decidedEarly(progress.passes(), progress.runs(), plan.runsPlanned()).isPresent();
      }
    };
    return StreamSupport.stream(spliterator, false);
  }

  private String runName(EvalCase evalCase, int repetition) {
    return plan.repetitions() == 1 ? evalCase.id() : evalCase.id() + " · run " + repetition + "/" + plan.repetitions();
  }

  /** One case × repetition. */
  private final class RunInvocation implements TestTemplateInvocationContext {
    private final EvalCase evalCase;
    private final int repetition;

    RunInvocation(EvalCase evalCase, int repetition) {
      this.evalCase = evalCase;
      this.repetition = repetition;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
      return runName(evalCase, repetition);
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new RunExtension(evalCase, repetition, runName(evalCase, repetition)));
    }
  }

  /**
   * Resolves the run's parameters, checks its body (scores, budget, mock LLM) and records its verdict
   * once the invocation is over: a run passes only when its body passed and nothing around it
   * ({@code @BeforeEach}, {@code @AfterEach}, another extension's callback) failed.
   */
  private final class RunExtension implements ParameterResolver, InvocationInterceptor,
      LifecycleMethodExecutionExceptionHandler, TestWatcher {
    private final EvalCase evalCase;
    private final int repetition;
    private final String name;
    private volatile EvalRun run;
    private volatile Body body; // null while (or when) the method body has not run
    private volatile String lifecycleFailure; // the first failed @BeforeEach or @AfterEach method

    RunExtension(EvalCase evalCase, int repetition, String name) {
      this.evalCase = evalCase;
      this.repetition = repetition;
      this.name = name;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
      Class<?> type = parameterContext.getParameter().getType();
      return type == EvalCase.class || type == EvalRun.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
      if (parameterContext.getParameter().getType() == EvalCase.class) {
        return evalCase;
      }
      return run(extensionContext);
    }

    private synchronized EvalRun run(ExtensionContext context) {
      if (run == null) {
        run = new EvalRun(evalCase, repetition, plan.repetitions(), context);
      }
      return run;
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
        ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
      Throwable failure = null;
      try {
        invocation.proceed();
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError error) {
          throw error;
        }
        failure = t;
      }
      EvalRun evalRun = run(context);
      List<AgentTrace> traces = SpanproofExtension.traces(context).map(AgentTraces::all).orElse(List.of());
      AgentUsage usage = AgentUsage.of(traces);
      List<String> reasons = new ArrayList<>();
      if (failure != null) {
        reasons.add(describe(failure));
      }
      Optional<AgentBudget> budget = EvalsExtension.nearest(context, AgentBudget.class);
      if (budget.isPresent()) {
        List<BudgetCheck> exceeded = Budget.of(budget.get()).check(usage).stream().filter(BudgetCheck::exceeded)
            .toList();
        if (!exceeded.isEmpty()) {
          reasons.add("over budget: " + exceeded.stream().map(BudgetCheck::describe).collect(Collectors.joining("; ")));
        }
      }
      if (Arrays.asList(invocationContext.getExecutable().getParameterTypes()).contains(MockLlm.class)) {
        SpanproofExtension.mockLlm(context).ifPresent(llm -> llm.problems().forEach(p -> reasons.add("mock LLM: " + p)));
      }
      boolean passed = reasons.isEmpty();
      String reason = String.join("\n", reasons);
      // one line for the summary and the gate: the failed scores when there are, else the first reason
      List<Score> failedScores = evalRun.scores().stream().filter(s -> !s.passed()).toList();
      String headline = failedScores.isEmpty() ? EvalProgress.firstLine(reason)
          : failedScores.stream().map(Score::toString).collect(Collectors.joining("; "));
      body = new Body(passed, reason, headline, usage, evalRun.scores());
      if (passed) {
        return;
      }
      if (plan.gate() != null) {
        throw new CountedRun(reason, failure);
      }
      if (failure != null && reasons.size() == 1) {
        throw failure;
      }
      throw new AssertionFailedError(evalRun.describe() + " failed:\n" + reason, failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
        throws Throwable {
      throw lifecycleFailed("@BeforeEach", throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
        throws Throwable {
      throw lifecycleFailed("@AfterEach", throwable);
    }

    /** Remembers the failure for the verdict; with a gate, reports the run as counted (aborted). */
    private Throwable lifecycleFailed(String kind, Throwable throwable) {
      if (throwable instanceof VirtualMachineError || throwable instanceof CountedRun) {
        return throwable;
      }
      String reason = kind + " failed: " + describe(throwable);
      if (lifecycleFailure == null) {
        lifecycleFailure = reason;
      }
      return plan.gate() != null ? new CountedRun(reason, throwable) : throwable;
    }

    // the verdict: JUnit calls a watcher once the invocation's outcome is final, after every callback

    @Override
    public void testSuccessful(ExtensionContext context) {
      finish(context, null);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      finish(context, cause);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
      finish(context, cause);
    }

    private void finish(ExtensionContext context, Throwable cause) {
      Body ran = body;
      boolean passed = cause == null && ran != null && ran.passed();
      String reason;
      String headline;
      if (passed) {
        reason = "";
        headline = "";
      } else if (ran != null && !ran.passed()) {
        reason = ran.reason();
        headline = ran.headline();
      } else {
        if (lifecycleFailure != null) {
          reason = lifecycleFailure;
        } else if (cause instanceof CountedRun counted) {
          reason = counted.reason;
        } else if (cause != null) {
          reason = describe(cause);
        } else {
          reason = "the run's method did not run: an extension skipped it";
        }
        headline = EvalProgress.firstLine(reason);
      }
      AgentUsage usage = ran == null ? AgentUsage.NONE : ran.usage();
      progress.record(new EvalProgress.RunRecord(evalCase, repetition, name, passed, reason, headline, usage));
      Map<String, String> entries = new LinkedHashMap<>();
      entries.put("spanproof.run", passed ? "passed" : "failed");
      if (ran != null) {
        ran.scores().forEach(s -> entries.put("spanproof.score." + s.scorer(),
            Summaries.fixed(s.value()) + (s.passed() ? " passed" : " failed")));
      }
      EvalsExtension.publish(context, entries);
      EvalsExtension.publishUsage(context, usage);
    }
  }

  /** What the method body of a run did. */
  private record Body(boolean passed, String reason, String headline, AgentUsage usage, List<Score> scores) {}

  /** A failed run under a pass-rate gate: reported as aborted, counted by the gate. */
  private static final class CountedRun extends TestAbortedException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    CountedRun(String reason, Throwable cause) {
      super("Counted as a failed run by the pass-rate gate: " + reason, cause);
      this.reason = reason;
    }
  }

  private static String describe(Throwable failure) {
    return failure.getMessage() == null ? failure.toString() : failure.getMessage().strip();
  }

  /** The last invocation: the pass-rate gate, with its numbers in its name. */
  private final class GateInvocation implements TestTemplateInvocationContext {
    private final PassRateGate.Result result;

    GateInvocation(PassRateGate.Result result) {
      this.result = result;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
      String early = progress.isStoppedEarly()
          ? " (stopped early after " + progress.runs() + " of " + plan.runsPlanned() + " runs)" : "";
      return "pass-rate gate: " + result.summary() + early;
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new GateExtension(result));
    }
  }

  /**
   * Runs no test body and none of the class's {@code @BeforeEach}/{@code @AfterEach} methods (the gate
   * is no run, and a failing setup must not fail it): fails when the gate failed.
   */
  private final class GateExtension implements ParameterResolver, InvocationInterceptor {
    private final PassRateGate.Result result;

    GateExtension(PassRateGate.Result result) {
      this.result = result;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
      Class<?> type = parameterContext.getParameter().getType();
      return type == EvalCase.class || type == EvalRun.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
      return null; // the gate never runs the method body
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
        ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) {
      invocation.skip();
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
        ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) {
      invocation.skip();
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
        ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) {
      invocation.skip();
      EvalsExtension.publishEval(context, progress.toResult("", "", ""));
      if (!result.passed()) {
        StringBuilder message = new StringBuilder(result.explanation());
        List<EvalProgress.RunRecord> failures = progress.failures();
        if (!failures.isEmpty()) {
          message.append("\nFailed runs:");
          failures.stream().limit(10).forEach(f -> message.append("\n  ").append(f.displayName()).append(": ")
              .append(f.headline()));
          if (failures.size() > 10) {
            message.append("\n  … and ").append(failures.size() - 10).append(" more");
          }
        }
        throw new AssertionFailedError(message.toString());
      }
    }
  }
}
