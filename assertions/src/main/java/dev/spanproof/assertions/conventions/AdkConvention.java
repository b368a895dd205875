package dev.spanproof.assertions.conventions;

import static dev.spanproof.assertions.GenAiAttributes.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spanproof.assertions.SpanRole;
import dev.spanproof.assertions.internal.Json;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Google ADK's built-in tracing (instrumentation scope {@code gcp.vertex.agent}): {@code invocation},
 * {@code invoke_agent NAME}, {@code call_llm} (with tool spans as its children),
 * {@code execute_tool NAME} with {@code gen_ai.tool_call.id} and arguments/results in
 * {@code gcp.vertex.agent.tool_call_args}/{@code tool_response}.
 */
public class AdkConvention implements TraceConvention {

  @Override
  public String name() {
    return "adk";
  }

  @Override
  public Optional<SpanFacts> read(SpanData span, Attrs a, List<LogRecordData> logs) {
    boolean adk = ADK_SCOPE.equals(span.getInstrumentationScopeInfo().getName())
        || ADK_SCOPE.equals(a.string(SYSTEM))
        || "call_llm".equals(a.string(OPERATION_NAME))
        || a.hasPrefix("gcp.vertex.agent.");
    if (!adk) {
      return Optional.empty();
    }
    String name = span.getName();
    String error = Conventions.errorType(span, a);
    if (name.equals("call_llm") || "call_llm".equals(a.string(OPERATION_NAME))) {
      String model = a.firstString(REQUEST_MODEL, RESPONSE_MODEL);
      SpanFacts.Builder facts = SpanFacts.builder(name(), SpanRole.LLM)
          .operation("chat")
          .subject(model)
          .provider(a.firstString(PROVIDER_NAME, SYSTEM))
          .requestModel(a.string(REQUEST_MODEL))
          .responseModel(a.string(RESPONSE_MODEL))
          .usage(Conventions.genAiUsage(a))
          .finishReasons(a.strings(RESPONSE_FINISH_REASONS).stream()
              .map(r -> r.toLowerCase(Locale.ROOT)).toList())
          .toolDefinitions(toolDefinitions(a.string(ADK_LLM_REQUEST)))
          .errorType(error);
      RequestedToolCalls.fromAdkResponse(a.string(ADK_LLM_RESPONSE)).forEach(facts::requestedToolCall);
      return Optional.of(facts.build());
    }
    if (name.startsWith("execute_tool") && !name.equals("execute_tool (merged)")) {
      return Optional.of(SpanFacts.builder(name(), SpanRole.TOOL)
          .subject(GenAiConvention.firstNonNull(
              a.string(TOOL_NAME), GenAiConvention.subjectFromSpanName(name, "execute_tool")))
          .toolCallId(a.firstString(ADK_TOOL_CALL_ID, TOOL_CALL_ID))
          .toolArguments(a.firstString(ADK_TOOL_CALL_ARGS, TOOL_CALL_ARGUMENTS))
          .toolResult(a.firstString(ADK_TOOL_RESPONSE, TOOL_CALL_RESULT))
          .errorType(error)
          .build());
    }
    if (name.startsWith("invoke_agent")) {
      return Optional.of(SpanFacts.builder(name(), SpanRole.AGENT)
          .subject(GenAiConvention.firstNonNull(
              a.string(AGENT_NAME), GenAiConvention.subjectFromSpanName(name, "invoke_agent")))
          .errorType(error)
          .build());
    }
    return Optional.of(SpanFacts.builder(name(), SpanRole.OTHER).operation(name).errorType(error).build());
  }

  /** Turns ADK's {@code config.tools[].functionDeclarations[]} into {@code [{"name":..,"parameters":..}]}. */
  static String toolDefinitions(String llmRequest) {
    JsonNode request = Json.parseOrNull(llmRequest);
    if (request == null) {
      return null;
    }
    ArrayNode out = Json.mapper().createArrayNode();
    for (JsonNode tool : request.path("config").path("tools")) {
      JsonNode declarations = tool.has("functionDeclarations")
          ? tool.get("functionDeclarations") : tool.path("function_declarations");
      for (JsonNode declaration : declarations) {
        ObjectNode definition = out.addObject();
        definition.put("type", "function");
        definition.put("name", declaration.path("name").asText());
        JsonNode parameters = declaration.has("parameters")
            ? declaration.get("parameters") : declaration.get("parametersJsonSchema");
        if (parameters != null) {
          definition.set("parameters", Json.lowerCaseTypes(parameters));
        }
      }
    }
    return out.isEmpty() ? null : out.toString();
  }
}
