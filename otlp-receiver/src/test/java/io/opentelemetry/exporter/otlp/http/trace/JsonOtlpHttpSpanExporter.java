package io.opentelemetry.exporter.otlp.http.trace;

import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.common.internal.StandardComponentId;

/**
 * Builds OpenTelemetry Java's own {@link OtlpHttpSpanExporter} in its OTLP/JSON mode.
 *
 * <p>Version 1.65's public builder has no JSON switch, but the exporter has the mode: its internal
 * {@code HttpExporterBuilder.exportAsJson()} makes it send {@code application/json} marshalled by
 * OpenTelemetry's own JSON serializer (hex ids, integer enums). The builder constructor that takes
 * an {@code HttpExporterBuilder} is package-private, hence this test class in the exporter's
 * package. It relies on internals pinned to the version in the parent pom; if an upgrade breaks
 * it, look for a public JSON option first.
 */
public final class JsonOtlpHttpSpanExporter {

  private JsonOtlpHttpSpanExporter() {}

  /**
   * Returns a builder for a JSON-encoding OtlpHttpSpanExporter posting to {@code endpoint}.
   *
   * @param endpoint the full traces URL
   * @return the builder; {@code setCompression("gzip")} and the rest work as usual
   */
  public static OtlpHttpSpanExporterBuilder builder(String endpoint) {
    HttpExporterBuilder http =
        new HttpExporterBuilder(
                StandardComponentId.ExporterType.OTLP_HTTP_JSON_SPAN_EXPORTER, endpoint)
            .exportAsJson();
    return new OtlpHttpSpanExporterBuilder(http, MemoryMode.IMMUTABLE_DATA);
  }
}
