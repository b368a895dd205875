package dev.spanproof.benchmarks.extension;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-wired variant: OpenTelemetry sdk-testing's {@link OpenTelemetryExtension} and WireMock's
 * {@link WireMockExtension}, as a team would write it without spanproof. The stub answers with the OpenAI
 * JSON spanproof renders for the same script.
 *
 * <p>The extensions are static fields, as their documentation shows; the benchmark assigns fresh ones
 * before each engine run because {@code OpenTelemetryExtension} closes its SDK after the class.
 */
public class HandWiredFixture {

  /** The OpenAI JSON to answer with; set by the benchmark. */
  static volatile String reply;

  @RegisterExtension
  static OpenTelemetryExtension otelTesting = OpenTelemetryExtension.create();

  @RegisterExtension
  static WireMockExtension wireMock = newWireMock();

  static WireMockExtension newWireMock() {
    return WireMockExtension.newInstance()
        .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
        .build();
  }

  static java.util.stream.IntStream cases() {
    return FixtureWork.cases();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void agentRun(int i) {
    wireMock.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(reply)));
    FixtureWork.run(otelTesting.getOpenTelemetry(), wireMock.baseUrl() + "/v1/chat/completions", otelTesting::getSpans);
  }
}
