package dev.spanproof.assertions.conventions;

import static dev.spanproof.assertions.GenAiAttributes.*;

import dev.spanproof.assertions.SpanRole;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Optional;

/**
 * The OpenTelemetry GenAI semantic conventions, current and older names ({@code gen_ai.system},
 * {@code gen_ai.usage.prompt_tokens}), as emitted by the openai-java instrumentation, AutoGen,
 * OpenLLMetry and the anthropic-java SDK (whose stop reason, {@code anthropic.message.stop_reason},
 * is read as the finish reason when {@code gen_ai.response.finish_reasons} is absent). Spans without {@code gen_ai.operation.name} are recognised by a span name that
 * starts with a GenAI operation ({@code "chat gpt-4"}).
 */
public class GenAiConvention implements TraceConvention {

  @Override
  public String name() {
    return "genai";
  }

  @Override
  public Optional<SpanFacts> read(SpanData span, Attrs a, List<LogRecordData> logs) {
    String operation = a.string(OPERATION_NAME);
    if (operation == null) {
      operation = a.string(LLM_REQUEST_TYPE); // OpenLLMetry before gen_ai.operation.name
    }
    if (operation == null) {
      operation = operationFromSpanName(span.getName());
    }
    if (operation == null) {
      return Optional.empty();
    }
    SpanRole role = roleOf(operation);
    if (role == null) {
      return Optional.empty();
    }
    SpanFacts.Builder facts = SpanFacts.builder(name(), role)
        .operation(normalOperation(operation))
        .provider(a.firstString(PROVIDER_NAME, SYSTEM))
        .errorType(Conventions.errorType(span, a));
    switch (role) {
      case AGENT -> facts
          .subject(orFromSpanName(a.string(AGENT_NAME), span, operation))
          .agentId(a.string(AGENT_ID));
      case WORKFLOW -> facts.subject(orFromSpanName(a.string(WORKFLOW_NAME), span, operation));
      case LLM -> {
        String requestModel = a.string(REQUEST_MODEL);
        String responseModel = a.string(RESPONSE_MODEL);
        facts.requestModel(requestModel)
            .responseModel(responseModel)
            .subject(orFromSpanName(requestModel != null ? requestModel : responseModel, span, operation))
            .usage(Conventions.genAiUsage(a))
            .finishReasons(finishReasons(a))
            .toolDefinitions(a.string(TOOL_DEFINITIONS));
        String outputMessages = a.string(OUTPUT_MESSAGES);
        if (outputMessages != null) {
          RequestedToolCalls.fromOutputMessages(outputMessages).forEach(facts::requestedToolCall);
        }
        if (!logs.isEmpty()) {
          RequestedToolCalls.fromChoiceLogs(logs).forEach(facts::requestedToolCall);
        }
      }
      case TOOL -> facts
          .subject(orFromSpanName(a.string(TOOL_NAME), span, operation))
          .toolCallId(a.firstString(TOOL_CALL_ID, SPRING_AI_TOOL_CALL_ID, ADK_TOOL_CALL_ID))
          .toolArguments(a.firstString(TOOL_CALL_ARGUMENTS, SPRING_AI_TOOL_CALL_ARGUMENTS))
          .toolResult(a.firstString(TOOL_CALL_RESULT, SPRING_AI_TOOL_CALL_RESULT));
      default -> { }
    }
    return Optional.of(facts.build());
  }

  /**
   * Reads {@code gen_ai.response.finish_reasons}, falling back to the anthropic-java SDK's
   * {@code anthropic.message.stop_reason}.
   */
  private static List<String> finishReasons(Attrs a) {
    List<String> reasons = a.strings(RESPONSE_FINISH_REASONS);
    return reasons.isEmpty() ? a.strings(ANTHROPIC_MESSAGE_STOP_REASON) : reasons;
  }

  /**
   * Maps a GenAI operation name to a role.
   *
   * @param operation the operation name
   * @return the role, or null for operations spanproof does not model (embeddings, memory, ...)
   */
  protected SpanRole roleOf(String operation) {
    return roleOfOperation(operation);
  }

  private static final String CHAT = "chat";
  private static final String EXECUTE_TOOL = "execute_tool";
  private static final String INVOKE_AGENT = "invoke_agent";

  /** What {@link #roleOf(String)} answers unless a subclass overrides it. */
  @SuppressWarnings("StringEquality") // identity first, equality in the switch below
  static SpanRole roleOfOperation(String operation) {
    // Instrumentations write these names from string constants, the same instances as the literals
    // here: the usual three are answered without hashing the text (any other instance, equal or
    // not, goes through the switch). A 100k-span trace asks this for every span.
    if (operation == CHAT) {
      return SpanRole.LLM;
    }
    if (operation == EXECUTE_TOOL) {
      return SpanRole.TOOL;
    }
    if (operation == INVOKE_AGENT) {
      return SpanRole.AGENT;
    }
    return switch (operation) {
      case "invoke_agent", "create_agent", "agent" -> SpanRole.AGENT;
      case "chat", "text_completion", "generate_content", "completion", "call_llm" -> SpanRole.LLM;
      case "execute_tool", "tool" -> SpanRole.TOOL;
      case "invoke_workflow", "workflow" -> SpanRole.WORKFLOW;
      default -> null;
    };
  }

  @SuppressWarnings("StringEquality")
  static String normalOperation(String operation) {
    if (operation == CHAT || operation == EXECUTE_TOOL || operation == INVOKE_AGENT) {
      return operation; // already normal; see roleOfOperation
    }
    return switch (operation) {
      case "completion", "call_llm" -> "chat";
      case "agent" -> "invoke_agent";
      case "tool" -> "execute_tool";
      case "workflow" -> "invoke_workflow";
      default -> operation;
    };
  }

  private static final List<String> SPAN_NAME_OPERATIONS = List.of("invoke_agent", "create_agent", "chat",
      "text_completion", "generate_content", "execute_tool", "invoke_workflow");

  static String operationFromSpanName(String spanName) {
    for (String op : SPAN_NAME_OPERATIONS) {
      if (spanName.startsWith(op)
          && (spanName.length() == op.length() || spanName.charAt(op.length()) == ' ')) {
        return op;
      }
    }
    return null;
  }

  private static String orFromSpanName(String value, SpanData span, String operation) {
    return value != null ? value : subjectFromSpanName(span.getName(), operation);
  }

  static String subjectFromSpanName(String spanName, String operation) {
    if (spanName.length() > operation.length() + 1 && spanName.startsWith(operation)
        && spanName.charAt(operation.length()) == ' ') {
      String subject = spanName.substring(operation.length() + 1).trim();
      return subject.isEmpty() ? null : subject;
    }
    return null;
  }

  @SafeVarargs
  static <T> T firstNonNull(T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
