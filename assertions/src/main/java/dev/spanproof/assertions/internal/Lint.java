package dev.spanproof.assertions.internal;

import dev.spanproof.assertions.AgentSpan;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.assertions.GenAiAttributes;
import dev.spanproof.assertions.LintFinding;
import dev.spanproof.assertions.LintRule;
import dev.spanproof.assertions.LlmCall;
import dev.spanproof.assertions.RequestedToolCall;
import dev.spanproof.assertions.SpanRole;
import dev.spanproof.assertions.ToolCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The lint rules. Not for public use. */
public final class Lint {

  private static final io.opentelemetry.api.common.AttributeKey<String> RESPONSE_ID =
      io.opentelemetry.api.common.AttributeKey.stringKey(GenAiAttributes.RESPONSE_ID);

  private Lint() {}

  /** Runs the given rules over a trace. */
  public static List<LintFinding> run(AgentTrace trace, Set<LintRule> rules) {
    List<LintFinding> findings = new ArrayList<>();
    List<AgentSpan> llm = trace.spansOf(SpanRole.LLM);
    List<AgentSpan> agents = agentBoundaries(trace);
    for (LintRule rule : LintRule.values()) {
      if (!rules.contains(rule)) {
        continue;
      }
      switch (rule) {
        case NO_AGENT_SPANS -> {
          if (!llm.isEmpty() && agents.isEmpty()) {
            findings.add(new LintFinding(rule, count(llm, "LLM span") + " but no agent span: " + names(llm), llm,
                "give the agent runtime the test's OpenTelemetry (its tracer provider), or wrap each run in an "
                    + "invoke_agent span, so LLM and tool calls hang under the agent that made them"));
          }
        }
        case NO_LLM_SPANS -> {
          if (!agents.isEmpty() && llm.isEmpty()) {
            findings.add(new LintFinding(rule, count(agents, "agent span") + " but no LLM span: " + names(agents), agents,
                "instrument the model client (for openai-java: OpenAITelemetry.create(openTelemetry).wrap(client)),"
                    + " or enable the framework's model observations"));
          }
        }
        case DUPLICATE_LLM_SPANS -> {
          List<AgentSpan> duplicates = new ArrayList<>();
          Map<String, AgentSpan> byResponseId = new HashMap<>();
          for (AgentSpan span : llm) {
            if (outerLlmSpan(span) != null) {
              duplicates.add(span);
              continue;
            }
            // read from the span, not span.attributes(): lint must leave no attribute index behind
            String responseId = span.span().getAttributes().get(RESPONSE_ID);
            if (responseId != null && byResponseId.putIfAbsent(responseId, span) != null) {
              duplicates.add(span);
            }
          }
          if (!duplicates.isEmpty()) {
            findings.add(new LintFinding(rule, count(duplicates, "LLM span") + (duplicates.size() == 1 ? " duplicates"
                : " duplicate") + " another LLM span of the same"
                + " request (nested in it, or with the same gen_ai.response.id): " + names(duplicates), duplicates,
                "the model client is instrumented twice (a framework observation and an SDK wrapper, or a java agent"
                    + " and a library instrumentation): keep one"));
          }
        }
        case LLM_WITHOUT_USAGE -> {
          List<AgentSpan> noUsage = llm.stream().filter(s -> s.facts().usage() == null && !s.isError()).toList();
          if (!noUsage.isEmpty()) {
            findings.add(new LintFinding(rule, count(noUsage, "LLM span") + " without token usage: " + names(noUsage), noUsage,
                "record gen_ai.usage.input_tokens/output_tokens: for streamed OpenAI calls ask for usage"
                    + " (stream_options.include_usage), and use an instrumentation version that records it"));
          }
        }
        case TOOL_WITHOUT_ARGUMENTS -> {
          List<AgentSpan> noArgs = trace.spansOf(SpanRole.TOOL).stream()
              .filter(s -> s.facts().toolArguments() == null).toList();
          if (!noArgs.isEmpty()) {
            findings.add(new LintFinding(rule, count(noArgs, "tool span") + " without arguments: " + names(noArgs), noArgs,
                "enable capture of tool call arguments (the opt-in gen_ai.tool.call.arguments), or set it on your own"
                    + " execute_tool spans"));
          }
        }
        case ORPHAN_SPANS -> {
          List<AgentSpan> orphans = trace.roots().stream().filter(AgentSpan::isOrphan).toList();
          if (!orphans.isEmpty()) {
            findings.add(new LintFinding(rule, count(orphans, "span") + " whose parent is not in the trace: "
                + names(orphans), orphans,
                "end every span before the test reads them, and carry the OpenTelemetry Context across threads"
                    + " (Context.current().wrap(task)) so children find their parent"));
          }
        }
        case UNENDED_SPANS -> {
          List<AgentSpan> open = trace.find(s -> !s.span().hasEnded());
          if (!open.isEmpty()) {
            findings.add(new LintFinding(rule, count(open, "span") + " never ended: " + names(open), open,
                "end every span in a finally block (span.end()), and wait for asynchronous work before asserting"));
          }
        }
        case MIXED_CONVENTIONS -> {
          Map<String, List<AgentSpan>> byFamily = new LinkedHashMap<>();
          for (AgentSpan span : trace.nodes()) {
            String family = family(span.facts().convention());
            if (family != null && span.role() != SpanRole.OTHER) {
              byFamily.computeIfAbsent(family, f -> new ArrayList<>()).add(span);
            }
          }
          if (byFamily.size() > 1) {
            List<String> parts = new ArrayList<>();
            byFamily.forEach((family, spans) -> parts.add(family + " (" + names(spans) + ")"));
            findings.add(new LintFinding(rule, "spans of " + byFamily.size() + " conventions in one trace: "
                + String.join(", ", parts), byFamily.values().stream().flatMap(List::stream).toList(),
                "two instrumentations trace the same agent: keep one, or make them agree (assertions read both,"
                    + " but dashboards and token totals will not)"));
          }
        }
        case REQUESTED_TOOL_NOT_EXECUTED -> {
          List<String> missing = unexecutedRequests(trace);
          if (!missing.isEmpty()) {
            findings.add(new LintFinding(rule, "the model asked for tool calls the agent never executed: "
                + String.join("; ", missing), llm,
                "make the agent run every tool call in the model's response (and send the results back), or trace"
                    + " the tools it runs with execute_tool spans"));
          }
        }
        default -> { }
      }
    }
    return findings;
  }

