package dev.spanproof.assertions.conventions;

import static dev.spanproof.assertions.GenAiAttributes.*;

import dev.spanproof.assertions.SpanRole;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Optional;

/**
 * Spring AI's Micrometer observations bridged to OpenTelemetry: GenAI names with every value a
 * string ({@code gen_ai.usage.input_tokens="82"}), the old {@code gen_ai.system}, tool calls in
 * {@code spring.ai.tool.call.*}. The {@code spring_ai chat_client} and advisor spans are
 * {@link SpanRole#OTHER}.
 */
public class SpringAiConvention implements TraceConvention {

  private final GenAiConvention genAi = new GenAiConvention();

  @Override
  public String name() {
    return "spring-ai";
  }

  @Override
  public Optional<SpanFacts> read(SpanData span, Attrs a, List<LogRecordData> logs) {
    boolean springAi = a.hasPrefix("spring.ai.")
        || span.getName().startsWith("spring_ai ")
        || (a.raw(USAGE_INPUT_TOKENS) instanceof String && !a.has(PROVIDER_NAME));
    if (!springAi) {
      return Optional.empty();
    }
    Optional<SpanFacts> read = genAi.read(span, a, logs);
    if (read.isEmpty()) {
      return Optional.of(SpanFacts.builder(name(), SpanRole.OTHER)
          .operation(span.getName())
          .errorType(Conventions.errorType(span, a))
          .build());
    }
    SpanFacts facts = read.get();
    if (facts.role() == SpanRole.TOOL && facts.subject() == null) {
      facts = facts.toBuilder().subject(a.string("spring.ai.tool.definition.name")).build();
    }
    return Optional.of(facts.toBuilderWithConvention(name()));
  }
}
