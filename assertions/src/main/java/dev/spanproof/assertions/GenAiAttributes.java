package dev.spanproof.assertions;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The span and log attribute keys spanproof reads, each with the convention it comes from.
 *
 * <p>Kept here rather than taken from {@code opentelemetry-semconv-incubating}: its GenAI constants
 * are deprecated from 1.42 and it has none for the structured ({@code any}-typed) keys. Keys are
 * declared as string keys on purpose; {@link dev.spanproof.assertions.conventions.Attrs} reads
 * each of them leniently (Spring AI, for one, writes numbers and arrays as strings).
 */
public final class GenAiAttributes {

  private GenAiAttributes() {}

  // ---- OpenTelemetry GenAI semantic conventions (current names) ----

  /** GenAI semconv: the operation ({@code chat}, {@code invoke_agent}, {@code execute_tool}, ...). */
  public static final String OPERATION_NAME = "gen_ai.operation.name";
  /** GenAI semconv: the provider ({@code openai}, {@code anthropic}, ...); replaced {@link #SYSTEM}. */
  public static final String PROVIDER_NAME = "gen_ai.provider.name";
  /** GenAI semconv: the model asked for. */
  public static final String REQUEST_MODEL = "gen_ai.request.model";
  /** GenAI semconv: the model that answered. */
  public static final String RESPONSE_MODEL = "gen_ai.response.model";
  /** GenAI semconv: the provider's response id. */
  public static final String RESPONSE_ID = "gen_ai.response.id";
  /** GenAI semconv: {@code string[]} of finish reasons. */
  public static final String RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
  /** GenAI semconv: input (prompt) tokens, a long. */
  public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
  /** GenAI semconv: output (completion) tokens, a long. */
  public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  /** GenAI semconv: input tokens served from the provider's cache. */
  public static final String USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens";
  /** GenAI semconv: input tokens written to the provider's cache. */
  public static final String USAGE_CACHE_CREATION_INPUT_TOKENS =
      "gen_ai.usage.cache_creation.input_tokens";
  /** GenAI semconv: output tokens spent on reasoning. */
  public static final String USAGE_REASONING_OUTPUT_TOKENS = "gen_ai.usage.reasoning.output_tokens";
  /** GenAI semconv: the agent's name on {@code invoke_agent}/{@code create_agent} spans. */
  public static final String AGENT_NAME = "gen_ai.agent.name";
  /** GenAI semconv: the agent's id. */
  public static final String AGENT_ID = "gen_ai.agent.id";
  /** GenAI semconv: the workflow's name on {@code invoke_workflow} spans. */
  public static final String WORKFLOW_NAME = "gen_ai.workflow.name";
  /** GenAI semconv: the conversation (session) id. */
  public static final String CONVERSATION_ID = "gen_ai.conversation.id";
  /** GenAI semconv: the tool's name on {@code execute_tool} spans (required there). */
  public static final String TOOL_NAME = "gen_ai.tool.name";
  /** GenAI semconv: the tool call id the model gave. */
  public static final String TOOL_CALL_ID = "gen_ai.tool.call.id";
  /** GenAI semconv: the tool's type ({@code function}, {@code extension}, ...). */
  public static final String TOOL_TYPE = "gen_ai.tool.type";
  /** GenAI semconv (opt-in, {@code any}): the tool call's arguments, JSON on spans. */
  public static final String TOOL_CALL_ARGUMENTS = "gen_ai.tool.call.arguments";
  /** GenAI semconv (opt-in, {@code any}): the tool call's result. */
  public static final String TOOL_CALL_RESULT = "gen_ai.tool.call.result";
  /** GenAI semconv (opt-in, {@code any}): the tools offered to the model, JSON on spans. */
  public static final String TOOL_DEFINITIONS = "gen_ai.tool.definitions";
  /** GenAI semconv (opt-in, {@code any}): the messages the model answered with, JSON on spans. */
  public static final String OUTPUT_MESSAGES = "gen_ai.output.messages";
  /** OpenTelemetry stable {@code error.type} ({@code ErrorAttributes.ERROR_TYPE}). */
  public static final String ERROR_TYPE = "error.type";
  /** GenAI semconv: the log record event name of a model's choice (deprecated event, still emitted). */
  public static final String EVENT_CHOICE = "gen_ai.choice";
  /** OpenTelemetry: the attribute carrying an event name on log records emitted before {@code EventName}. */
  public static final String EVENT_NAME = "event.name";

