package dev.spanproof.langchain4j;

import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.observability.api.event.AiServiceCompletedEvent;
import dev.langchain4j.observability.api.event.AiServiceErrorEvent;
import dev.langchain4j.observability.api.event.AiServiceRequestIssuedEvent;
import dev.langchain4j.observability.api.event.AiServiceResponseReceivedEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.event.ToolExecutedEvent;
import dev.langchain4j.observability.api.listener.AiServiceCompletedListener;
import dev.langchain4j.observability.api.listener.AiServiceErrorListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.observability.api.listener.AiServiceRequestIssuedListener;
import dev.langchain4j.observability.api.listener.AiServiceResponseReceivedListener;
import dev.langchain4j.observability.api.listener.AiServiceStartedListener;
import dev.langchain4j.observability.api.listener.ToolExecutedEventListener;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * OpenTelemetry tracing for LangChain4j, which emits no spans of its own: turns LangChain4j's chat
 * model listener and AI-service listeners into spans of the OpenTelemetry GenAI semantic
 * conventions.
 *
 * <pre>{@code
 * LangChain4jTracing tracing = LangChain4jTracing.create(openTelemetry);
 * ChatModel model = OpenAiChatModel.builder()
 *     .baseUrl(baseUrl).apiKey(key).modelName("gpt-4o")
 *     .listeners(List.of(tracing.chatModelListener()))   // chat spans
 *     .build();
 * Assistant assistant = tracing.instrument(AiServices.builder(Assistant.class), "assistant") // agent and tool spans
 *     .chatModel(model)
 *     .tools(new Calculator())
 *     .build();
 * }</pre>
 *
 * gives, for one call of the AI service with one tool round trip:
 * <pre>
 * invoke_agent assistant
 * ├── chat gpt-4o
 * ├── execute_tool calculate
 * └── chat gpt-4o
 * </pre>
 *
 * <ul>
 *   <li>{@code invoke_agent {name}} (INTERNAL) per AI-service call: {@code gen_ai.operation.name},
 *       {@code gen_ai.agent.name}, {@code gen_ai.provider.name}, {@code gen_ai.conversation.id} (a
 *       {@code @MemoryId} other than LangChain4j's {@code "default"}); on failure {@code error.type}
 *       (the exception's class), ERROR status and an exception event.</li>
 *   <li>{@code chat {model}} (CLIENT) per model call, a child of the agent span: provider, request
 *       model and parameters, response id, model and finish reasons, {@code gen_ai.usage.input_tokens}
 *       and {@code output_tokens}; with content capture, {@code gen_ai.output.messages} (text and the
 *       tool calls the model asked for) and {@code gen_ai.tool.definitions}; errors as above.</li>
 *   <li>{@code execute_tool {tool}} (INTERNAL) per tool execution, a child of the agent span:
 *       {@code gen_ai.tool.name}, {@code gen_ai.tool.call.id}, {@code gen_ai.tool.type=function};
 *       with content capture {@code gen_ai.tool.call.arguments} and {@code gen_ai.tool.call.result}; a
 *       failed tool gets {@code error.type=_OTHER} and ERROR status.</li>
 *   <li>An AI service called from inside a tool nests under that tool's span (with the tool hooks of
 *       {@link #instrument}), or under the calling agent's span (with listeners only, when that call
 *       is a blocking one). A streaming call encloses nothing once the method that started it has
 *       returned: calls made next on that thread get their own traces.</li>
 * </ul>
 *
 * <p>Register the listeners where LangChain4j takes them: {@link #chatModelListener()} on every chat
 * model (blocking or streaming), and either {@link #instrument(AiServices, String)} on the AI-service
 * builder, which registers {@link #aiServiceListeners(String)} and the tool hooks
 * {@link #beforeToolExecution()}/{@link #afterToolExecution()} (so tool spans cover the tool's real
 * run time and know whether it failed), or just the listeners (tool spans then only mark the moment
 * LangChain4j reports the tool as executed). Without the chat model listener, chat spans are made from
 * the AI-service events alone (no provider-side errors then). One instance serves any number of
 * models and AI services, on any threads; nothing is made current, so spans end correctly also when a
 * streaming service finishes on another thread. Instances over the same {@link OpenTelemetry} share
 * what they know of the calls in flight, so a model traced by one and an AI service by another (or
 * listeners registered twice) still give one span per call; the listener registered first makes it.
 */
public final class LangChain4jTracing {

  /** The instrumentation scope name of the spans this bridge creates. */
  public static final String INSTRUMENTATION_NAME = "dev.spanproof.langchain4j";

  private final Bridge bridge;
  private final ChatModelListener chatModelListener;

  private LangChain4jTracing(Builder builder) {
    this.bridge = new Bridge(builder.openTelemetry.getTracer(INSTRUMENTATION_NAME),
        builder.captureContent, LangChain4jTracing::interfaceSimpleName, Bridge.Calls.of(builder.openTelemetry));
    this.chatModelListener = bridge.chatModelListener();
  }

  /**
   * Creates tracing over the given OpenTelemetry, capturing tool arguments, results and model output.
   *
   * @param openTelemetry where spans go
   * @return the tracing
   */
  public static LangChain4jTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * Starts configuring tracing over the given OpenTelemetry.
   *
   * @param openTelemetry where spans go
   * @return a builder
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /**
   * Returns the listener that makes a {@code chat {model}} span per call of a chat model; register it
   * with the model builder's {@code listeners(...)}, on blocking and streaming models alike.
   *
   * @return the listener (the same instance each time)
   */
  public ChatModelListener chatModelListener() {
    return chatModelListener;
  }

  /**
   * Returns the AI-service listeners that make the {@code invoke_agent} span (named after the AI
   * service's interface, e.g. {@code invoke_agent Assistant}) and the tool spans; register them with
   * {@code AiServices.builder(...).registerListeners(...)}.
   *
   * @return the listeners
   */
  public List<AiServiceListener<?>> aiServiceListeners() {
    return listeners(null);
  }

  /**
   * Returns the AI-service listeners for an agent of the given name ({@code invoke_agent {agentName}},
   * {@code gen_ai.agent.name}); register them with {@code AiServices.builder(...).registerListeners(...)}.
   *
   * @param agentName the agent's name
   * @return the listeners
   */
  public List<AiServiceListener<?>> aiServiceListeners(String agentName) {
    return listeners(Objects.requireNonNull(agentName, "agentName"));
  }

  /**
   * Returns the hook that starts a tool's span when LangChain4j is about to run it; pass it to
   * {@code AiServices.builder(...).beforeToolExecution(...)} (or {@code TokenStream.beforeToolExecution})
   * together with {@link #afterToolExecution()}. Combine it with your own hook through
   * {@link Consumer#andThen}.
   *
   * @return the hook
   */
  public Consumer<BeforeToolExecution> beforeToolExecution() {
    return bridge::beforeTool;
  }

  /**
   * Returns the hook that ends a tool's span with its result (and error status when the tool failed);
   * pass it to {@code AiServices.builder(...).afterToolExecution(...)}.
   *
   * @return the hook
   */
  public Consumer<ToolExecution> afterToolExecution() {
    return bridge::afterTool;
  }

  /**
   * Instruments an AI-service builder for an agent named after the AI service's interface: registers
   * {@link #aiServiceListeners()} and sets the tool hooks. Setting {@code beforeToolExecution} or
   * {@code afterToolExecution} on the builder afterwards replaces the hooks; combine them instead.
   *
   * @param builder the builder, e.g. {@code AiServices.builder(Assistant.class)}
   * @param <T> the AI service's type
   * @return the same builder
   */
  public <T> AiServices<T> instrument(AiServices<T> builder) {
    return instrument(builder, listeners(null));
  }

  /**
   * Instruments an AI-service builder for an agent of the given name: registers
   * {@link #aiServiceListeners(String)} and sets the tool hooks {@link #beforeToolExecution()} and
   * {@link #afterToolExecution()}. Setting either hook on the builder afterwards replaces ours;
   * combine them with {@link Consumer#andThen} instead.
   *
   * @param builder the builder, e.g. {@code AiServices.builder(Assistant.class)}
   * @param agentName the agent's name
   * @param <T> the AI service's type
   * @return the same builder
   */
  public <T> AiServices<T> instrument(AiServices<T> builder, String agentName) {
    return instrument(builder, listeners(Objects.requireNonNull(agentName, "agentName")));
  }

  private <T> AiServices<T> instrument(AiServices<T> builder, List<AiServiceListener<?>> listeners) {
    return builder.registerListeners(listeners)
        .beforeToolExecution(beforeToolExecution())
        .afterToolExecution(afterToolExecution());
  }

  private List<AiServiceListener<?>> listeners(String agentName) {
    return List.of(
        (AiServiceStartedListener) (AiServiceStartedEvent e) -> bridge.started(e, agentName),
        (AiServiceRequestIssuedListener) (AiServiceRequestIssuedEvent e) -> bridge.requestIssued(e),
        (AiServiceResponseReceivedListener) (AiServiceResponseReceivedEvent e) -> bridge.responseReceived(e),
        (ToolExecutedEventListener) (ToolExecutedEvent e) -> bridge.toolExecuted(e),
        (AiServiceCompletedListener) (AiServiceCompletedEvent e) -> bridge.completed(e),
        (AiServiceErrorListener) (AiServiceErrorEvent e) -> bridge.failed(e));
  }

  static String interfaceSimpleName(InvocationContext context) {
    String name = context.interfaceName();
    if (name == null || name.isEmpty()) {
      return "ai_service";
    }
    int cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('$'));
    return name.substring(cut + 1);
  }

  /** Configures {@link LangChain4jTracing}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean captureContent = true;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * Whether to record content: tool arguments and results, the model's output messages (with the
     * tool calls it asked for) and the tool definitions offered. The GenAI conventions make these
     * opt-in since they may hold sensitive data; they are on by default here because tests assert on
     * them. Turn off where spans leave the test.
     *
     * @param captureContent true to record content
     * @return this builder
     */
    public Builder captureContent(boolean captureContent) {
      this.captureContent = captureContent;
      return this;
    }

    /**
     * Builds the tracing.
     *
     * @return the tracing
     */
    public LangChain4jTracing build() {
      return new LangChain4jTracing(this);
    }
  }
}
