package dev.spanproof.langchain4j;

import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.spi.ServiceHelper;
import dev.langchain4j.spi.services.TokenStreamAdapter;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Optional;

/**
 * Tells, when an AI service fires {@code AiServiceStartedEvent}, whether the call returns only once
 * the invocation has finished (a blocking call) or hands back a stream that runs on after it returned.
 *
 * <p>LangChain4j's events don't say: they carry the interface's and method's names only. The event
 * fires inside the AI service's proxy method, on the calling thread, so the method is found on that
 * thread's stack and its return type decides, as it does in LangChain4j ({@code TokenStream}, or a
 * type a {@link TokenStreamAdapter} such as Reactor's turns a token stream into, is streaming).
 */
final class ServiceCalls {

  /** How an AI-service call relates to the thread that made it. */
  enum Kind {
    /** The calling thread is inside the invocation until it completes or fails. */
    BLOCKING,
    /** The call returned a stream: the invocation goes on after the calling thread left it. */
    STREAMING,
    /** The proxy method could not be found on the stack (a LangChain4j that fires elsewhere). */
    UNKNOWN
  }

  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private ServiceCalls() {}

  /** Must run on the thread that fired {@code AiServiceStartedEvent}, inside the listener. */
  static Kind kind(InvocationContext ic) {
    String methodName = ic.methodName();
    String interfaceName = ic.interfaceName();
    if (methodName == null || interfaceName == null) {
      return Kind.UNKNOWN;
    }
    Optional<Method> method;
    try {
      method = WALKER.walk(frames -> frames
          .filter(f -> methodName.equals(f.getMethodName()) && Proxy.isProxyClass(f.getDeclaringClass()))
          .map(f -> serviceMethod(f, interfaceName))
          .filter(m -> m != null)
          .findFirst());
    } catch (RuntimeException e) {
      return Kind.UNKNOWN;
    }
    return method.map(m -> isStreaming(m) ? Kind.STREAMING : Kind.BLOCKING).orElse(Kind.UNKNOWN);
  }

  private static Method serviceMethod(StackWalker.StackFrame frame, String interfaceName) {
    for (Class<?> type : frame.getDeclaringClass().getInterfaces()) {
      if (type.getName().equals(interfaceName)) {
        try {
          return type.getMethod(frame.getMethodName(), frame.getMethodType().parameterArray());
        } catch (NoSuchMethodException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static boolean isStreaming(Method method) {
    if (TokenStream.class.isAssignableFrom(method.getReturnType())) {
      return true;
    }
    Type type = method.getGenericReturnType();
    for (TokenStreamAdapter adapter : Adapters.ALL) {
      if (adapter.canAdaptTokenStreamTo(type)) {
        return true;
      }
    }
    return false;
  }

  /** LangChain4j's token-stream adapters, loaded as LangChain4j loads them, once. */
  private static final class Adapters {
    static final Collection<TokenStreamAdapter> ALL = ServiceHelper.loadFactories(TokenStreamAdapter.class);
  }
}
