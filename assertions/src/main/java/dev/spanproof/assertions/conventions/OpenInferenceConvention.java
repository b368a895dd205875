package dev.spanproof.assertions.conventions;

import static dev.spanproof.assertions.GenAiAttributes.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.spanproof.assertions.RequestedToolCall;
import dev.spanproof.assertions.SpanRole;
import dev.spanproof.assertions.TokenUsage;
import dev.spanproof.assertions.internal.Json;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * OpenInference (Arize Phoenix): {@code openinference.span.kind} LLM/TOOL/AGENT/CHAIN...,
 * {@code llm.model_name}, {@code llm.token_count.*}, {@code tool.name}, tool arguments and results
 * in {@code input.value}/{@code output.value}, requested tool calls in flattened
 * {@code llm.output_messages.N.message.tool_calls.M.tool_call.*} keys.
 */
public class OpenInferenceConvention implements TraceConvention {

  @Override
  public String name() {
    return "openinference";
  }

  @Override
  public Optional<SpanFacts> read(SpanData span, Attrs a, List<LogRecordData> logs) {
    String kind = a.string(OPENINFERENCE_SPAN_KIND);
    if (kind == null) {
      return Optional.empty();
    }
    String error = Conventions.errorType(span, a);
    return Optional.of(switch (kind.toUpperCase(Locale.ROOT)) {
      case "LLM" -> llm(a, error);
      case "TOOL" -> SpanFacts.builder(name(), SpanRole.TOOL)
          .subject(GenAiConvention.firstNonNull(a.string(TOOL_NAME_OPENINFERENCE), span.getName()))
          .toolCallId(a.string(TOOL_CALL_ID_OPENINFERENCE))
          .toolArguments(a.string(INPUT_VALUE))
          .toolResult(a.string(OUTPUT_VALUE))
          .errorType(error)
          .build();
      case "AGENT" -> SpanFacts.builder(name(), SpanRole.AGENT)
          .subject(GenAiConvention.firstNonNull(a.string(AGENT_NAME_OPENINFERENCE), span.getName()))
          .errorType(error)
          .build();
      default -> SpanFacts.builder(name(), SpanRole.OTHER).operation(span.getName()).errorType(error).build();
    });
  }

  private SpanFacts llm(Attrs a, String error) {
    Long input = a.longValue(LLM_TOKEN_COUNT_PROMPT);
    Long output = a.longValue(LLM_TOKEN_COUNT_COMPLETION);
    TokenUsage usage = input == null && output == null ? null : new TokenUsage(
        Conventions.nz(input), Conventions.nz(output),
        Conventions.nz(a.longValue(LLM_TOKEN_COUNT_PROMPT_CACHE_READ)),
        Conventions.nz(a.longValue(LLM_TOKEN_COUNT_COMPLETION_REASONING)));
    String model = a.string(LLM_MODEL_NAME);
    SpanFacts.Builder facts = SpanFacts.builder(name(), SpanRole.LLM)
        .subject(model)
        .requestModel(model)
        .responseModel(model)
        .provider(a.firstString(LLM_PROVIDER, "llm.system"))
        .usage(usage)
        .errorType(error);
    ArrayNode tools = Json.mapper().createArrayNode();
    for (int i = 0; a.has(LLM_TOOLS_PREFIX + i + ".tool.json_schema"); i++) {
      JsonNode schema = Json.parseOrNull(a.string(LLM_TOOLS_PREFIX + i + ".tool.json_schema"));
      if (schema != null) {
        // {"type":"function","function":{"name":..,"parameters":..}} in OpenAI's shape
        tools.add(schema.has("function") ? schema.get("function") : schema);
      }
    }
    if (!tools.isEmpty()) {
      facts.toolDefinitions(tools.toString());
    }
    // every output message there is (one per choice), numbered from 0 without gaps
    for (int m = 0; a.hasPrefix("llm.output_messages." + m + "."); m++) {
      String base = "llm.output_messages." + m + ".message.tool_calls.";
      for (int c = 0; a.has(base + c + ".tool_call.function.name"); c++) {
        facts.requestedToolCall(new RequestedToolCall(
            a.string(base + c + ".tool_call.function.name"),
            a.string(base + c + ".tool_call.id"),
            a.string(base + c + ".tool_call.function.arguments")));
      }
    }
    return facts.build();
  }
}
