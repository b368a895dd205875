package dev.spanproof.examples.support;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * One tool-using chat agent over openai-java, the building block of the team examples: given the
 * conversation so far, it asks the model (its system prompt first), runs the tools the model asks
 * for, and returns the model's text reply — all inside one {@code invoke_agent {name}} span, with an
 * {@code execute_tool} span per tool call. The {@code chat} spans come from the client's
 * instrumentation, so the client passed in must already be wrapped by {@code OpenAITelemetry}.
 *
 * <p>Messages of other speakers reach the model as user messages carrying the speaker's name (the
 * {@code name} field of the Chat Completions API), as AutoGen's group chats send them.
 */
public final class ChatAgent {

  /**
   * A tool the agent may run.
   *
   * @param definition what the model is told about it
   * @param function the tool itself: JSON arguments in, result text out
   */
  public record Tool(ChatCompletionFunctionTool definition, UnaryOperator<String> function) {

    /**
     * Returns the tool's name.
     *
     * @return the function name the model calls
     */
    public String name() {
      return definition.function().name();
    }
  }

  /**
   * One message of a conversation.
   *
   * @param source who said it: {@code "user"} or an agent's name
   * @param content what was said
   */
  public record Message(String source, String content) {}

  private static final int MAX_MODEL_CALLS = 6;

  private final String name;
  private final String model;
  private final String systemPrompt;
  private final OpenAIClient client;
  private final Tracer tracer;
  private final Map<String, Tool> tools = new LinkedHashMap<>();

  /**
   * Creates the agent.
   *
   * @param name the agent's name ({@code gen_ai.agent.name}, and the speaker name others see)
   * @param model the model to ask
   * @param systemPrompt the agent's instructions
   * @param instrumentedClient an openai-java client wrapped by {@code OpenAITelemetry}
   * @param tracer where the agent's own spans go
   * @param tools the tools it may run
   */
  public ChatAgent(String name, String model, String systemPrompt, OpenAIClient instrumentedClient,
      Tracer tracer, List<Tool> tools) {
    this.name = name;
    this.model = model;
    this.systemPrompt = systemPrompt;
    this.client = instrumentedClient;
    this.tracer = tracer;
    tools.forEach(t -> this.tools.put(t.name(), t));
  }

  /**
   * Returns the agent's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Takes a turn: answers the conversation so far.
   *
   * @param conversation the messages so far, oldest first
   * @return the agent's reply
   */
  public String respond(List<Message> conversation) {
    return respond(conversation, (span, reply) -> { });
  }

  /**
   * Takes a turn, letting the caller add attributes to the agent's span (user and session ids,
   * the team's bookkeeping) once the reply is known and before the span ends.
   *
   * @param conversation the messages so far, oldest first
   * @param onReply called with the {@code invoke_agent} span and the reply
   * @return the agent's reply
   */
  public String respond(List<Message> conversation, BiConsumer<Span, String> onReply) {
    return respond(conversation, Attributes.empty(), onReply);
  }

  /**
   * Takes a turn with extra attributes on the agent's span, set when it starts (so samplers and
   * span processors see them): user and session ids, tags, metadata.
   *
   * @param conversation the messages so far, oldest first
   * @param spanAttributes attributes for the {@code invoke_agent} span
   * @param onReply called with the {@code invoke_agent} span and the reply
   * @return the agent's reply
   */
  public String respond(List<Message> conversation, Attributes spanAttributes, BiConsumer<Span, String> onReply) {
    Span span = GenAiSpans.startAgent(tracer, name, "openai");
    span.setAllAttributes(spanAttributes);
    return GenAiSpans.run(span, () -> {
      String reply = loop(conversation);
      onReply.accept(span, reply);
      return reply;
    });
  }

  private String loop(List<Message> conversation) {
    ChatCompletionCreateParams.Builder request = ChatCompletionCreateParams.builder()
        .model(model)
        .addSystemMessage(systemPrompt);
    for (Message message : conversation) {
      request.addMessage(ChatCompletionUserMessageParam.builder()
          .content(message.content())
          .name(message.source())
          .build());
    }
    tools.values().forEach(t -> request.addTool(t.definition()));
    for (int call = 0; call < MAX_MODEL_CALLS; call++) {
      ChatCompletion completion = client.chat().completions().create(request.build());
      ChatCompletionMessage message = completion.choices().get(0).message();
      List<ChatCompletionMessageToolCall> toolCalls = message.toolCalls().orElse(List.of());
      if (toolCalls.isEmpty()) {
        return message.content().orElse("");
      }
      request.addMessage(message);
      for (ChatCompletionMessageToolCall toolCall : toolCalls) {
        ChatCompletionMessageFunctionToolCall fn = toolCall.asFunction();
        Tool tool = tools.get(fn.function().name());
        String result = GenAiSpans.executeTool(tracer, fn.function().name(), fn.id(), fn.function().arguments(),
            tool != null ? tool.function()
                : args -> { throw new IllegalArgumentException("unknown tool " + fn.function().name()); });
        request.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(fn.id()).content(result).build());
      }
    }
    throw new IllegalStateException(name + " kept calling tools for " + MAX_MODEL_CALLS + " model calls");
  }
}
