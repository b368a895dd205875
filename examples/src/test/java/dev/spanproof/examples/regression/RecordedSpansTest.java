package dev.spanproof.examples.regression;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.spanproof.assertions.AgentAssertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.examples.calculator.CalculatorAgent;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.Cassette;
import dev.spanproof.mockllm.CassetteMode;
import dev.spanproof.mockllm.MockLlm;
import dev.spanproof.mockllm.MockLlmServer;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replayed calls make the same spans as the recorded ones: the calculator agent, instrumented by the official
 * openai-java instrumentation, runs once recording through the mock to a local WireMock playing OpenAI, and once
 * replaying the cassette with that provider stopped; both traces render the same, the provider's token usage
 * included.
 */
@AgentTest
class RecordedSpansTest {

  private static final String USAGE = "\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,\"total_tokens\":%d}";

  @TempDir
  Path dir;

  @Test
  void replayedCallsMakeTheSameSpansAsTheRecordedOnes(AgentTraces traces, OpenTelemetry otel) {
    WireMockServer provider = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    provider.start();
    provider.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(5).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1763905123,\"model\":\"gpt-4-0613\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":"
            + "\"call_Q1\",\"type\":\"function\",\"function\":{\"name\":\"calculate\",\"arguments\":\"{\\\"a\\\":6,"
            + "\\\"b\\\":7,\\\"op\\\":\\\"*\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]," + USAGE.formatted(83, 25, 108) + "}")));
    provider.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]")).willReturn(aResponse()
            .withHeader("Content-Type", "application/json")
            .withBody("{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":1763905124,\"model\":\"gpt-4-0613\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"6 * 7 = 42.\"},"
                + "\"finish_reason\":\"stop\"}]," + USAGE.formatted(121, 8, 129) + "}")));
    Cassette cassette = Cassette.at(dir.resolve("multiply.json")).upstream(provider.baseUrl());

    try (MockLlmServer server = MockLlmServer.start()) {
      MockLlm recording = server.newSession("record").useCassette(cassette.mode(CassetteMode.RECORD));
      String recordedAnswer = new CalculatorAgent(recording.openAiBaseUrl(), otel).run("What is 6 times 7?");
      recording.verify();
      recording.close();
      provider.stop();

      MockLlm replaying = server.newSession("replay").useCassette(cassette.mode(CassetteMode.REPLAY));
      String replayedAnswer = new CalculatorAgent(replaying.openAiBaseUrl(), otel).run("What is 6 times 7?");
      replaying.verify();

      assertThat(replayedAnswer).isEqualTo(recordedAnswer).isEqualTo("6 * 7 = 42.");
    } finally {
      if (provider.isRunning()) {
        provider.stop();
      }
    }
    List<AgentTrace> runs = traces.awaitTraces(2, java.time.Duration.ofSeconds(5));
    assertThat(runs.get(1).render()).isEqualTo(runs.get(0).render());
    assertThat(runs.get(1)).hasShape("""
        invoke_agent assistant
        ├── chat gpt-4  tokens 83→25
        ├── execute_tool calculate
        └── chat gpt-4  tokens 121→8
        """);
    assertThat(runs.get(1)).tokens().hasInput(204).hasOutput(33);
  }
}
