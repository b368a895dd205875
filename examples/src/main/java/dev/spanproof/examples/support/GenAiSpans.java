package dev.spanproof.examples.support;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The spans an agent has to make itself, named as the OpenTelemetry GenAI conventions name them:
 * {@code invoke_workflow {name}} over a team, {@code invoke_agent {name}} per agent run and
 * {@code execute_tool {tool}} per tool call. Model instrumentations (the official openai-java one)
 * only make the {@code chat} spans; everything above and beside them is the agent's job.
 *
 * <p>The examples share this class so that each agent reads as its own logic; the calculator
 * example spells the same spans out inline.
 */
public final class GenAiSpans {

  /** {@code gen_ai.operation.name}: {@code chat}, {@code invoke_agent}, {@code execute_tool}, ... */
  public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  /** {@code gen_ai.provider.name}: {@code openai}, {@code anthropic}, ... */
  public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  /** {@code gen_ai.agent.name}. */
  public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  /** {@code gen_ai.workflow.name}. */
  public static final AttributeKey<String> WORKFLOW_NAME = AttributeKey.stringKey("gen_ai.workflow.name");
  /** {@code gen_ai.conversation.id}. */
  public static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("gen_ai.conversation.id");
  /** {@code gen_ai.tool.name}. */
  public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  /** {@code gen_ai.tool.type}. */
  public static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
  /** {@code gen_ai.tool.call.id}. */
  public static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  /** {@code gen_ai.tool.call.arguments} (opt-in in the conventions; tests want it). */
  public static final AttributeKey<String> TOOL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
  /** {@code gen_ai.tool.call.result} (opt-in in the conventions; tests want it). */
  public static final AttributeKey<String> TOOL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
  /** {@code error.type}. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private GenAiSpans() {}

  /**
   * Starts an {@code invoke_agent {name}} span (INTERNAL: the agent runs in this process). The
   * caller makes it current, and ends it through {@link #run}.
   *
   * @param tracer the agent's tracer
   * @param agentName the agent's name, {@code gen_ai.agent.name}
   * @param provider the model provider, {@code gen_ai.provider.name}
   * @return the started span
   */
  public static Span startAgent(Tracer tracer, String agentName, String provider) {
    return tracer.spanBuilder("invoke_agent " + agentName)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(OPERATION, "invoke_agent")
        .setAttribute(PROVIDER, provider)
        .setAttribute(AGENT_NAME, agentName)
        .startSpan();
  }

  /**
   * Starts an {@code invoke_workflow {name}} span over a team of agents.
   *
   * @param tracer the team's tracer
   * @param workflowName the team's name, {@code gen_ai.workflow.name}
   * @return the started span
   */
  public static Span startWorkflow(Tracer tracer, String workflowName) {
    return tracer.spanBuilder("invoke_workflow " + workflowName)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(OPERATION, "invoke_workflow")
        .setAttribute(WORKFLOW_NAME, workflowName)
        .startSpan();
  }

  /**
   * Runs {@code body} with {@code span} current, records a thrown exception as the span's error,
   * and always ends the span.
   *
   * @param span a started span (from {@link #startAgent} or {@link #startWorkflow})
   * @param body the work done inside it
   * @param <T> what the work returns
   * @return what {@code body} returned
   */
  public static <T> T run(Span span, Supplier<T> body) {
    try (Scope ignored = span.makeCurrent()) {
      return body.get();
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      span.setAttribute(ERROR_TYPE, e.getClass().getName());
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * Executes one tool call inside an {@code execute_tool {name}} span carrying its id, arguments
   * and result. A tool that throws is recorded as a failed span and answers the model with
   * {@code "error: <message>"}, as agent frameworks do, so the model can recover.
   *
   * @param tracer the agent's tracer
   * @param toolName the tool's name
   * @param callId the model's id for this call
   * @param arguments the arguments, a JSON object text
   * @param tool the tool: arguments in, result text out
   * @return the result to send back to the model
   */
  public static String executeTool(Tracer tracer, String toolName, String callId, String arguments,
      UnaryOperator<String> tool) {
    Span span = tracer.spanBuilder("execute_tool " + toolName)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(OPERATION, "execute_tool")
        .setAttribute(TOOL_NAME, toolName)
        .setAttribute(TOOL_TYPE, "function")
        .setAttribute(TOOL_CALL_ID, callId)
        .setAttribute(TOOL_ARGUMENTS, arguments)
        .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      String result = tool.apply(arguments);
      span.setAttribute(TOOL_RESULT, result);
      return result;
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      span.setAttribute(ERROR_TYPE, e.getClass().getName());
      return "error: " + e.getMessage();
    } finally {
      span.end();
    }
  }
}
