package dev.spanproof.assertions.conventions;

import static dev.spanproof.assertions.GenAiAttributes.EVENT_CHOICE;
import static dev.spanproof.assertions.GenAiAttributes.EVENT_NAME;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanproof.assertions.RequestedToolCall;
import dev.spanproof.assertions.internal.Json;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import java.util.ArrayList;
import java.util.List;

/** Reads the tool calls a model asked for, from the places the conventions put them. */
final class RequestedToolCalls {

  private RequestedToolCalls() {}

  /**
   * From {@code gen_ai.output.messages}: {@code [{"role":"assistant","parts":[{"type":"tool_call",
   * "id":..,"name":..,"arguments":{..}}]}]}.
   */
  static List<RequestedToolCall> fromOutputMessages(String json) {
    List<RequestedToolCall> calls = new ArrayList<>();
    JsonNode messages = Json.parseOrNull(json);
    if (messages == null || !messages.isArray()) {
      return calls;
    }
    for (JsonNode message : messages) {
      for (JsonNode part : message.path("parts")) {
        if ("tool_call".equals(part.path("type").asText())) {
          calls.add(new RequestedToolCall(
              part.path("name").asText(null), textOrNull(part.get("id")), jsonText(part.get("arguments"))));
        }
      }
    }
    return calls;
  }

  /**
   * From {@code gen_ai.choice} log records (openai-java instrumentation): body
   * {@code {"message":{"tool_calls":[{"id":..,"function":{"name":..,"arguments":"{..}"}}]}}}.
   */
  static List<RequestedToolCall> fromChoiceLogs(List<LogRecordData> logs) {
    List<RequestedToolCall> calls = new ArrayList<>();
    for (LogRecordData log : logs) {
      String event = log.getEventName();
      if (event == null) {
        event = log.getAttributes().get(AttributeKey.stringKey(EVENT_NAME));
      }
      if (!EVENT_CHOICE.equals(event)) {
        continue;
      }
      JsonNode body = Json.fromValue(log.getBodyValue());
      if (body == null) {
        continue;
      }
      for (JsonNode call : body.path("message").path("tool_calls")) {
        JsonNode function = call.path("function");
        calls.add(new RequestedToolCall(
            function.path("name").asText(null), textOrNull(call.get("id")), jsonText(function.get("arguments"))));
      }
    }
    return calls;
  }

  /** From an ADK {@code llm_response}: {@code {"content":{"parts":[{"functionCall":{..}}]}}}. */
  static List<RequestedToolCall> fromAdkResponse(String json) {
    List<RequestedToolCall> calls = new ArrayList<>();
    JsonNode response = Json.parseOrNull(json);
    if (response == null) {
      return calls;
    }
    for (JsonNode part : response.path("content").path("parts")) {
      JsonNode call = part.get("functionCall");
      if (call == null) {
        call = part.get("function_call");
      }
      if (call != null) {
        calls.add(new RequestedToolCall(
            call.path("name").asText(null), textOrNull(call.get("id")), jsonText(call.get("args"))));
      }
    }
    return calls;
  }

  static String textOrNull(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
  }

  /** Arguments are a JSON object, or a string holding one (OpenAI's wire format). */
  static String jsonText(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    return node.isTextual() ? node.asText() : node.toString();
  }
}