  // ---- Older GenAI names (renamed in the conventions; still emitted) ----

  /** Old GenAI semconv: the provider, renamed {@link #PROVIDER_NAME}; Spring AI, ADK, AutoGen, OpenLLMetry. */
  public static final String SYSTEM = "gen_ai.system";
  /** Old GenAI semconv: renamed {@link #USAGE_INPUT_TOKENS}; OpenLLMetry, Quarkus LangChain4j. */
  public static final String USAGE_PROMPT_TOKENS = "gen_ai.usage.prompt_tokens";
  /** Old GenAI semconv: renamed {@link #USAGE_OUTPUT_TOKENS}. */
  public static final String USAGE_COMPLETION_TOKENS = "gen_ai.usage.completion_tokens";
  /** Spring AI: total tokens, as a string. */
  public static final String USAGE_TOTAL_TOKENS = "gen_ai.usage.total_tokens";

  // ---- Spring AI (Micrometer observations) ----

  /** Spring AI: the tool call id on {@code execute_tool} observations. */
  public static final String SPRING_AI_TOOL_CALL_ID = "spring.ai.tool.call.id";
  /** Spring AI: the tool call's arguments (JSON string). */
  public static final String SPRING_AI_TOOL_CALL_ARGUMENTS = "spring.ai.tool.call.arguments";
  /** Spring AI: the tool call's result. */
  public static final String SPRING_AI_TOOL_CALL_RESULT = "spring.ai.tool.call.result";
  /**
   * Spring AI: the kind of observation ({@code chat_client}, {@code advisor}, {@code tool_call},
   * ...); Spring AI 1.1 names tool observations {@code "tool_call {tool}"} with
   * {@code gen_ai.operation.name=framework} and this key set to {@code tool_call}.
   */
  public static final String SPRING_AI_KIND = "spring.ai.kind";
  /** Spring AI: the tool's name on {@code tool_call} observations. */
  public static final String SPRING_AI_TOOL_DEFINITION_NAME = "spring.ai.tool.definition.name";
  /** Spring AI: the tool's input JSON schema, on its {@code tool_call} observation. */
  public static final String SPRING_AI_TOOL_DEFINITION_SCHEMA = "spring.ai.tool.definition.schema";

  // ---- anthropic-java SDK built-in tracing (anthropic.messages.create spans) ----

  /**
   * anthropic-java SDK tracing: the message's stop reason ({@code end_turn}, {@code tool_use}, ...),
   * written instead of {@link #RESPONSE_FINISH_REASONS}.
   */
  public static final String ANTHROPIC_MESSAGE_STOP_REASON = "anthropic.message.stop_reason";

  // ---- Google ADK (instrumentation scope gcp.vertex.agent) ----

  /** Google ADK: the instrumentation scope name and its {@code gen_ai.system} value. */
  public static final String ADK_SCOPE = "gcp.vertex.agent";
  /** Google ADK: its non-standard tool call id key (note the underscore). */
  public static final String ADK_TOOL_CALL_ID = "gen_ai.tool_call.id";
  /** Google ADK: the tool call's arguments (JSON). */
  public static final String ADK_TOOL_CALL_ARGS = "gcp.vertex.agent.tool_call_args";
  /** Google ADK: the tool's response (JSON). */
  public static final String ADK_TOOL_RESPONSE = "gcp.vertex.agent.tool_response";
  /** Google ADK: the LLM request (JSON), which lists the tools offered. */
  public static final String ADK_LLM_REQUEST = "gcp.vertex.agent.llm_request";
  /** Google ADK: the LLM response (JSON), which carries requested function calls. */
  public static final String ADK_LLM_RESPONSE = "gcp.vertex.agent.llm_response";
  /** Google ADK: the invocation id. */
  public static final String ADK_INVOCATION_ID = "gcp.vertex.agent.invocation_id";

