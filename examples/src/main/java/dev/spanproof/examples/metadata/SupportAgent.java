package dev.spanproof.examples.metadata;

import dev.spanproof.examples.support.ChatAgent;
import dev.spanproof.examples.support.ChatAgent.Message;
import dev.spanproof.examples.support.GenAiSpans;
import dev.spanproof.examples.support.OpenAiTools;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A customer-support agent whose traces say <em>who</em> asked: each run's {@code invoke_agent}
 * span carries the user and session ids and the run's tags and metadata, under the keys tracing
 * backends group and filter by — {@code user.id} and {@code session.id} (OpenTelemetry's general
 * conventions), {@code gen_ai.conversation.id}, and Langfuse's {@code langfuse.user.id},
 * {@code langfuse.session.id}, {@code langfuse.trace.tags} and {@code langfuse.trace.metadata.*}.
 *
 * <p>The agent looks orders up with its {@code lookup_order(order_id)} tool.
 */
public final class SupportAgent {

  /** The agent's name. */
  public static final String AGENT = "support_agent";
  /** The model it asks. */
  public static final String MODEL = "gpt-4o-mini";

  private static final Map<String, String> ORDERS = Map.of("1042", "shipped on Monday, arriving Thursday");

  private final ChatAgent agent;

  /**
   * Who is asking, and what the run should be filed under.
   *
   * @param userId the end user's id
   * @param sessionId the chat session (conversation) id
   * @param tags labels to filter runs by
   * @param metadata free-form key/value pairs
   */
  public record RunContext(String userId, String sessionId, List<String> tags, Map<String, String> metadata) {

    /**
     * Checks the ids and copies the collections.
     *
     * @param userId the end user's id
     * @param sessionId the chat session (conversation) id
     * @param tags labels to filter runs by
     * @param metadata free-form key/value pairs
     */
    public RunContext {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(sessionId, "sessionId");
      tags = List.copyOf(tags);
      metadata = Map.copyOf(metadata);
    }

    /**
     * Returns the context as span attributes.
     *
     * @return the attributes for the agent's span
     */
    public Attributes toAttributes() {
      AttributesBuilder attributes = Attributes.builder()
          .put("user.id", userId)
          .put("session.id", sessionId)
          .put(GenAiSpans.CONVERSATION_ID, sessionId)
          .put("langfuse.user.id", userId)
          .put("langfuse.session.id", sessionId)
          .put(AttributeKey.stringArrayKey("langfuse.trace.tags"), tags);
      new TreeMap<>(metadata).forEach((key, value) -> attributes.put("langfuse.trace.metadata." + key, value));
      return attributes.build();
    }
  }

  /**
   * Creates the agent against an OpenAI-compatible endpoint.
   *
   * @param openAiBaseUrl the base URL including {@code /v1}
   * @param openTelemetry where the agent's and the SDK's spans go
   */
  public SupportAgent(String openAiBaseUrl, OpenTelemetry openTelemetry) {
    this.agent = new ChatAgent(AGENT, MODEL,
        "You are a customer support agent. Look orders up with lookup_order before answering.",
        OpenAITelemetry.builder(openTelemetry).setCaptureMessageContent(true).build()
            .wrap(OpenAiTools.client(openAiBaseUrl)),
        openTelemetry.getTracer("dev.spanproof.examples.metadata"),
        List.of(new ChatAgent.Tool(OpenAiTools.function("lookup_order", "Looks up an order's status.",
            Map.of("order_id", Map.of("type", "string")), List.of("order_id")), SupportAgent::lookupOrder)));
  }

  /**
   * Answers a customer's question, filing the run under the customer's ids.
   *
   * @param question the customer's question
   * @param context who is asking
   * @return the answer
   */
  public String run(String question, RunContext context) {
    return agent.respond(List.of(new Message("user", question)), context.toAttributes(), (span, reply) -> { });
  }

  private static String lookupOrder(String arguments) {
    String id = OpenAiTools.arguments(arguments).path("order_id").asText();
    String status = ORDERS.get(id);
    if (status == null) {
      throw new IllegalArgumentException("no order " + id);
    }
    return "Order " + id + ": " + status;
  }
}
