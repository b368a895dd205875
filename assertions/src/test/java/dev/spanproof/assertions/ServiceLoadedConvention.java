package dev.spanproof.assertions;

import dev.spanproof.assertions.conventions.Attrs;
import dev.spanproof.assertions.conventions.SpanFacts;
import dev.spanproof.assertions.conventions.TraceConvention;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Optional;

/** Registered in META-INF/services of the tests: reads "svc.agent NAME" spans as agent runs. */
public class ServiceLoadedConvention implements TraceConvention {

  @Override
  public String name() {
    return "svc";
  }

  @Override
  public Optional<SpanFacts> read(SpanData span, Attrs attributes, List<LogRecordData> logs) {
    if (!span.getName().startsWith("svc.agent ")) {
      return Optional.empty();
    }
    return Optional.of(SpanFacts.builder(name(), SpanRole.AGENT)
        .subject(span.getName().substring("svc.agent ".length()))
        .build());
  }
}
