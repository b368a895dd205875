package dev.spanproof.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** {@link UseCassette}: the extension records through a provider (a local WireMock) and replays without it. */
class CassetteTest {
  static volatile String question = "What is 2+2?";
  static volatile int lastStatus;
  static volatile String lastBody;

  /** An agent turn: one chat request inside an agent span, its answer kept for the outer test. */
  static void agentTurn(OpenTelemetry otel, MockLlm llm) {
    Span span = otel.getTracer("test").spanBuilder("invoke_agent calculator").startSpan();
    try {
      HttpResponse<String> response = ChatRequests.ask(llm.openAiBaseUrl(), question);
      lastStatus = response.statusCode();
      lastBody = response.body();
    } finally {
      span.end();
    }
  }

  @AgentTest
  @UseCassette
  static class CalculatorCase {
    @Test
    void adds(OpenTelemetry otel, MockLlm llm, AgentTraces traces) {
      agentTurn(otel, llm);
      assertThat(traces.single().spans()).hasSize(1);
    }

    @Test
    @UseCassette("the-named-one")
    void named(OpenTelemetry otel, MockLlm llm) {
      agentTurn(otel, llm);
    }

    @Nested
    class Inner {
      @Test
      void nested(OpenTelemetry otel, MockLlm llm) {
        agentTurn(otel, llm);
      }
    }
  }

  @TempDir
  Path dir;

  private WireMockServer provider;

  @BeforeEach
  void startProvider() {
    question = "What is 2+2?";
    lastStatus = 0;
    lastBody = null;
    provider = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    provider.start();
    provider.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withHeader("openai-organization", "org-secret-123456")
        .withBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1763900000,\"model\":\"gpt-4-0613\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"2+2 equals 4\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":6,\"total_tokens\":20}}")));
  }

  @AfterEach
  void stopProvider() {
    if (provider.isRunning()) {
      provider.stop();
    }
  }

  private EngineExecutionResults run(String mode, String upstream) {
    Map<String, String> config = new java.util.HashMap<>(Map.of("spanproof.print", "never", "spanproof.report", "never",
        "spanproof.cassettes", mode, "spanproof.cassettes.dir", dir.toString()));
    if (upstream != null) {
      config.put("spanproof.cassettes.upstream", upstream);
    }
    return EngineRunner.run(CalculatorCase.class, config);
  }

  @Test
  void recordsOneFilePerTestThenReplaysWithoutTheProvider() throws Exception {
    run("record", provider.baseUrl()).testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    provider.verify(3, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    Path classDir = dir.resolve(CalculatorCase.class.getName());
    assertThat(classDir.resolve("adds.json")).exists();
    assertThat(classDir.resolve("the-named-one.json")).exists();
    assertThat(dir.resolve(CalculatorCase.Inner.class.getName()).resolve("nested.json")).exists();
    assertThat(Files.readString(classDir.resolve("adds.json"))).contains("\"content\" : \"2+2 equals 4\"")
        .contains("\"openai-organization\" : \"<redacted>\"").doesNotContain("org-secret-123456")
        .doesNotContain("test-key");
    provider.stop();

    lastBody = null;
    run("replay", null).testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    assertThat(lastStatus).isEqualTo(200);
    assertThat(lastBody).contains("2+2 equals 4").contains("\"prompt_tokens\":14");
  }

  @Test
  void aChangedRequestFailsTheTestWithTheDifference() {
    run("record", provider.baseUrl());
    provider.stop();
    question = "What is 3+3?";

    List<Throwable> failures = EngineRunner.failures(run("replay", null));

    assertThat(failures).hasSize(3).first().isInstanceOf(AssertionError.class).asString()
        .contains("Unmatched request #1 in session \"adds\" (POST /v1/chat/completions)")
        .contains("$.messages[0].content: recorded \"What is 2+2?\", sent \"What is 3+3?\"")
        .contains("Unused recordings in session \"adds\": 1 of 1 recorded requests");
    assertThat(lastStatus).isEqualTo(400);
  }

  @Test
  void replayingAMissingCassetteSaysHowToRecordIt() {
    List<Throwable> failures = EngineRunner.failures(run("replay", null));

    assertThat(failures).hasSize(3).first().asString()
        .contains("No cassette to replay at " + dir.resolve(CalculatorCase.class.getName()).resolve("adds.json").toAbsolutePath())
        .contains("SPANPROOF_CASSETTES=record");
  }

  @Test
  void anInvalidModeNamesTheSettingAndTheChoices() {
    List<Throwable> failures = EngineRunner.failures(run("rewind", null));

    assertThat(failures).hasSize(3).first().asString().contains("Invalid spanproof configuration: "
        + "spanproof.cassettes=\"rewind\"; expected replay or record. Set it in "
        + "src/test/resources/junit-platform.properties or as -Dspanproof.cassettes=….");
  }
}
