package dev.spanproof.assertions.conventions;

import static dev.spanproof.assertions.GenAiAttributes.*;

import dev.spanproof.assertions.SpanRole;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Spring AI's Micrometer observations bridged to OpenTelemetry: GenAI names with every value a
 * string ({@code gen_ai.usage.input_tokens="82"}), the old {@code gen_ai.system}, tool calls in
 * {@code spring.ai.tool.call.*}. The {@code spring_ai chat_client} and advisor spans are
 * {@link SpanRole#OTHER}.
 *
 * <p>As Spring AI 1.1 emits them: tool observations are named {@code "tool_call {tool}"} with
 * {@code gen_ai.operation.name=framework} and {@code spring.ai.kind=tool_call}, the tool in
 * {@code spring.ai.tool.definition.name}; they are read as {@code execute_tool {tool}}. Finish
 * reasons are Spring AI's enum names ({@code ["TOOL_CALLS"]}) and are read in lower case
 * ({@code tool_calls}). Usage is read as written: within Spring AI's internal tool loop each chat
 * span carries the usage accumulated so far, not that call's own.
 */
public class SpringAiConvention implements TraceConvention {

  private static final String TOOL_CALL_KIND = "tool_call";

  private final GenAiConvention genAi = new GenAiConvention();

  @Override
  public String name() {
    return "spring-ai";
  }

  @Override
  public Optional<SpanFacts> read(SpanData span, Attrs a, List<LogRecordData> logs) {
    boolean springAi = a.hasPrefix("spring.ai.")
        || span.getName().startsWith("spring_ai ")
        || (a.raw(USAGE_INPUT_TOKENS) instanceof String && !a.has(PROVIDER_NAME));
    if (!springAi) {
      return Optional.empty();
    }
    if (isToolCall(span, a)) {
      return Optional.of(toolCall(span, a));
    }
    Optional<SpanFacts> read = genAi.read(span, a, logs);
    if (read.isEmpty()) {
      return Optional.of(SpanFacts.builder(name(), SpanRole.OTHER)
          .operation(span.getName())
          .errorType(Conventions.errorType(span, a))
          .build());
    }
    SpanFacts facts = read.get();
    if (facts.role() == SpanRole.TOOL && facts.subject() == null) {
      facts = facts.toBuilder().subject(a.string(SPRING_AI_TOOL_DEFINITION_NAME)).build();
    }
    if (facts.role() == SpanRole.LLM && !facts.finishReasons().isEmpty()) {
      facts = facts.toBuilder()
          .finishReasons(facts.finishReasons().stream().map(r -> r.toLowerCase(Locale.ROOT)).toList())
          .build();
    }
    return Optional.of(facts.toBuilderWithConvention(name()));
  }

  /** Spring AI 1.1's tool observation: {@code spring.ai.kind=tool_call}, operation {@code framework}. */
  private static boolean isToolCall(SpanData span, Attrs a) {
    if (a.has(SPRING_AI_KIND)) {
      return TOOL_CALL_KIND.equals(a.string(SPRING_AI_KIND));
    }
    return "framework".equals(a.string(OPERATION_NAME)) && span.getName().startsWith(TOOL_CALL_KIND + " ");
  }

  private SpanFacts toolCall(SpanData span, Attrs a) {
    String tool = a.string(SPRING_AI_TOOL_DEFINITION_NAME);
    if (tool == null) {
      tool = GenAiConvention.subjectFromSpanName(span.getName(), TOOL_CALL_KIND);
    }
    return SpanFacts.builder(name(), SpanRole.TOOL)
        .operation("execute_tool")
        .subject(tool)
        .toolCallId(a.firstString(TOOL_CALL_ID, SPRING_AI_TOOL_CALL_ID))
        .toolArguments(a.firstString(SPRING_AI_TOOL_CALL_ARGUMENTS, TOOL_CALL_ARGUMENTS))
        .toolResult(a.firstString(SPRING_AI_TOOL_CALL_RESULT, TOOL_CALL_RESULT))
        .errorType(Conventions.errorType(span, a))
        .build();
  }
}
