package dev.spanproof.evals.internal;

import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Reaches the current test's {@link AgentTraces} and {@link MockLlm} through JUnit's own parameter
 * resolution ({@link ExtensionContext#getExecutableInvoker()}): the spanproof extension keeps them in
 * its private store, and resolving a parameter is its only public way to hand them out. Not for
 * public use.
 */
public final class TestResources {

  private static final Method TRACES = method("receiveTraces", AgentTraces.class);
  private static final Method MOCK = method("receiveMock", MockLlm.class);

  private TestResources() {}

  /**
   * Returns the current test's traces, waiting (bounded) for spans still open.
   *
   * @param context the test's context
   * @return the traces, or empty when the spanproof extension is not registered for this test
   */
  public static Optional<List<AgentTrace>> traces(ExtensionContext context) {
    return resolve(context, TRACES, AgentTraces.class).map(AgentTraces::all);
  }

  /**
   * Returns the current test's mock LLM (creating its session if the test has none yet).
   *
   * @param context the test's context
   * @return the mock, or empty when the spanproof extension is not registered for this test
   */
  public static Optional<MockLlm> mockLlm(ExtensionContext context) {
    return resolve(context, MOCK, MockLlm.class);
  }

  private static <T> Optional<T> resolve(ExtensionContext context, Method method, Class<T> type) {
    try {
      return Optional.ofNullable(type.cast(context.getExecutableInvoker().invoke(method, null)));
    } catch (ParameterResolutionException e) {
      return Optional.empty();
    }
  }

  @SuppressWarnings("unused") // invoked reflectively, for its parameter
  private static AgentTraces receiveTraces(AgentTraces traces) {
    return traces;
  }

  @SuppressWarnings("unused") // invoked reflectively, for its parameter
  private static MockLlm receiveMock(MockLlm llm) {
    return llm;
  }

  private static Method method(String name, Class<?> parameter) {
    try {
      return TestResources.class.getDeclaredMethod(name, parameter);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }
}
