package dev.spanproof.assertions.conventions;

import dev.spanproof.assertions.RequestedToolCall;
import dev.spanproof.assertions.SpanRole;
import dev.spanproof.assertions.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link TraceConvention} read from one span, in agent vocabulary.
 *
 * <p>Build one with {@link #builder(String, SpanRole)}; fields a convention does not know stay null
 * (or empty for lists).
 *
 * @param convention the name of the convention that read the span
 * @param role what the span is
 * @param operation the operation in GenAI words ({@code chat}, {@code invoke_agent}, {@code execute_tool}, ...)
 * @param subject what the operation is about: the agent's, model's, tool's or workflow's name; may be null
 * @param provider the model provider ({@code openai}, ...); may be null
 * @param requestModel the model asked for; may be null
 * @param responseModel the model that answered; may be null
 * @param usage the tokens used, or null when the span reports none
 * @param finishReasons the finish reasons; empty when none
 * @param requestedToolCalls tool calls the model asked for in this LLM call's response
 * @param toolDefinitions the tools offered to the model, as a JSON array; may be null
 * @param agentId the agent's id; may be null
 * @param toolCallId the tool call id; may be null
 * @param toolArguments the tool call's arguments, as JSON text; may be null
 * @param toolResult the tool call's result; may be null
 * @param errorType the error type, or null when the span did not fail
 */
public record SpanFacts(
    String convention,
    SpanRole role,
    String operation,
    String subject,
    String provider,
    String requestModel,
    String responseModel,
    TokenUsage usage,
    List<String> finishReasons,
    List<RequestedToolCall> requestedToolCalls,
    String toolDefinitions,
    String agentId,
    String toolCallId,
    String toolArguments,
    String toolResult,
    String errorType) {

  /** Checks the required fields and copies the lists. */
  public SpanFacts {
    Objects.requireNonNull(convention, "convention");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(operation, "operation");
    finishReasons = finishReasons == null ? List.of() : List.copyOf(finishReasons);
    requestedToolCalls = requestedToolCalls == null ? List.of() : List.copyOf(requestedToolCalls);
  }

  /**
   * Starts facts for a span of the given role.
   *
   * @param convention the reading convention's name
   * @param role what the span is
   * @return a builder
   */
  public static Builder builder(String convention, SpanRole role) {
    return new Builder(convention, role);
  }

  /**
   * Returns a builder holding these facts, to change some.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(convention, role);
    b.operation = operation;
    b.subject = subject;
    b.provider = provider;
    b.requestModel = requestModel;
    b.responseModel = responseModel;
    b.usage = usage;
    b.finishReasons = finishReasons;
    b.requestedToolCalls = new ArrayList<>(requestedToolCalls);
    b.toolDefinitions = toolDefinitions;
    b.agentId = agentId;
    b.toolCallId = toolCallId;
    b.toolArguments = toolArguments;
    b.toolResult = toolResult;
    b.errorType = errorType;
    return b;
  }

  /**
   * Returns these facts attributed to another convention (for a convention that delegates reading
   * to another).
   *
   * @param convention the convention's name
   * @return the facts under that name
   */
  public SpanFacts toBuilderWithConvention(String convention) {
    return new SpanFacts(convention, role, operation, subject, provider, requestModel, responseModel,
        usage, finishReasons, requestedToolCalls, toolDefinitions, agentId, toolCallId, toolArguments,
        toolResult, errorType);
  }

  /** Builds {@link SpanFacts}; every setter returns this builder. */
  public static final class Builder {
    private final String convention;
    private final SpanRole role;
    private String operation;
    private String subject;
    private String provider;
    private String requestModel;
    private String responseModel;
    private TokenUsage usage;
    private List<String> finishReasons = List.of();
    private List<RequestedToolCall> requestedToolCalls = List.of();
    private String toolDefinitions;
    private String agentId;
    private String toolCallId;
    private String toolArguments;
    private String toolResult;
    private String errorType;

    private Builder(String convention, SpanRole role) {
      this.convention = convention;
      this.role = role;
    }

    /** Sets the operation. @param v the operation @return this builder */
    public Builder operation(String v) { operation = v; return this; }
    /** Sets the subject. @param v the subject @return this builder */
    public Builder subject(String v) { subject = v; return this; }
    /** Sets the provider. @param v the provider @return this builder */
    public Builder provider(String v) { provider = v; return this; }
    /** Sets the requested model. @param v the model @return this builder */
    public Builder requestModel(String v) { requestModel = v; return this; }
    /** Sets the responding model. @param v the model @return this builder */
    public Builder responseModel(String v) { responseModel = v; return this; }
    /** Sets the token usage. @param v the usage, or null @return this builder */
    public Builder usage(TokenUsage v) { usage = v; return this; }
    /** Sets the finish reasons. @param v the reasons @return this builder */
    public Builder finishReasons(List<String> v) { finishReasons = v; return this; }
    /**
     * Adds a tool call the model asked for, unless one with the same call id was added (the same
     * request read from two records of the span: output messages and a choice log).
     *
     * @param v the call
     * @return this builder
     */
    public Builder requestedToolCall(RequestedToolCall v) {
      if (requestedToolCalls.isEmpty()) {
        requestedToolCalls = new ArrayList<>();
      } else if (v.callId() != null) {
        for (RequestedToolCall added : requestedToolCalls) {
          if (v.callId().equals(added.callId())) {
            return this;
          }
        }
      }
      requestedToolCalls.add(v);
      return this;
    }
    /** Sets the tools offered, a JSON array. @param v the definitions @return this builder */
    public Builder toolDefinitions(String v) { toolDefinitions = v; return this; }
    /** Sets the agent id. @param v the id @return this builder */
    public Builder agentId(String v) { agentId = v; return this; }
    /** Sets the tool call id. @param v the id @return this builder */
    public Builder toolCallId(String v) { toolCallId = v; return this; }
    /** Sets the tool arguments (JSON). @param v the arguments @return this builder */
    public Builder toolArguments(String v) { toolArguments = v; return this; }
    /** Sets the tool result. @param v the result @return this builder */
    public Builder toolResult(String v) { toolResult = v; return this; }
    /** Sets the error type. @param v the type, or null for no error @return this builder */
    public Builder errorType(String v) { errorType = v; return this; }

    /**
     * Builds the facts; the operation defaults by role.
     *
     * @return the facts
     */
    public SpanFacts build() {
      String op = operation;
      if (op == null) {
        op = switch (role) {
          case AGENT -> "invoke_agent";
          case LLM -> "chat";
          case TOOL -> "execute_tool";
          case WORKFLOW -> "invoke_workflow";
          case OTHER -> "span";
        };
      }
      return new SpanFacts(convention, role, op, subject, provider, requestModel, responseModel,
          usage, finishReasons, requestedToolCalls, toolDefinitions, agentId, toolCallId,
          toolArguments, toolResult, errorType);
    }
  }
}
