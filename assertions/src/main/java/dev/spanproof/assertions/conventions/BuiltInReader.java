package dev.spanproof.assertions.conventions;

import static dev.spanproof.assertions.GenAiAttributes.*;

import dev.spanproof.assertions.RequestedToolCall;
import dev.spanproof.assertions.SpanRole;
import dev.spanproof.assertions.TokenUsage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Reads a span as exactly {@link Conventions#builtIn()} would, in one pass over its attributes and
 * without an {@link Attrs}: the keys the GenAI convention reads are caught into slots, and the
 * markers of the other built-in conventions are noted. A span that any other built-in convention
 * might claim (or that is unusual: many attributes, log records) is left to the conventions
 * ({@link #read} returns null). What it returns for the others is what {@link GenAiConvention}
 * returns, or the "none" facts when it does not recognise the span; {@code ConventionsFastPathTest}
 * compares both ways over every kind of span the tests know.
 *
 * <p>Not thread-safe: one instance per thread, reused from span to span.
 */
final class BuiltInReader implements BiConsumer<AttributeKey<?>, Object>, Function<SpanData, SpanFacts> {

  // the keys read here, by slot
  private static final String[] KEYS = {
      OPERATION_NAME, PROVIDER_NAME, SYSTEM, ERROR_TYPE, AGENT_NAME, AGENT_ID, WORKFLOW_NAME,
      REQUEST_MODEL, RESPONSE_MODEL, USAGE_INPUT_TOKENS, USAGE_PROMPT_TOKENS, USAGE_OUTPUT_TOKENS,
      USAGE_COMPLETION_TOKENS, USAGE_CACHE_READ_INPUT_TOKENS, USAGE_REASONING_OUTPUT_TOKENS,
      RESPONSE_FINISH_REASONS, ANTHROPIC_MESSAGE_STOP_REASON, TOOL_DEFINITIONS, OUTPUT_MESSAGES,
      TOOL_NAME, TOOL_CALL_ID, ADK_TOOL_CALL_ID, TOOL_CALL_ARGUMENTS, TOOL_CALL_RESULT,
      // markers of the conventions asked before GenAI: their presence sends the span to them
      OPENINFERENCE_SPAN_KIND, TRACELOOP_SPAN_KIND, LLM_REQUEST_TYPE};
  private static final int OPERATION = 0;
  private static final int PROVIDER = 1;
  private static final int SYSTEM_ = 2;
  private static final int ERROR = 3;
  private static final int AGENT = 4;
  private static final int AGENT_ID_ = 5;
  private static final int WORKFLOW = 6;
  private static final int REQUEST = 7;
  private static final int RESPONSE = 8;
  private static final int INPUT = 9;
  private static final int PROMPT = 10;
  private static final int OUTPUT = 11;
  private static final int COMPLETION = 12;
  private static final int CACHE_READ = 13;
  private static final int REASONING = 14;
  private static final int FINISH = 15;
  private static final int STOP_REASON = 16;
  private static final int TOOL_DEFS = 17;
  private static final int OUTPUT_MESSAGES_ = 18;
  private static final int TOOL = 19;
  private static final int CALL_ID = 20;
  private static final int ADK_CALL_ID = 21;
  private static final int ARGUMENTS = 22;
  private static final int RESULT = 23;
  private static final int FIRST_MARKER = 24;

  // open addressing from key name to slot: the names' hashes are cached, equal names are mostly
  // the same instance, so a key costs a shift, a mask and one or two comparisons
  private static final int TABLE_SIZE = 128;
  private static final String[] TABLE_NAMES = new String[TABLE_SIZE];
  private static final int[] TABLE_SLOTS = new int[TABLE_SIZE];

  static {
    for (int slot = 0; slot < KEYS.length; slot++) {
      int i = spread(KEYS[slot].hashCode());
      while (TABLE_NAMES[i] != null) {
        i = (i + 1) & (TABLE_SIZE - 1);
      }
      TABLE_NAMES[i] = KEYS[slot];
      TABLE_SLOTS[i] = slot;
    }
  }

  private static int spread(int hash) {
    return (hash ^ (hash >>> 7) ^ (hash >>> 16)) & (TABLE_SIZE - 1);
  }

  private final Object[] slots = new Object[KEYS.length];
  private long filled; // one bit per slot holding a value
  private boolean marked; // a key another built-in convention claims the span by

  /**
   * Reads the span, or returns null when the conventions have to read it, also when reading it here
   * fails (the conventions then read it again and name the one that fails).
   *
   * @param span the span
   * @return the facts, or null
   */
  @Override
  public SpanFacts apply(SpanData span) {
    try {
      return read(span);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Reads the span, or returns null when the conventions have to read it.
   *
   * @param span the span
   * @return the facts, or null
   */
  SpanFacts read(SpanData span) {
    Attributes attributes = span.getAttributes();
    if (attributes.size() > Attrs.SCAN_LIMIT
        || ADK_SCOPE.equals(span.getInstrumentationScopeInfo().getName())) {
      return null;
    }
    marked = false;
    try {
      attributes.forEach(this);
      return marked || (filled >>> FIRST_MARKER) != 0 ? null : readGenAi(span);
    } finally {
      // clear only the slots this span filled, for the next span
      for (long left = filled; left != 0; left &= left - 1) {
        slots[Long.numberOfTrailingZeros(left)] = null;
      }
      filled = 0;
    }
  }

  private SpanFacts readGenAi(SpanData span) {
    String name = span.getName();
    String operation = Attrs.text(slots[OPERATION]);
    String system = Attrs.text(slots[SYSTEM_]);
    // Google ADK's and Spring AI's markers (AdkConvention, SpringAiConvention)
    if (ADK_SCOPE.equals(system) || "call_llm".equals(operation) || name.startsWith("spring_ai ")
        || (slots[INPUT] instanceof String && slots[PROVIDER] == null)) {
      return null;
    }
    String errorType = Conventions.errorType(span, Attrs.text(slots[ERROR]));
    if (operation == null) {
      operation = GenAiConvention.operationFromSpanName(name);
    }
    SpanRole role = operation == null ? null : GenAiConvention.roleOfOperation(operation);
    if (role == null) {
      // no convention recognises the span: what AgentTrace makes of it
      return new SpanFacts("none", SpanRole.OTHER, name, null, null, null, null, null, null, null,
          null, null, null, null, null, errorType);
    }
    String provider = Attrs.text(slots[PROVIDER]);
    if (provider == null) {
      provider = system;
    }
    String subject = null;
    String agentId = null;
    String requestModel = null;
    String responseModel = null;
    TokenUsage usage = null;
    List<String> finishReasons = null;
    List<RequestedToolCall> requested = null;
    String toolDefinitions = null;
    String toolCallId = null;
    String arguments = null;
    String result = null;
    switch (role) {
      case AGENT -> {
        subject = fromSpanName(Attrs.text(slots[AGENT]), name, operation);
        agentId = Attrs.text(slots[AGENT_ID_]);
      }
      case WORKFLOW -> subject = fromSpanName(Attrs.text(slots[WORKFLOW]), name, operation);
      case LLM -> {
        requestModel = Attrs.text(slots[REQUEST]);
        responseModel = Attrs.text(slots[RESPONSE]);
        subject = fromSpanName(requestModel != null ? requestModel : responseModel, name, operation);
        usage = usage();
        finishReasons = Attrs.list(slots[FINISH]);
        if (finishReasons.isEmpty()) {
          finishReasons = Attrs.list(slots[STOP_REASON]);
        }
        toolDefinitions = Attrs.text(slots[TOOL_DEFS]);
        String outputMessages = Attrs.text(slots[OUTPUT_MESSAGES_]);
        if (outputMessages != null) {
          requested = RequestedToolCalls.fromOutputMessages(outputMessages);
        }
      }
      case TOOL -> {
        subject = fromSpanName(Attrs.text(slots[TOOL]), name, operation);
        toolCallId = first(CALL_ID, ADK_CALL_ID);
        arguments = Attrs.text(slots[ARGUMENTS]);
        result = Attrs.text(slots[RESULT]);
      }
      default -> { }
    }
    return new SpanFacts("genai", role, GenAiConvention.normalOperation(operation), subject, provider,
        requestModel, responseModel, usage, finishReasons, requested, toolDefinitions, agentId,
        toolCallId, arguments, result, errorType);
  }

  @Override
  public void accept(AttributeKey<?> key, Object value) {
    String name = key.getKey();
    for (int i = spread(name.hashCode()); ; i = (i + 1) & (TABLE_SIZE - 1)) {
      String known = TABLE_NAMES[i];
      if (known == null) {
        break;
      }
      if (known == name || known.equals(name)) {
        int slot = TABLE_SLOTS[i];
        if ((filled & (1L << slot)) == 0) { // the first of equal names, as Attrs answers
          slots[slot] = value;
          filled |= 1L << slot;
        }
        return;
      }
    }
    if (name.startsWith("spring.ai.") || name.startsWith("gcp.vertex.agent.")) {
      marked = true;
    }
  }

  private String first(int slot, int otherSlot) {
    String text = Attrs.text(slots[slot]);
    return text != null ? text : Attrs.text(slots[otherSlot]);
  }

  private Long firstNumber(int slot, int otherSlot) {
    Long number = Attrs.number(slots[slot]);
    return number != null ? number : Attrs.number(slots[otherSlot]);
  }

  /** {@link Conventions#genAiUsage(Attrs)} from the slots. */
  private TokenUsage usage() {
    Long input = firstNumber(INPUT, PROMPT);
    Long output = firstNumber(OUTPUT, COMPLETION);
    if (input == null && output == null) {
      return null;
    }
    return new TokenUsage(Conventions.nz(input), Conventions.nz(output),
        Conventions.nz(Attrs.number(slots[CACHE_READ])), Conventions.nz(Attrs.number(slots[REASONING])));
  }

  private static String fromSpanName(String value, String spanName, String operation) {
    return value != null ? value : GenAiConvention.subjectFromSpanName(spanName, operation);
  }
}
