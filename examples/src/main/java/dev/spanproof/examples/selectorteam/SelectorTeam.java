package dev.spanproof.examples.selectorteam;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.spanproof.examples.support.ChatAgent;
import dev.spanproof.examples.support.ChatAgent.Message;
import dev.spanproof.examples.support.GenAiSpans;
import dev.spanproof.examples.support.OpenAiTools;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A selector group chat, after AutoGen's {@code SelectorGroupChat} example: a planning agent that
 * only plans and delegates ({@code "1. data_analyst : <task>"}), a web search agent and a data
 * analyst with a {@code percentage_change(start, end)} tool. After every message a selector picks the
 * next speaker: back to the planner after any other agent, otherwise the model chooses among the
 * other agents. The run ends when a message says {@code TERMINATE}, or after {@value #MAX_MESSAGES}
 * messages (the task counts as the first).
 *
 * <p>Trace: one {@code invoke_workflow selector_team} span over the run, carrying
 * {@value #STOP_REASON} and {@value #MESSAGE_COUNT}; under it one {@code invoke_agent} span per turn
 * (the planner's carries the delegations it made, {@value #DELEGATIONS}) and the selector's
 * {@code chat} calls.
 */
public final class SelectorTeam {

  /** The team's name, {@code gen_ai.workflow.name}. */
  public static final String TEAM = "selector_team";
  /** The planning agent. */
  public static final String PLANNER = "planning_agent";
  /** The web search agent. */
  public static final String WEB_SEARCH = "web_search_agent";
  /** The data analyst. */
  public static final String ANALYST = "data_analyst";
  /** The model every agent and the selector use. */
  public static final String MODEL = "gpt-4o";
  /** The default limit on messages, the task included. */
  public static final int MAX_MESSAGES = 25;
  /** Workflow span attribute: why the run stopped, worded as AutoGen's {@code TaskResult.stop_reason}. */
  public static final String STOP_REASON = "team.stop_reason";
  /** Workflow span attribute: how many messages the run had, the task included. */
  public static final String MESSAGE_COUNT = "team.message_count";
  /** Planner span attribute: the delegations of that turn, {@code "<agent> : <task>"} each. */
  public static final String DELEGATIONS = "team.delegations";

  private static final Pattern DELEGATION = Pattern.compile("^\\s*\\d+\\.\\s*(\\w+)\\s*:\\s*(.+?)\\s*$",
      Pattern.MULTILINE);

  private final OpenAIClient client;
  private final Tracer tracer;
  private final List<ChatAgent> agents;
  private final int maxMessages;

  /**
   * Creates the team against an OpenAI-compatible endpoint, ending after {@value #MAX_MESSAGES} messages at most.
   *
   * @param openAiBaseUrl the base URL including {@code /v1}
   * @param openTelemetry where the team's and the SDK's spans go
   */
  public SelectorTeam(String openAiBaseUrl, OpenTelemetry openTelemetry) {
    this(openAiBaseUrl, openTelemetry, MAX_MESSAGES);
  }

  /**
   * Creates the team with another message limit.
   *
   * @param openAiBaseUrl the base URL including {@code /v1}
   * @param openTelemetry where the team's and the SDK's spans go
   * @param maxMessages the most messages a run may have, the task included
   */
  public SelectorTeam(String openAiBaseUrl, OpenTelemetry openTelemetry, int maxMessages) {
    this.client = OpenAITelemetry.builder(openTelemetry).setCaptureMessageContent(true).build()
        .wrap(OpenAiTools.client(openAiBaseUrl));
    this.tracer = openTelemetry.getTracer("dev.spanproof.examples.selectorteam");
    this.maxMessages = maxMessages;
    this.agents = List.of(
        new ChatAgent(PLANNER, MODEL, """
            You are a planning agent. Your job is to break down complex tasks into smaller, manageable subtasks.
            Your team members are:
                web_search_agent: Searches for information
                data_analyst: Performs calculations
            You only plan and delegate tasks - you do not execute them yourself.
            When assigning tasks, use this format:
            1. <agent> : <task>
            After all tasks are complete, summarize the findings and end with "TERMINATE".""",
            client, tracer, List.of()),
        new ChatAgent(WEB_SEARCH, MODEL, """
            You are a web search agent. Your only tool is search_web - use it to find information.
            You make only one search call at a time. Once you have the results, you never do calculations.""",
            client, tracer, List.of(new ChatAgent.Tool(OpenAiTools.function("search_web",
                "Searches the web for information.", Map.of("query", Map.of("type", "string")), List.of("query")),
                args -> "No results."))),
        new ChatAgent(ANALYST, MODEL, """
            You are a data analyst. Given the tasks you have been assigned, you should analyze the data and provide
            results using the tools provided. If you have not seen the data, ask for it.""",
            client, tracer, List.of(new ChatAgent.Tool(OpenAiTools.function("percentage_change",
                "Calculates the percentage change between two values.",
                Map.of("start", Map.of("type", "number"), "end", Map.of("type", "number")), List.of("start", "end")),
                SelectorTeam::percentageChange))));
  }

  /**
   * What a run produced.
   *
   * @param messages every message, the task first
   * @param stopReason why the run stopped
   */
  public record Result(List<Message> messages, String stopReason) {

    /**
     * Returns the last message's text.
     *
     * @return the final answer
     */
    public String lastMessage() {
      return messages.get(messages.size() - 1).content();
    }
  }

  /**
   * Runs the team on a task until a message says {@code TERMINATE} or the message limit is reached.
   *
   * @param task the user's task
   * @return the messages and the stop reason
   */
  public Result run(String task) {
    Span workflow = GenAiSpans.startWorkflow(tracer, TEAM);
    return GenAiSpans.run(workflow, () -> {
      List<Message> messages = new ArrayList<>(List.of(new Message("user", task)));
      String stopReason = null;
      while (stopReason == null) {
        ChatAgent speaker = selectSpeaker(messages);
        String reply = speaker.respond(List.copyOf(messages), (span, text) -> {
          if (speaker.name().equals(PLANNER)) {
            List<String> delegations = delegationsIn(text);
            if (!delegations.isEmpty()) {
              span.setAttribute(AttributeKey.stringArrayKey(DELEGATIONS), delegations);
            }
          }
        });
        messages.add(new Message(speaker.name(), reply));
        if (reply.contains("TERMINATE")) {
          stopReason = "Text 'TERMINATE' mentioned";
        } else if (messages.size() >= maxMessages) {
          stopReason = "Maximum number of messages " + maxMessages + " reached, current message count: "
              + messages.size();
        }
      }
      workflow.setAttribute(STOP_REASON, stopReason);
      workflow.setAttribute(MESSAGE_COUNT, (long) messages.size());
      return new Result(List.copyOf(messages), stopReason);
    });
  }

  /**
   * The delegations in a planner's message: each {@code "1. <agent> : <task>"} line, as
   * {@code "<agent> : <task>"}.
   *
   * @param plannerMessage the planner's text
   * @return the delegations, in order
   */
  public static List<String> delegationsIn(String plannerMessage) {
    List<String> out = new ArrayList<>();
    Matcher m = DELEGATION.matcher(plannerMessage);
    while (m.find()) {
      out.add(m.group(1) + " : " + m.group(2));
    }
    return out;
  }

  private ChatAgent selectSpeaker(List<Message> messages) {
    String previous = messages.get(messages.size() - 1).source();
    if (!previous.equals(PLANNER)) {
      return agent(PLANNER); // the selector function: the planner reviews every other agent's work
    }
    List<ChatAgent> candidates = agents.stream().filter(a -> !a.name().equals(previous)).toList();
    StringBuilder history = new StringBuilder();
    messages.forEach(m -> history.append(m.source()).append(": ").append(m.content()).append("\n"));
    String roles = String.join(", ", candidates.stream().map(ChatAgent::name).toList());
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model(MODEL)
        .addSystemMessage("You are in a role play game. The following roles are available: " + roles
            + ". Read the following conversation. Then select the next role from [" + roles
            + "] to play. Only return the role.")
        .addUserMessage(history.toString().strip())
        .build());
    String choice = completion.choices().get(0).message().content().orElse("").strip().toLowerCase(Locale.ROOT);
    return candidates.stream().filter(a -> choice.contains(a.name())).findFirst()
        .orElseThrow(() -> new IllegalStateException("the selector chose \"" + choice + "\", none of " + roles));
  }

  private ChatAgent agent(String name) {
    return agents.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * The analyst's tool: {@code {"start":100,"end":120}} → {@code 20.0} (percent); an infinite change
   * from 0 is {@code Infinity}.
   *
   * @param arguments the tool call's JSON arguments
   * @return the change in percent
   */
  static String percentageChange(String arguments) {
    var args = OpenAiTools.arguments(arguments);
    if (!args.path("start").isNumber() || !args.path("end").isNumber()) {
      throw new IllegalArgumentException("expected numbers start and end, got " + arguments);
    }
    double start = args.get("start").asDouble();
    double end = args.get("end").asDouble();
    if (start == 0) {
      return Double.toString(end == 0 ? 0.0 : Double.POSITIVE_INFINITY);
    }
    return Double.toString((end - start) / start * 100);
  }
}