  /**
   * The spans that stand for the agent in the agent rules: agent and workflow spans, and the
   * runtime span a framework opens around each run when it has no agent span of its own (Spring
   * AI's {@code spring_ai chat_client}).
   */
  private static List<AgentSpan> agentBoundaries(AgentTrace trace) {
    return trace.find(span -> span.role() == SpanRole.AGENT || span.role() == SpanRole.WORKFLOW
        || isSpringAiChatClient(span));
  }

  /** Asks for the attributes only of Spring AI's own spans: lint must not build them for every span. */
  private static boolean isSpringAiChatClient(AgentSpan span) {
    if (span.role() != SpanRole.OTHER || !"spring-ai".equals(span.facts().convention())) {
      return false;
    }
    String kind = span.attributes().string(GenAiAttributes.SPRING_AI_KIND);
    return kind != null ? kind.equals("chat_client") : span.name().equals("spring_ai chat_client");
  }

  /**
   * The LLM span this one is nested in when the nearest agent, tool or LLM span above it is one: one
   * request traced by two instrumentations, with perhaps an HTTP or framework span between them.
   * Null otherwise.
   */
  private static AgentSpan outerLlmSpan(AgentSpan span) {
    return span.ancestors().stream().filter(a -> a.role() != SpanRole.OTHER).findFirst()
        .filter(a -> a.role() == SpanRole.LLM).orElse(null);
  }

  /**
   * The attribute family a built-in convention writes: OpenLLMetry writes the GenAI names (older
   * ones), OpenInference its own. A convention of the user's is no family: it reads what the user's
   * own code writes, next to whatever else traces the agent.
   */
  private static String family(String convention) {
    return switch (convention) {
      case "genai", "spring-ai", "adk", "openllmetry" -> "OpenTelemetry GenAI";
      case "openinference" -> "OpenInference";
      default -> null;
    };
  }

  /** Requested tool calls without a matching execute_tool span. */
  public static List<String> unexecutedRequests(AgentTrace trace) {
    List<ToolCall> executed = new ArrayList<>(trace.toolCalls());
    List<String> missing = new ArrayList<>();
    for (LlmCall llm : trace.llmCalls()) {
      AgentSpan outer = outerLlmSpan(llm.node());
      if (outer != null && !outer.facts().requestedToolCalls().isEmpty()) {
        continue; // one request traced twice: its tool calls were asked for once, by the outer span
      }
      for (RequestedToolCall request : llm.requestedToolCalls()) {
        ToolCall match = null;
        for (ToolCall call : executed) {
          boolean sameId = request.callId() != null && request.callId().equals(call.callId());
          boolean bothIds = request.callId() != null && call.callId() != null;
          boolean sameCall = request.name() != null && request.name().equals(call.name())
              && (request.arguments() == null || call.arguments() == null
                  || Json.equivalent(request.arguments(), call.arguments()));
          if (sameId || (!bothIds && sameCall)) {
            match = call;
            break;
          }
        }
        if (match != null) {
          executed.remove(match);
        } else {
          missing.add(request.name() + (request.arguments() == null ? "" : " " + Json.compact(request.arguments()))
              + " (asked for in \"" + llm.node().displayName() + "\""
              + (request.callId() == null ? "" : ", call id " + request.callId()) + ")");
        }
      }
    }
    return missing;
  }

  private static String count(List<AgentSpan> spans, String noun) {
    return spans.size() + " " + noun + (spans.size() == 1 ? "" : "s");
  }

  private static String names(List<AgentSpan> spans) {
    TreeSet<String> seen = new TreeSet<>();
    List<String> out = new ArrayList<>();
    for (AgentSpan span : spans) {
      if (seen.add(span.displayName())) {
        out.add("\"" + span.displayName() + "\"");
      }
    }
    return String.join(", ", out);
  }
}
