package dev.spanproof.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import java.util.List;

/** The JSON texts of the opt-in structured GenAI attributes, in the conventions' shapes. */
final class JsonText {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonText() {}

  /**
   * {@code gen_ai.output.messages}: {@code [{"role":"assistant","parts":[{"type":"text","content":..},
   * {"type":"tool_call","id":..,"name":..,"arguments":{..}}],"finish_reason":..}]}.
   */
  static String outputMessages(AiMessage message, String finishReason) {
    ArrayNode messages = MAPPER.createArrayNode();
    ObjectNode out = messages.addObject();
    out.put("role", "assistant");
    ArrayNode parts = out.putArray("parts");
    if (message.text() != null && !message.text().isEmpty()) {
      parts.addObject().put("type", "text").put("content", message.text());
    }
    if (message.hasToolExecutionRequests()) {
      for (ToolExecutionRequest call : message.toolExecutionRequests()) {
        ObjectNode part = parts.addObject().put("type", "tool_call");
        if (call.id() != null) {
          part.put("id", call.id());
        }
        part.put("name", call.name());
        part.set("arguments", argumentsNode(call.arguments()));
      }
    }
    if (finishReason != null) {
      out.put("finish_reason", finishReason);
    }
    return messages.toString();
  }

  /**
   * {@code gen_ai.tool.definitions}: {@code [{"type":"function","name":..,"description":..,"parameters":{..}}]};
   * null when LangChain4j's schema helper is unavailable.
   */
  static String toolDefinitions(List<ToolSpecification> tools) {
    ArrayNode definitions = MAPPER.createArrayNode();
    for (ToolSpecification tool : tools) {
      ObjectNode definition = definitions.addObject().put("type", "function").put("name", tool.name());
      if (tool.description() != null) {
        definition.put("description", tool.description());
      }
      if (tool.parameters() != null) {
        try {
          // An internal but public LangChain4j helper; tolerate its absence in other versions.
          definition.set("parameters", MAPPER.valueToTree(JsonSchemaElementUtils.toMap(tool.parameters())));
        } catch (LinkageError | RuntimeException e) {
          return null;
        }
      }
    }
    return definitions.toString();
  }

  /** The arguments as JSON when they parse, else as the text the model sent. */
  private static com.fasterxml.jackson.databind.JsonNode argumentsNode(String arguments) {
    if (arguments == null) {
      return MAPPER.nullNode();
    }
    try {
      return MAPPER.readTree(arguments);
    } catch (JsonProcessingException e) {
      return MAPPER.getNodeFactory().textNode(arguments);
    }
  }
}
