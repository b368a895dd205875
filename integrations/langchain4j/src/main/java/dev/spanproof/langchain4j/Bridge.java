package dev.spanproof.langchain4j;

import static dev.spanproof.langchain4j.GenAiKeys.*;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.observability.api.event.AiServiceCompletedEvent;
import dev.langchain4j.observability.api.event.AiServiceErrorEvent;
import dev.langchain4j.observability.api.event.AiServiceRequestIssuedEvent;
import dev.langchain4j.observability.api.event.AiServiceResponseReceivedEvent;
import dev.langchain4j.observability.api.event.AiServiceStartedEvent;
import dev.langchain4j.observability.api.event.ToolExecutedEvent;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The span bookkeeping behind {@link LangChain4jTracing}: one {@link Invocation} per AI-service call
 * (keyed by LangChain4j's invocation id), the chat requests it issued and the tools it runs.
 *
 * <p>How spans find their parent, since LangChain4j's listeners carry no OpenTelemetry context:
 * <ul>
 *   <li>a chat span belongs to the invocation whose {@code AiServiceRequestIssuedEvent} fired last on
 *       the same thread (LangChain4j fires it right before calling the model, on the calling thread,
 *       for blocking and streaming services alike), else to the invocation that issued a request
 *       with the same messages, else to {@link Context#current()};</li>
 *   <li>a tool span belongs to its invocation (the tool events carry its id);</li>
 *   <li>an agent span belongs to the innermost tool or blocking AI-service call this thread is inside
 *       (an AI service called from a tool, or from a guardrail or retriever of a blocking call), unless
 *       a span was made current since that call began, else to {@link Context#current()}. A streaming
 *       call is on no thread's stack: the thread that started it has left it when the call returns
 *       ({@link ServiceCalls}).</li>
 * </ul>
 * No span is ever made current: LangChain4j ends an invocation on another thread than it started it
 * when streaming, and a scope must be closed on the thread that opened it.
 */
final class Bridge {

  private static final Object SPAN_KEY = new Object() {
    @Override
    public String toString() {
      return "spanproof.langchain4j.span";
    }
  };

  private final Tracer tracer;
  private final boolean captureContent;
  private final Function<InvocationContext, String> defaultAgentName;
  private final Map<UUID, Invocation> invocations;
  private final ThreadLocal<PendingRequest> issuedOnThisThread;
  private final ThreadLocal<Deque<Frame>> frames;

  Bridge(Tracer tracer, boolean captureContent, Function<InvocationContext, String> defaultAgentName, Calls calls) {
    this.tracer = tracer;
    this.captureContent = captureContent;
    this.defaultAgentName = defaultAgentName;
    this.invocations = calls.invocations;
    this.issuedOnThisThread = calls.issuedOnThisThread;
    this.frames = calls.frames;
  }

  // ---------------------------------------------------------------- AI-service events

  void started(AiServiceStartedEvent event, String agentName) {
    InvocationContext ic = event.invocationContext();
    if (invocations.containsKey(ic.invocationId())) {
      return; // the service has listeners of two tracings (or ours twice): the first one traces it
    }
    String name = agentName != null ? agentName : defaultAgentName.apply(ic);
    SpanBuilder builder = tracer.spanBuilder("invoke_agent " + name)
        .setSpanKind(SpanKind.INTERNAL)
        .setParent(parentForAgent())
        .setAttribute(OPERATION_NAME, "invoke_agent")
        .setAttribute(AGENT_NAME, name);
    String provider = provider(safeProvider(ic));
    if (provider != null) {
      builder.setAttribute(PROVIDER_NAME, provider);
    }
    Object memoryId = ic.chatMemoryId();
    if (memoryId != null && !"default".equals(memoryId)) {
      builder.setAttribute(CONVERSATION_ID, String.valueOf(memoryId));
    }
    ServiceCalls.Kind kind = ServiceCalls.kind(ic);
    Invocation invocation = new Invocation(ic.invocationId(), kind, builder.startSpan());
    invocations.put(invocation.id, invocation);
    // A streaming call returns before its invocation ends: its thread goes on with other work, and
    // must not take this invocation for the caller of what it runs next.
    if (kind == ServiceCalls.Kind.BLOCKING) {
      push(invocation);
    }
  }

  void requestIssued(AiServiceRequestIssuedEvent event) {
    Invocation invocation = invocation(event.invocationContext());
    if (invocation == null || !invocation.firstSight(event)) {
      return;
    }
    PendingRequest pending = new PendingRequest(invocation, event.request(), Instant.now());
    invocation.pending.add(pending);
    issuedOnThisThread.set(pending);
  }

  void responseReceived(AiServiceResponseReceivedEvent event) {
    Invocation invocation = invocation(event.invocationContext());
    if (invocation == null || !invocation.firstSight(event)) {
      return;
    }
    PendingRequest pending = invocation.removePending(event.request());
    if (pending == null || pending.claimed) {
      return;
    }
    // No ChatModelListener of ours saw the call: make the chat span from the events alone.
    pending.claimed = true;
    ChatResponse response = event.response();
    Span span = chatSpanBuilder(sentParameters(event.request(), event.invocationContext(), invocation),
            safeProvider(event.invocationContext()), response == null ? null : response.modelName())
        .setParent(Context.root().with(invocation.span))
        .setStartTimestamp(pending.issuedAt)
        .startSpan();
    recordResponse(span, response);
    span.end();
  }

  /**
   * The parameters the model was called with, as far as the AI-service event tells: the AI service's
   * request leaves out what the model's own defaults fill in (the model's name among them), so
   * they are merged in as the model merges them, when they are known to be that model's. LangChain4j
   * hands the blocking model's defaults, or the streaming model's when the service has no blocking
   * one: for a streaming call they may be another model's, and are left out.
   */
  private static ChatRequestParameters sentParameters(
      ChatRequest request, InvocationContext ic, Invocation invocation) {
    ChatRequestParameters parameters = request.parameters();
    if (invocation.kind != ServiceCalls.Kind.BLOCKING) {
      return parameters;
    }
    ChatRequestParameters defaults;
    try {
      defaults = ic.defaultRequestParameters();
    } catch (RuntimeException e) {
      return parameters;
    }
    if (defaults == null) {
      return parameters;
    }
    return parameters == null ? defaults : defaults.overrideWith(parameters);
  }

  void toolExecuted(ToolExecutedEvent event) {
    Invocation invocation = invocation(event.invocationContext());
    if (invocation == null || !invocation.firstSight(event)) {
      return;
    }
    ToolFrame tool = invocation.findTool(event.request());
    if (tool != null) {
      if (!tool.ended) {
        endTool(invocation, tool, event.resultText(), false);
      }
      invocation.tools.remove(tool);
      return;
    }
    // No tool hooks installed: the span can only cover the moment the event reports.
    Span span = toolSpanBuilder(event.request(), invocation).startSpan();
    if (captureContent && event.resultText() != null) {
      span.setAttribute(TOOL_CALL_RESULT, event.resultText());
    }
    span.end();
  }

  void completed(AiServiceCompletedEvent event) {
    Invocation invocation = invocations.remove(event.invocationContext().invocationId());
    if (invocation != null) {
      invocation.end(null);
    }
  }

  void failed(AiServiceErrorEvent event) {
    Invocation invocation = invocations.remove(event.invocationContext().invocationId());
    if (invocation != null) {
      invocation.end(event.error());
    }
  }

  // ---------------------------------------------------------------- tool hooks

  void beforeTool(BeforeToolExecution before) {
    Invocation invocation = invocation(before.invocationContext());
    if (invocation == null || !invocation.firstSight(before)) {
      return;
    }
    ToolFrame tool = new ToolFrame(before.request(), toolSpanBuilder(before.request(), invocation).startSpan());
    invocation.tools.add(tool);
    push(tool);
  }

  void afterTool(ToolExecution execution) {
    Invocation invocation = invocation(execution.invocationContext());
    if (invocation == null || !invocation.firstSight(execution)) {
      return;
    }
    ToolFrame tool = invocation.findTool(execution.request());
    if (tool != null && !tool.ended) {
      endTool(invocation, tool, execution.result(), execution.hasFailed());
    }
  }

  private void endTool(Invocation invocation, ToolFrame tool, String result, boolean failed) {
    tool.ended = true;
    if (captureContent && result != null) {
      tool.span.setAttribute(TOOL_CALL_RESULT, result);
    }
    if (failed) {
      // LangChain4j hands the tool's exception to its error handler, not to the hooks: only its
      // message (the result text) is known here.
      tool.span.setAttribute(ERROR_TYPE, ERROR_TYPE_OTHER);
      tool.span.setStatus(StatusCode.ERROR, result == null ? "" : result);
    }
    tool.span.end();
  }

  private SpanBuilder toolSpanBuilder(ToolExecutionRequest request, Invocation invocation) {
    SpanBuilder builder = tracer.spanBuilder("execute_tool " + request.name())
        .setSpanKind(SpanKind.INTERNAL)
        .setParent(Context.root().with(invocation.span))
        .setAttribute(OPERATION_NAME, "execute_tool")
        .setAttribute(TOOL_NAME, request.name())
        .setAttribute(TOOL_TYPE, "function");
    if (request.id() != null) {
      builder.setAttribute(TOOL_CALL_ID, request.id());
    }
    if (captureContent && request.arguments() != null) {
      builder.setAttribute(TOOL_CALL_ARGUMENTS, request.arguments());
    }
    return builder;
  }

  // ---------------------------------------------------------------- chat model listener

  void chatRequest(ChatModelRequestContext context) {
    if (context.attributes().containsKey(SPAN_KEY)) {
      return; // the model has listeners of two tracings (or ours twice): the first one traces the call
    }
    ChatRequest request = context.chatRequest();
    PendingRequest pending = claim(request);
    Context parent = pending != null ? Context.root().with(pending.invocation.span) : Context.current();
    ChatRequestParameters parameters = request.parameters();
    Span span = chatSpanBuilder(parameters, context.modelProvider(), null).setParent(parent).startSpan();
    context.attributes().put(SPAN_KEY, new ChatSpan(span, parameters != null && parameters.modelName() != null));
  }

  void chatResponse(ChatModelResponseContext context) {
    if (context.attributes().remove(SPAN_KEY) instanceof ChatSpan chat) {
      ChatResponse response = context.chatResponse();
      if (!chat.namedAfterModel && response != null && response.modelName() != null) {
        chat.span.updateName("chat " + response.modelName());
      }
      recordResponse(chat.span, response);
      chat.span.end();
    }
  }

  void chatError(ChatModelErrorContext context) {
    if (context.attributes().remove(SPAN_KEY) instanceof ChatSpan chat) {
      recordError(chat.span, context.error());
      chat.span.end();
    }
  }

  /** A chat span in the listener's attributes, and whether its name already has the model in it. */
  private record ChatSpan(Span span, boolean namedAfterModel) {}

  /** Finds the invocation that issued this request, marking it as seen by a chat model listener. */
  private PendingRequest claim(ChatRequest request) {
    PendingRequest mine = issuedOnThisThread.get();
    issuedOnThisThread.remove();
    if (mine != null && !mine.claimed && !mine.invocation.ended && sameMessages(mine.request, request)) {
      mine.claimed = true;
      return mine;
    }
    for (Invocation invocation : invocations.values()) {
      for (PendingRequest pending : invocation.pending) {
        if (!pending.claimed && sameMessages(pending.request, request)) {
          pending.claimed = true;
          return pending;
        }
      }
    }
    return null;
  }

  private static boolean sameMessages(ChatRequest issued, ChatRequest seen) {
    return issued == seen || issued.messages().equals(seen.messages());
  }

  /**
   * A chat span named after the requested model, else after the model that answered
   * ({@code responseModel}, when known already), else just {@code chat}; the {@code gen_ai.request.*}
   * attributes come from the parameters sent only.
   */
  private SpanBuilder chatSpanBuilder(ChatRequestParameters sent, ModelProvider modelProvider,
      String responseModel) {
    ChatRequestParameters request = sent != null ? sent : ChatRequestParameters.builder().build();
    String model = request.modelName();
    String nameModel = model != null ? model : responseModel;
    SpanBuilder builder = tracer.spanBuilder(nameModel == null ? "chat" : "chat " + nameModel)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(OPERATION_NAME, "chat");
    String provider = provider(modelProvider);
    if (provider != null) {
      builder.setAttribute(PROVIDER_NAME, provider);
    }
    if (model != null) {
      builder.setAttribute(REQUEST_MODEL, model);
    }
    if (request.temperature() != null) {
      builder.setAttribute(REQUEST_TEMPERATURE, request.temperature());
    }
    if (request.topP() != null) {
      builder.setAttribute(REQUEST_TOP_P, request.topP());
    }
    if (request.topK() != null) {
      builder.setAttribute(REQUEST_TOP_K, request.topK().longValue());
    }
    if (request.maxOutputTokens() != null) {
      builder.setAttribute(REQUEST_MAX_TOKENS, request.maxOutputTokens().longValue());
    }
    if (request.frequencyPenalty() != null) {
      builder.setAttribute(REQUEST_FREQUENCY_PENALTY, request.frequencyPenalty());
    }
    if (request.presencePenalty() != null) {
      builder.setAttribute(REQUEST_PRESENCE_PENALTY, request.presencePenalty());
    }
    if (request.stopSequences() != null && !request.stopSequences().isEmpty()) {
      builder.setAttribute(REQUEST_STOP_SEQUENCES, request.stopSequences());
    }
    if (captureContent) {
      List<ToolSpecification> tools = request.toolSpecifications();
      if (tools != null && !tools.isEmpty()) {
        String definitions = JsonText.toolDefinitions(tools);
        if (definitions != null) {
          builder.setAttribute(TOOL_DEFINITIONS, definitions);
        }
      }
    }
    return builder;
  }

  private void recordResponse(Span span, ChatResponse response) {
    if (response == null) {
      return;
    }
    if (response.id() != null) {
      span.setAttribute(RESPONSE_ID, response.id());
    }
    if (response.modelName() != null) {
      span.setAttribute(RESPONSE_MODEL, response.modelName());
    }
    if (response.finishReason() != null) {
      span.setAttribute(RESPONSE_FINISH_REASONS, List.of(finishReason(response.finishReason())));
    }
    TokenUsage usage = response.tokenUsage();
    if (usage != null) {
      if (usage.inputTokenCount() != null) {
        span.setAttribute(USAGE_INPUT_TOKENS, usage.inputTokenCount().longValue());
      }
      if (usage.outputTokenCount() != null) {
        span.setAttribute(USAGE_OUTPUT_TOKENS, usage.outputTokenCount().longValue());
      }
    }
    if (captureContent && response.aiMessage() != null) {
      span.setAttribute(OUTPUT_MESSAGES, JsonText.outputMessages(response.aiMessage(),
          response.finishReason() == null ? null : finishReason(response.finishReason())));
    }
  }

  static void recordError(Span span, Throwable error) {
    if (error == null) {
      span.setAttribute(ERROR_TYPE, ERROR_TYPE_OTHER);
      span.setStatus(StatusCode.ERROR);
      return;
    }
    span.setAttribute(ERROR_TYPE, error.getClass().getName());
    span.setStatus(StatusCode.ERROR, error.getMessage() == null ? "" : error.getMessage());
    span.recordException(error);
  }

  // ---------------------------------------------------------------- parents and frames

  /**
   * The innermost tool or blocking AI-service call this thread is inside, unless a span was made
   * current since it began (the caller wrapped the call in a span of its own: that span is the
   * parent), else {@link Context#current()}.
   */
  private Context parentForAgent() {
    Deque<Frame> stack = frames.get();
    for (Iterator<Frame> it = stack.descendingIterator(); it.hasNext(); ) {
      Frame frame = it.next();
      if (!frame.ended()) {
        return frame.startedUnder.equals(Span.current().getSpanContext())
            ? Context.root().with(frame.span())
            : Context.current();
      }
    }
    return Context.current();
  }

  private void push(Frame frame) {
    Deque<Frame> stack = frames.get();
    stack.removeIf(Frame::ended);
    stack.addLast(frame);
  }

  private Invocation invocation(InvocationContext ic) {
    return ic == null ? null : invocations.get(ic.invocationId());
  }

  private static ModelProvider safeProvider(InvocationContext ic) {
    try {
      return ic.modelProvider();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Maps LangChain4j's provider to the GenAI {@code gen_ai.provider.name} values. */
  static String provider(ModelProvider provider) {
    if (provider == null) {
      return null;
    }
    return switch (provider) {
      case OPEN_AI -> "openai";
      case AZURE_OPEN_AI -> "azure.ai.openai";
      case ANTHROPIC -> "anthropic";
      case AMAZON_BEDROCK -> "aws.bedrock";
      case GOOGLE_AI_GEMINI -> "gcp.gemini";
      case GOOGLE_GENAI -> "gcp.gen_ai";
      case GOOGLE_VERTEX_AI_GEMINI, GOOGLE_VERTEX_AI_ANTHROPIC -> "gcp.vertex_ai";
      case MISTRAL_AI -> "mistral_ai";
      case WATSONX -> "ibm.watsonx.ai";
      case COHERE -> "cohere";
      // No GenAI value exists for these: LangChain4j's own name, lower-cased.
      default -> provider.name().toLowerCase(Locale.ROOT);
    };
  }

  /** Maps LangChain4j's finish reason to the values OpenAI-style conventions use. */
  static String finishReason(FinishReason reason) {
    return switch (reason) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case TOOL_EXECUTION -> "tool_calls";
      case CONTENT_FILTER -> "content_filter";
      default -> reason.name().toLowerCase(Locale.ROOT);
    };
  }

  ChatModelListener chatModelListener() {
    return new ChatModelListener() {
      @Override
      public void onRequest(ChatModelRequestContext context) {
        chatRequest(context);
      }

      @Override
      public void onResponse(ChatModelResponseContext context) {
        chatResponse(context);
      }

      @Override
      public void onError(ChatModelErrorContext context) {
        chatError(context);
      }

      @Override
      public String toString() {
        return "spanproof LangChain4j tracing (chat model listener)";
      }
    };
  }

  // ---------------------------------------------------------------- state

  /**
   * The AI-service calls in flight, shared by the bridges of every {@link LangChain4jTracing} over one
   * {@link OpenTelemetry} instance: a chat model traced by one and an AI service by another still give
   * one chat span per model call, under the agent's span, and listeners registered twice trace once.
   */
  static final class Calls {
    private static final Map<OpenTelemetry, Calls> BY_OPEN_TELEMETRY =
        Collections.synchronizedMap(new WeakHashMap<>());

    final Map<UUID, Invocation> invocations = new ConcurrentHashMap<>();
    final ThreadLocal<PendingRequest> issuedOnThisThread = new ThreadLocal<>();
    /** Blocking agents and tools running on this thread, innermost last; ended frames are skipped. */
    final ThreadLocal<Deque<Frame>> frames = ThreadLocal.withInitial(ArrayDeque::new);

    private Calls() {}

    static Calls of(OpenTelemetry openTelemetry) {
      return BY_OPEN_TELEMETRY.computeIfAbsent(openTelemetry, ignored -> new Calls());
    }
  }

  /** An open span on a thread's stack: an AI-service invocation or a tool execution. */
  private abstract static class Frame {
    final Span span;
    /** The span current on the thread that began the call. */
    final SpanContext startedUnder = Span.current().getSpanContext();
    volatile boolean ended;

    Frame(Span span) {
      this.span = span;
    }

    Span span() {
      return span;
    }

    boolean ended() {
      return ended;
    }
  }

  private static final class Invocation extends Frame {
    final UUID id;
    final java.util.Queue<PendingRequest> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
    final List<ToolFrame> tools = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The events and hook arguments handled so far: each reaches every listener registered. */
    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    final ServiceCalls.Kind kind;

    Invocation(UUID id, ServiceCalls.Kind kind, Span span) {
      super(span);
      this.id = id;
      this.kind = kind;
    }

    /** False when another listener of ours (of this or another tracing) already handled it. */
    synchronized boolean firstSight(Object eventOrHookArgument) {
      return !ended && seen.add(eventOrHookArgument);
    }

    PendingRequest removePending(ChatRequest request) {
      PendingRequest found = null;
      for (PendingRequest p : pending) {
        if (p.request == request) {
          found = p;
          break;
        }
      }
      if (found == null) {
        for (PendingRequest p : pending) {
          if (p.request.equals(request)) {
            found = p;
            break;
          }
        }
      }
      if (found != null) {
        pending.remove(found);
      }
      return found;
    }

    ToolFrame findTool(ToolExecutionRequest request) {
      for (ToolFrame t : tools) {
        if (t.request == request) {
          return t;
        }
      }
      for (ToolFrame t : tools) {
        if (!t.ended && t.request.equals(request)) {
          return t;
        }
      }
      for (ToolFrame t : tools) {
        if (t.request.equals(request)) {
          return t;
        }
      }
      return null;
    }

    void end(Throwable error) {
      ended = true;
      for (ToolFrame tool : new ArrayList<>(tools)) {
        if (!tool.ended) {
          tool.ended = true;
          if (error != null) {
            recordError(tool.span, error);
          }
          tool.span.end();
        }
      }
      tools.clear();
      pending.clear();
      synchronized (this) {
        seen.clear();
      }
      if (error != null) {
        recordError(span, error);
      }
      span.end();
    }
  }

  private static final class ToolFrame extends Frame {
    final ToolExecutionRequest request;

    ToolFrame(ToolExecutionRequest request, Span span) {
      super(span);
      this.request = request;
    }
  }

  private static final class PendingRequest {
    final Invocation invocation;
    final ChatRequest request;
    final Instant issuedAt;
    volatile boolean claimed;

    PendingRequest(Invocation invocation, ChatRequest request, Instant issuedAt) {
      this.invocation = invocation;
      this.request = request;
      this.issuedAt = issuedAt;
    }
  }
}
