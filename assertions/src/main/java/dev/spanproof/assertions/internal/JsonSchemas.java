package dev.spanproof.assertions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.DisallowSchemaLoader;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.assertions.GenAiAttributes;
import dev.spanproof.assertions.LlmCall;
import dev.spanproof.assertions.RequestedToolCall;
import dev.spanproof.assertions.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Finds a tool's declared JSON schema in a trace and validates arguments against it. Not for public use. */
public final class JsonSchemas {

  // a schema from a trace is data: its $refs never reach out to the network or the file system
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
      builder -> builder.schemaLoaders(loaders -> loaders.add(DisallowSchemaLoader.getInstance())));

  /** Stands for a tool offered without parameters in {@link #parameters}. */
  private static final JsonNode NO_PARAMETERS = Json.mapper().getNodeFactory().missingNode();

  private JsonSchemas() {}

  /**
   * Returns the parameters schema the trace declares for a tool: from the LLM call that asked for
   * this call (by call id), else from the nearest LLM call before the tool call that offered it,
   * else from any LLM call, else from the tool span itself (Spring AI's
   * {@code spring.ai.tool.definition.schema}).
   *
   * @return the schema; {@link #NO_PARAMETERS} when the tool is offered without one, null when the
   *     trace declares none
   */
  private static JsonNode offered(ToolCall call, AgentTrace trace) {
    if (trace == null) {
      return null;
    }
    JsonNode found = null;
    for (LlmCall llm : trace.llmCalls()) {
      JsonNode schema = parameters(llm.toolDefinitions(), call.name());
      if (schema == null) {
        continue;
      }
      if (call.callId() != null && asked(llm, call.callId())) {
        return schema; // the definitions the model saw when it asked for this very call
      }
      if (found == null || llm.node().index() < call.node().index()) {
        found = schema;
      }
    }
    if (found == null) {
      // Spring AI records the schema on the tool's own span, not on the model call
      JsonNode own = Json.parseOrNull(call.node().attributes().string(GenAiAttributes.SPRING_AI_TOOL_DEFINITION_SCHEMA));
      if (own != null && own.isObject()) {
        return own;
      }
    }
    return found;
  }

  private static boolean asked(LlmCall llm, String callId) {
    for (RequestedToolCall request : llm.requestedToolCalls()) {
      if (callId.equals(request.callId())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads {@code parameters} of the named tool from definitions in GenAI, OpenAI or flattened shape;
   * a schema recorded as JSON text is read as JSON. {@link #NO_PARAMETERS} when the tool is offered
   * without one, null when it is not offered.
   */
  static JsonNode parameters(String definitions, String toolName) {
    JsonNode tools = Json.parseOrNull(definitions);
    if (tools == null || !tools.isArray()) {
      return null;
    }
    for (JsonNode tool : tools) {
      JsonNode function = tool.has("function") ? tool.get("function") : tool;
      if (toolName.equals(function.path("name").asText())) {
        JsonNode parameters = function.get("parameters");
        if (parameters == null || parameters.isNull()) {
          parameters = function.get("input_schema"); // Anthropic's shape
        }
        if (parameters != null && parameters.isTextual()) {
          parameters = Json.parseOrNull(parameters.asText());
        }
        return parameters != null && (parameters.isObject() || parameters.isBoolean()) ? parameters : NO_PARAMETERS;
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
    JsonNode schemaNode = offered(call, trace);
    if (schemaNode == NO_PARAMETERS) {
      problems.add("the trace declares no JSON schema for " + call.name()
          + " (its LLM spans offer it without parameters, or with parameters that are no JSON schema object)");
      return problems;
    }
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
    Set<ValidationMessage> messages;
    try {
      JsonSchema schema = FACTORY.getSchema(schemaNode);
      messages = schema.validate(arguments);
    } catch (RuntimeException unusable) {
      // an unresolvable or remote $ref, an invalid $id, an unknown $schema: the validator's exceptions
      problems.add("the JSON schema the trace declares for " + call.name() + " cannot be used ("
          + unusable.getMessage() + "): " + Json.compact(schemaNode.toString()));
      return problems;
    }
    messages.stream().map(ValidationMessage::getMessage).sorted().forEach(problems::add);
    return problems;
  }
}
