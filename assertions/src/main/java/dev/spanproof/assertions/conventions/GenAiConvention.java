package dev.spanproof.assertions.conventions;

import static dev.spanproof.assertions.GenAiAttributes.*;

import dev.spanproof.assertions.SpanRole;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Optional;

/**
 * The OpenTelemetry GenAI semantic conventions, current and older names ({@code gen_ai.system},
 * {@code gen_ai.usage.prompt_tokens}), as emitted by the openai-java instrumentation, AutoGen and
 * OpenLLMetry. Spans without {@code gen_ai.operation.name} are recognised by a span name that
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
          .subject(firstNonNull(a.string(AGENT_NAME), subjectFromSpanName(span.getName(), operation)))
          .agentId(a.string(AGENT_ID));
      case WORKFLOW -> facts.subject(
          firstNonNull(a.string(WORKFLOW_NAME), subjectFromSpanName(span.getName(), operation)));
      case LLM -> {
        String requestModel = a.string(REQUEST_MODEL);
        String responseModel = a.string(RESPONSE_MODEL);
        facts.requestModel(requestModel)
            .responseModel(responseModel)
            .subject(firstNonNull(requestModel, responseModel,
                subjectFromSpanName(span.getName(), operation)))
            .usage(Conventions.genAiUsage(a))
            .finishReasons(a.strings(RESPONSE_FINISH_REASONS))
            .toolDefinitions(a.string(TOOL_DEFINITIONS));
        RequestedToolCalls.fromOutputMessages(a.string(OUTPUT_MESSAGES))
            .forEach(facts::requestedToolCall);
        RequestedToolCalls.fromChoiceLogs(logs).forEach(facts::requestedToolCall);
      }
      case TOOL -> facts
          .subject(firstNonNull(a.string(TOOL_NAME), subjectFromSpanName(span.getName(), operation)))
          .toolCallId(a.firstString(TOOL_CALL_ID, SPRING_AI_TOOL_CALL_ID, ADK_TOOL_CALL_ID))
          .toolArguments(a.firstString(TOOL_CALL_ARGUMENTS, SPRING_AI_TOOL_CALL_ARGUMENTS))
          .toolResult(a.firstString(TOOL_CALL_RESULT, SPRING_AI_TOOL_CALL_RESULT));
      default -> { }
    }
    return Optional.of(facts.build());
  }

  /**
   * Maps a GenAI operation name to a role.
   *
   * @param operation the operation name
   * @return the role, or null for operations spanproof does not model (embeddings, memory, ...)
   */
  protected SpanRole roleOf(String operation) {
    return switch (operation) {
      case "invoke_agent", "create_agent", "agent" -> SpanRole.AGENT;
      case "chat", "text_completion", "generate_content", "completion", "call_llm" -> SpanRole.LLM;
      case "execute_tool", "tool" -> SpanRole.TOOL;
      case "invoke_workflow", "workflow" -> SpanRole.WORKFLOW;
      default -> null;
    };
  }

  private static String normalOperation(String operation) {
    return switch (operation) {
      case "completion", "call_llm" -> "chat";
      case "agent" -> "invoke_agent";
      case "tool" -> "execute_tool";
      case "workflow" -> "invoke_workflow";
      default -> operation;
    };
  }

  private static String operationFromSpanName(String spanName) {
    for (String op : List.of("invoke_agent", "create_agent", "chat", "text_completion",
        "generate_content", "execute_tool", "invoke_workflow")) {
      if (spanName.equals(op) || spanName.startsWith(op + " ")) {
        return op;
      }
    }
    return null;
  }

  static String subjectFromSpanName(String spanName, String operation) {
    if (spanName.startsWith(operation + " ")) {
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
