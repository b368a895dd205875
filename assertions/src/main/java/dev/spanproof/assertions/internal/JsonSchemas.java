package dev.spanproof.assertions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.assertions.LlmCall;
import dev.spanproof.assertions.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Finds a tool's declared JSON schema in a trace and validates arguments against it. Not for public use. */
public final class JsonSchemas {

  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private JsonSchemas() {}

  /**
   * Returns the parameters schema the trace declares for a tool: from the nearest LLM call before
   * the tool call that offered it, else from any LLM call.
   *
   * @return the schema, or null when the trace declares none
   */
  public static JsonNode schemaFor(ToolCall call, AgentTrace trace) {
    if (trace == null) {
      return null;
    }
    JsonNode found = null;
    for (LlmCall llm : trace.llmCalls()) {
      JsonNode schema = parameters(llm.toolDefinitions(), call.name());
      if (schema != null && (found == null || llm.node().index() < call.node().index())) {
        found = schema;
      }
    }
    return found;
  }

  /** Reads {@code parameters} of the named tool from definitions in GenAI, OpenAI or flattened shape. */
  static JsonNode parameters(String definitions, String toolName) {
    JsonNode tools = Json.parseOrNull(definitions);
    if (tools == null || !tools.isArray()) {
      return null;
    }
    for (JsonNode tool : tools) {
      JsonNode function = tool.has("function") ? tool.get("function") : tool;
      if (toolName.equals(function.path("name").asText())) {
        JsonNode parameters = function.get("parameters");
        if (parameters == null) {
          parameters = function.get("input_schema"); // Anthropic's shape
        }
        return parameters;
      }
    }
    return null;
  }

  /**
   * Validates a tool call's arguments against its declared schema.
   *
   * @return the problems; empty when valid
   */
  public static List<String> validate(ToolCall call, AgentTrace trace) {
    List<String> problems = new ArrayList<>();
    JsonNode schemaNode = schemaFor(call, trace);
    if (schemaNode == null) {
      problems.add("the trace declares no JSON schema for " + call.name()
          + " (no LLM span carries tool definitions offering it: enable capture of gen_ai.tool.definitions)");
      return problems;
    }
    if (call.arguments() == null) {
      problems.add(call.name() + " carries no arguments (enable capture of gen_ai.tool.call.arguments)");
      return problems;
    }
    JsonNode arguments = Json.parseOrNull(call.arguments());
    if (arguments == null) {
      problems.add("its arguments are not JSON: " + call.arguments());
      return problems;
    }
    JsonSchema schema = FACTORY.getSchema(schemaNode);
    Set<ValidationMessage> messages = schema.validate(arguments);
    messages.stream().map(ValidationMessage::getMessage).sorted().forEach(problems::add);
    return problems;
  }
}
