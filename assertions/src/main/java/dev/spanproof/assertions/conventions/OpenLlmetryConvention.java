package dev.spanproof.assertions.conventions;

import static dev.spanproof.assertions.GenAiAttributes.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanproof.assertions.SpanRole;
import dev.spanproof.assertions.internal.Json;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * OpenLLMetry / Traceloop: LLM spans ({@code openai.chat}) with {@code llm.request.type} and the
 * older GenAI names, and the decorator spans ({@code @workflow}, {@code @agent}, {@code @tool},
 * {@code @task}) with {@code traceloop.span.kind}, {@code traceloop.entity.name} and JSON input and
 * output in {@code traceloop.entity.input/output}.
 */
public class OpenLlmetryConvention implements TraceConvention {

  private final GenAiConvention genAi = new GenAiConvention();

  @Override
  public String name() {
    return "openllmetry";
  }

  @Override
  public Optional<SpanFacts> read(SpanData span, Attrs a, List<LogRecordData> logs) {
    String kind = a.string(TRACELOOP_SPAN_KIND);
    if (kind != null) {
      String entity = GenAiConvention.firstNonNull(a.string(TRACELOOP_ENTITY_NAME), stripSuffix(span.getName()));
      String error = Conventions.errorType(span, a);
      return Optional.of(switch (kind.toLowerCase(Locale.ROOT)) {
        case "agent" -> SpanFacts.builder(name(), SpanRole.AGENT).subject(entity).errorType(error).build();
        case "workflow" -> SpanFacts.builder(name(), SpanRole.WORKFLOW).subject(entity).errorType(error).build();
        case "tool" -> SpanFacts.builder(name(), SpanRole.TOOL)
            .subject(entity)
            .toolArguments(arguments(a.string(TRACELOOP_ENTITY_INPUT)))
            .toolResult(a.string(TRACELOOP_ENTITY_OUTPUT))
            .errorType(error)
            .build();
        default -> SpanFacts.builder(name(), SpanRole.OTHER).operation(span.getName()).errorType(error).build();
      });
    }
    if (a.has(LLM_REQUEST_TYPE) && !a.has(OPERATION_NAME)) {
      return genAi.read(span, a, logs).map(f -> f.toBuilderWithConvention(name()));
    }
    return Optional.empty();
  }

  /** Traceloop names decorator spans {@code name.kind}, such as {@code calculate.tool}. */
  private static String stripSuffix(String spanName) {
    int dot = spanName.lastIndexOf('.');
    return dot > 0 ? spanName.substring(0, dot) : spanName;
  }

  /**
   * The entity input is {@code {"args":[..],"kwargs":{..}}}: the tool's arguments are the keyword
   * arguments when it was called with those alone, the positional ones ({@code [2,3]}) when called
   * with those alone, and the whole input when called with both.
   */
  private static String arguments(String input) {
    JsonNode node = Json.parseOrNull(input);
    if (node == null || !node.isObject() || !node.has("kwargs")) {
      return input;
    }
    JsonNode kwargs = node.get("kwargs");
    JsonNode args = node.get("args");
    boolean positional = args != null && !args.isEmpty(); // null and [] alike are empty
    boolean keywords = !kwargs.isEmpty();
    if (positional && !keywords) {
      return args.toString();
    }
    if (positional) {
      return input;
    }
    return kwargs.isTextual() ? kwargs.asText() : kwargs.toString();
  }
}
