package dev.spanproof.examples.troubleshooting;

import com.openai.client.OpenAIClient;
import dev.spanproof.examples.support.ChatAgent;
import dev.spanproof.examples.support.ChatAgent.Message;
import dev.spanproof.examples.support.OpenAiTools;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import java.util.List;
import java.util.Map;

/**
 * An order-status agent wired the way agent runtimes are: it is handed a model client and a tracer
 * provider, and traces into a no-op provider when it is given none. Three wiring mistakes are
 * easy to make with such a runtime, and each leaves its own mark on the trace:
 *
 * <ul>
 *   <li>no tracer provider given: LLM spans but no agent span (each LLM call its own trace);
 *   <li>the model client not instrumented: agent and tool spans but no LLM span;
 *   <li>the client instrumented twice: every LLM call traced twice, one span inside the other.
 * </ul>
 *
 * {@link #wiredCorrectly} shows the right wiring; the test builds each mistake and lets trace lint
 * name it.
 */
public final class OrderStatusAgent {

  /** The agent's name. */
  public static final String AGENT = "order_status_agent";
  /** The model it asks. */
  public static final String MODEL = "gpt-4o-mini";

  private final ChatAgent agent;

  /**
   * Creates the agent from its parts.
   *
   * @param client the model client; instrument it (once) to see LLM spans
   * @param tracerProvider where the agent's own spans go; null traces into a no-op provider
   */
  public OrderStatusAgent(OpenAIClient client, TracerProvider tracerProvider) {
    TracerProvider provider = tracerProvider != null ? tracerProvider : TracerProvider.noop();
    this.agent = new ChatAgent(AGENT, MODEL, "You answer questions about orders. Use order_status.",
        client, provider.get("dev.spanproof.examples.troubleshooting"),
        List.of(new ChatAgent.Tool(OpenAiTools.function("order_status", "The status of an order.",
            Map.of("order_id", Map.of("type", "string")), List.of("order_id")),
            args -> "Order " + OpenAiTools.arguments(args).path("order_id").asText() + " is out for delivery.")));
  }

  /**
   * Creates the agent wired correctly: the client instrumented once, and the agent given the same
   * OpenTelemetry's tracer provider.
   *
   * @param openAiBaseUrl the base URL including {@code /v1}
   * @param openTelemetry where all spans go
   * @return the agent
   */
  public static OrderStatusAgent wiredCorrectly(String openAiBaseUrl, OpenTelemetry openTelemetry) {
    OpenAIClient client = OpenAITelemetry.create(openTelemetry).wrap(OpenAiTools.client(openAiBaseUrl));
    return new OrderStatusAgent(client, openTelemetry.getTracerProvider());
  }

  /**
   * Answers a question about an order.
   *
   * @param question the customer's question
   * @return the answer
   */
  public String run(String question) {
    return agent.respond(List.of(new Message("user", question)));
  }
}
