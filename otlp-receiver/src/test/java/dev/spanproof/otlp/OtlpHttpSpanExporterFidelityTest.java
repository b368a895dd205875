package dev.spanproof.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.JsonOtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves the receiver with code we did not write: OpenTelemetry Java's own OtlpHttpSpanExporter
 * sends the spans of a real SDK run, in each encoding it has, and what arrives is the same
 * SpanData in every field that matters.
 */
class OtlpHttpSpanExporterFidelityTest {

  private static OtlpReceiver receiver;
  private static List<SpanData> originals;

  @BeforeAll
  static void startReceiver() {
    receiver = OtlpReceiver.start();
    originals = AgentRun.spans();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  enum Encoding {
    PROTOBUF(false, null),
    PROTOBUF_GZIP(false, "gzip"),
    JSON(true, null),
    JSON_GZIP(true, "gzip");

    final boolean json;
    final String compression;

    Encoding(boolean json, String compression) {
      this.json = json;
      this.compression = compression;
    }

    SpanExporter exporter(String tracesEndpoint) {
      OtlpHttpSpanExporterBuilder builder =
          json
              ? JsonOtlpHttpSpanExporter.builder(tracesEndpoint)
              : OtlpHttpSpanExporter.builder().setEndpoint(tracesEndpoint);
      if (compression != null) {
        builder.setCompression(compression);
      }
      return builder.build();
    }
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void receives_what_the_sdk_exported_in_every_field(Encoding encoding) throws Exception {
    // GIVEN a session and OpenTelemetry's exporter pointed at it
    List<SpanData> received = new CopyOnWriteArrayList<>();
    try (OtlpReceiver.Session session = receiver.openSession(received::addAll)) {
      SpanExporter exporter = encoding.exporter(session.tracesEndpoint());

      // WHEN it exports the SDK's spans
      CompletableResultCode result = exporter.export(originals).join(10, TimeUnit.SECONDS);
      exporter.shutdown().join(10, TimeUnit.SECONDS);

      // THEN the export succeeded and every span arrived unchanged
      assertThat(result.isSuccess()).as("export to %s succeeded", session).isTrue();
      assertThat(session.receivedBatches()).isEqualTo(1);
      assertThat(session.receivedSpans()).isEqualTo(originals.size());
      assertThat(SpanView.of(received)).containsExactlyInAnyOrderElementsOf(SpanView.of(originals));
    }
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void an_empty_typed_array_arrives_as_an_untyped_empty_value_as_the_readme_says(Encoding encoding) {
    // OTLP sends an array's elements and no element type: an empty one cannot say what it was.
    List<SpanData> received = new CopyOnWriteArrayList<>();
    try (OtlpReceiver.Session session = receiver.openSession(received::addAll);
        SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(encoding.exporter(session.tracesEndpoint())))
            .build()) {
      provider.get("empty-arrays").spanBuilder("tagged")
          .setAttribute(AttributeKey.stringArrayKey("tags"), List.of())
          .startSpan()
          .end();
      assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

      Attributes attributes = received.get(0).getAttributes();
      assertThat(attributes.asMap()).containsOnlyKeys(AttributeKey.valueKey("tags"));
      assertThat(attributes).isNotEqualTo(Attributes.of(AttributeKey.stringArrayKey("tags"), List.of()));
      assertThat(attributes.get(AttributeKey.valueKey("tags"))).isEqualTo(Value.of(List.of()));
      assertThat(attributes.get(AttributeKey.valueKey("tags")).asString()).isEqualTo("[]");
      // OpenTelemetry's API reads an empty Value array through a typed array key since 1.62 only
      assertThat(attributes.get(AttributeKey.stringArrayKey("tags"))).isEmpty();
    }
  }

  @Test
  void the_run_covers_what_it_claims_to() {
    // Guards the fixture: if the SDK stopped producing these, the fidelity test would prove less.
    assertThat(originals).hasSize(5);
    assertThat(originals).extracting(SpanData::getKind).contains(SpanKind.values());
    assertThat(originals).anySatisfy(s -> assertThat(s.getParentSpanContext().isRemote()).isTrue());
    assertThat(originals).anySatisfy(s -> assertThat(s.getTotalRecordedEvents()).isGreaterThan(s.getEvents().size()));
    assertThat(originals).anySatisfy(s -> assertThat(s.getTotalRecordedLinks()).isGreaterThan(s.getLinks().size()));
    assertThat(originals).anySatisfy(s -> assertThat(s.getTotalAttributeCount()).isGreaterThan(s.getAttributes().size()));
    assertThat(originals).anySatisfy(s -> assertThat(s.getSpanContext().getTraceState().isEmpty()).isFalse());
    assertThat(originals)
        .flatExtracting(s -> s.getAttributes().asMap().keySet())
        .extracting(AttributeKey::getType)
        .contains(AttributeType.values());
    assertThat(originals).extracting(s -> s.getInstrumentationScopeInfo().getName()).containsOnly(
        "dev.spanproof.test.agent", "dev.spanproof.test.tools");
  }
}
