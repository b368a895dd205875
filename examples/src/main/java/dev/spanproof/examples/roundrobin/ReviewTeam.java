package dev.spanproof.examples.roundrobin;

import com.openai.client.OpenAIClient;
import dev.spanproof.examples.support.ChatAgent;
import dev.spanproof.examples.support.ChatAgent.Message;
import dev.spanproof.examples.support.GenAiSpans;
import dev.spanproof.examples.support.OpenAiTools;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import java.util.ArrayList;
import java.util.List;

/**
 * A round-robin team, after AutoGen's {@code RoundRobinGroupChat}: a planner writes a plan, a
 * reviewer reviews it, and they take turns until the reviewer says {@code APPROVED} or the agents
 * have written {@value #MAX_MESSAGES} messages (the task does not count).
 *
 * <p>Trace: one {@code invoke_workflow review_team} span carrying {@value #STOP_REASON} and
 * {@value #MESSAGE_COUNT}, with one {@code invoke_agent} span per turn under it.
 */
public final class ReviewTeam {

  /** The team's name, {@code gen_ai.workflow.name}. */
  public static final String TEAM = "review_team";
  /** The agent that writes and revises the plan. */
  public static final String PLANNER = "planner";
  /** The agent that reviews it. */
  public static final String REVIEWER = "reviewer";
  /** The model both agents use. */
  public static final String MODEL = "gpt-4o-mini";
  /** The most messages the agents write in one run. */
  public static final int MAX_MESSAGES = 4;
  /** Workflow span attribute: why the run stopped. */
  public static final String STOP_REASON = "team.stop_reason";
  /** Workflow span attribute: how many messages the agents wrote. */
  public static final String MESSAGE_COUNT = "team.message_count";

  private final Tracer tracer;
  private final List<ChatAgent> turnOrder;

  /**
   * Creates the team against an OpenAI-compatible endpoint.
   *
   * @param openAiBaseUrl the base URL including {@code /v1}
   * @param openTelemetry where the team's and the SDK's spans go
   */
  public ReviewTeam(String openAiBaseUrl, OpenTelemetry openTelemetry) {
    OpenAIClient client = OpenAITelemetry.builder(openTelemetry).setCaptureMessageContent(true).build()
        .wrap(OpenAiTools.client(openAiBaseUrl));
    this.tracer = openTelemetry.getTracer("dev.spanproof.examples.roundrobin");
    this.turnOrder = List.of(
        new ChatAgent(PLANNER, MODEL,
            "You write short, numbered rollout plans. When the reviewer asks for changes, revise the plan.",
            client, tracer, List.of()),
        new ChatAgent(REVIEWER, MODEL,
            "You review rollout plans. Reply APPROVED when the plan is safe; otherwise say what must change.",
            client, tracer, List.of()));
  }

  /**
   * What a run produced.
   *
   * @param messages the agents' messages, in order (the task not included)
   * @param stopReason why the run stopped
   */
  public record Result(List<Message> messages, String stopReason) {}

  /**
   * Runs the team on a task: planner, reviewer, planner, ... until approval or the message limit.
   *
   * @param task what to plan
   * @return the messages and the stop reason
   */
  public Result run(String task) {
    Span workflow = GenAiSpans.startWorkflow(tracer, TEAM);
    return GenAiSpans.run(workflow, () -> {
      List<Message> conversation = new ArrayList<>(List.of(new Message("user", task)));
      List<Message> messages = new ArrayList<>();
      String stopReason = null;
      for (int turn = 0; stopReason == null; turn++) {
        ChatAgent speaker = turnOrder.get(turn % turnOrder.size());
        Message message = new Message(speaker.name(), speaker.respond(List.copyOf(conversation)));
        conversation.add(message);
        messages.add(message);
        if (speaker.name().equals(REVIEWER) && message.content().contains("APPROVED")) {
          stopReason = "Text 'APPROVED' mentioned";
        } else if (messages.size() >= MAX_MESSAGES) {
          stopReason = "Maximum number of messages " + MAX_MESSAGES + " reached";
        }
      }
      workflow.setAttribute(STOP_REASON, stopReason);
      workflow.setAttribute(MESSAGE_COUNT, (long) messages.size());
      return new Result(List.copyOf(messages), stopReason);
    });
  }
}