  // ---- OpenInference (Arize Phoenix) ----

  /** OpenInference: the span kind ({@code LLM}, {@code TOOL}, {@code AGENT}, {@code CHAIN}, ...). */
  public static final String OPENINFERENCE_SPAN_KIND = "openinference.span.kind";
  /** OpenInference: the model name on LLM spans. */
  public static final String LLM_MODEL_NAME = "llm.model_name";
  /** OpenInference: the provider on LLM spans. */
  public static final String LLM_PROVIDER = "llm.provider";
  /** OpenInference: prompt tokens. */
  public static final String LLM_TOKEN_COUNT_PROMPT = "llm.token_count.prompt";
  /** OpenInference: completion tokens. */
  public static final String LLM_TOKEN_COUNT_COMPLETION = "llm.token_count.completion";
  /** OpenInference: total tokens. */
  public static final String LLM_TOKEN_COUNT_TOTAL = "llm.token_count.total";
  /** OpenInference: cached prompt tokens. */
  public static final String LLM_TOKEN_COUNT_PROMPT_CACHE_READ =
      "llm.token_count.prompt_details.cache_read";
  /** OpenInference: reasoning completion tokens. */
  public static final String LLM_TOKEN_COUNT_COMPLETION_REASONING =
      "llm.token_count.completion_details.reasoning";
  /** OpenInference: the tools offered, as flattened {@code llm.tools.N.tool.json_schema}. */
  public static final String LLM_TOOLS_PREFIX = "llm.tools.";
  /** OpenInference: the tool's name on TOOL spans. */
  public static final String TOOL_NAME_OPENINFERENCE = "tool.name";
  /** OpenInference: the tool's parameters (JSON) on TOOL spans. */
  public static final String TOOL_PARAMETERS = "tool.parameters";
  /** OpenInference: a tool call id. */
  public static final String TOOL_CALL_ID_OPENINFERENCE = "tool_call.id";
  /** OpenInference: the span's input (tool arguments on TOOL spans). */
  public static final String INPUT_VALUE = "input.value";
  /** OpenInference: the span's output (tool result on TOOL spans). */
  public static final String OUTPUT_VALUE = "output.value";
  /** OpenInference: the agent's name on AGENT spans. */
  public static final String AGENT_NAME_OPENINFERENCE = "agent.name";

  // ---- OpenLLMetry / Traceloop ----

  /** OpenLLMetry: total tokens. */
  public static final String LLM_USAGE_TOTAL_TOKENS = "llm.usage.total_tokens";
  /** OpenLLMetry: the request type ({@code chat}, {@code completion}). */
  public static final String LLM_REQUEST_TYPE = "llm.request.type";
  /** OpenLLMetry: the span kind of Traceloop decorators ({@code workflow}, {@code agent}, {@code tool}, {@code task}). */
  public static final String TRACELOOP_SPAN_KIND = "traceloop.span.kind";
  /** OpenLLMetry: the entity name of Traceloop decorators. */
  public static final String TRACELOOP_ENTITY_NAME = "traceloop.entity.name";
  /** OpenLLMetry: the entity input (JSON). */
  public static final String TRACELOOP_ENTITY_INPUT = "traceloop.entity.input";
  /** OpenLLMetry: the entity output (JSON). */
  public static final String TRACELOOP_ENTITY_OUTPUT = "traceloop.entity.output";

  /** The operation names the conventions use for LLM calls. */
  public static final List<String> LLM_OPERATIONS =
      List.of("chat", "text_completion", "generate_content", "call_llm", "completion");

  /**
   * Returns a typed string key, for code that prefers {@link AttributeKey}.
   *
   * @param key one of the keys above
   * @return the string-typed attribute key
   */
  public static AttributeKey<String> stringKey(String key) {
    return AttributeKey.stringKey(key);
  }
}
