package dev.spanproof.mockllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptFileAndMainTest {
  static final String YAML = """
      steps:
        - toolCalls:
            - name: calculate
              arguments: {a: 2, b: 2}
          usage: {input: 10, output: 15}
        - reply: "2+2 equals 4"
          when: {toolResult: {tool: calculate, contains: "4"}}
          usage: {input: 12, output: 8}
      fallback:
        - reply: "I can only add."
      """;

  @Test
  void yamlScriptDrivesTheMock(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("script.yaml");
    Files.writeString(file, YAML);
    try (MockLlm llm = MockLlm.start()) {
      llm.script().load(file);
      String first = Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4", "What is 2+2?")).body();
      assertThat(first).contains("\"name\":\"calculate\",\"arguments\":\"{\\\"a\\\":2,\\\"b\\\":2}\"").contains("\"total_tokens\":25");
      String other = Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4", "Capital of France?")).body();
      assertThat(other).contains("I can only add.");
      assertThat(llm.problems()).containsExactly(
          "Scripted tool call calculate {\"a\":2,\"b\":2} (step #1) answered request #1 in session \"mock LLM\", which "
              + "offers no tools: the agent cannot run it as scripted.",
          "Unused step in session \"mock LLM\": #2 when ends with a result of tool "
          + "calculate containing \"4\": reply \"2+2 equals 4\" was used 0 of 1 time. Remove it, or call llm.script().lenient() if it is optional.");
    }
  }

  @Test
  void jsonScriptWithFaults() {
    try (MockLlm llm = MockLlm.start()) {
      llm.script().loadText("""
          {"strict": false, "steps": [
            {"fail": {"status": 429, "retryAfterMs": 2000}},
            {"fail": "overloaded"},
            {"reply": "ok", "times": "always"}]}""");
      HttpResponse<String> r1 = Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4", "a"));
      assertThat(r1.statusCode()).isEqualTo(429);
      assertThat(r1.headers().firstValue("retry-after")).contains("2");
      assertThat(Http.post(llm.baseUrl() + "/v1/messages",
          "{\"model\":\"claude\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}").statusCode()).isEqualTo(529);
      assertThat(Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4", "c")).body()).contains("\"content\":\"ok\"");
    }
  }

  @Test
  void badScriptsSayWhereAndWhat() {
    try (MockLlm llm = MockLlm.start()) {
      assertThatThrownBy(() -> llm.script().loadText("steps:\n  - replly: hi\n"))
          .hasMessage("script text, at steps[0].replly: unknown key; expected one of [cutStreamAfter, delayMs, fail, "
              + "failStreamAfter, randomDelayMs, reply, streamEventIntervalMs, text, times, toolCalls, usage, when]");
      assertThatThrownBy(() -> llm.script().loadText("steps:\n  - reply: hi\n    fail: overloaded\n"))
          .hasMessage("script text, at steps[0]: needs exactly one of 'reply', 'toolCalls' or 'fail'");
      assertThatThrownBy(() -> llm.script().loadText("steps:\n  - fail: {status: 200}\n"))
          .hasMessage("script text, at steps[0].fail.status: must be an HTTP error status between 400 and 599");
      assertThatThrownBy(() -> llm.script().loadText("steps:\n  - reply: a\n  - reply: b\n    times: 0\n"))
          .hasMessage("script text, at steps[1].times: must be a number of at least 1, or \"always\"; got 0");
      assertThatThrownBy(() -> llm.script().loadText("- just a list"))
          .hasMessage("script text: the script must be an object with a 'steps' list, e.g. steps: [{reply: \"Hello\"}]");
      assertThatThrownBy(() -> llm.script().load(Path.of("no/such/script.yaml")))
          .hasMessageStartingWith("cannot read script file no/such/script.yaml");
      assertThat(llm.problems()).isEmpty();
    }
  }

  /** Loads the text, expects the message, and checks nothing was added (no step is left unused). */
  private static void rejects(String yaml, String message) {
    try (MockLlm llm = MockLlm.start()) {
      assertThatThrownBy(() -> llm.script().loadText(yaml)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
      assertThat(llm.problems()).as("steps added by a rejected script").isEmpty();
    }
  }

  @Test
  void badValuesNameTheirPlaceAndAddNothing() {
    rejects("steps:\n  - reply: a\n  - reply: b\n    delayMs: -5\n",
        "script text, at steps[1].delayMs: must be a whole number of milliseconds, at least 0 (e.g. 200), got -5");
    rejects("steps:\n  - reply: a\n    delayMs: soon\n",
        "script text, at steps[0].delayMs: must be a whole number of milliseconds, at least 0 (e.g. 200), got \"soon\"");
    rejects("steps:\n  - reply: a\n  - reply: b\n    usage: {input: -1, output: 2}\n",
        "script text, at steps[1].usage.input: must be a token count, a whole number of at least 0, got -1");
    rejects("steps:\n  - reply: a\n  - reply: b\n    usage: {input: 1}\n",
        "script text, at steps[1].usage: must be {input: N, output: N}, got {\"input\":1}");
    rejects("steps:\n  - reply: a\n  - reply: b\n    randomDelayMs: {min: 300, max: 100}\n",
        "script text, at steps[1].randomDelayMs: needs min <= max, got min 300 and max 100; swap them");
    rejects("steps:\n  - reply: a\n  - reply: b\n    cutStreamAfter: -1\n",
        "script text, at steps[1].cutStreamAfter: must be a number of events, a whole number of at least 0, got -1");
    rejects("steps:\n  - reply: a\n  - reply: b\n    failStreamAfter: {events: two}\n",
        "script text, at steps[1].failStreamAfter.events: must be a number of events, a whole number of at least 0, got \"two\"");
    rejects("steps:\n  - reply: a\n  - reply: b\n    streamEventIntervalMs: 1.5\n",
        "script text, at steps[1].streamEventIntervalMs: must be a whole number of milliseconds, at least 0 (e.g. 200), got 1.5");
    rejects("steps:\n  - reply: a\n  - toolCalls: [{name: calc, arguments: 'not json'}]\n",
        "script text, at steps[1].toolCalls[0].arguments: must be an object such as {a: 2}, or a JSON object string; got \"not json\"");
    rejects("steps:\n  - reply: a\n  - toolCalls: [{name: calc, arguments: [1, 2]}]\n",
        "script text, at steps[1].toolCalls[0].arguments: must be an object such as {a: 2}, or a JSON object string; got [1,2]");
    rejects("steps:\n  - toolCalls: [{name: calc, arguments: '{\"a\": 1} junk'}]\n",
        "script text, at steps[0].toolCalls[0].arguments: must be an object such as {a: 2}, or a JSON object string; "
            + "got \"{\"a\": 1} junk\"");
    rejects("steps:\n  - reply: a\n    usage: {input: 2147483647, output: 10}\n",
        "script text, at steps[0].usage: input and output tokens must add up to at most 2147483647 (the total is "
            + "reported as an int), got input 2147483647 and output 10");
    rejects("steps:\n  - reply: a\nfallback:\n  - reply: b\n    times: 2\n",
        "script text, at fallback[0].times: fallback steps answer every unmatched request, however many; remove "
            + "'times', or move the step to 'steps' (with a 'when') for a reply used 2 times");
    rejects("steps:\n  - reply: a\n    times: 1.5\n",
        "script text, at steps[0].times: must be a number of at least 1, or \"always\"; got 1.5");
  }

  @Test
  void wrongTypesAreRejectedNotReadAsSomethingElse() {
    rejects("steps:\n  - reply: a\nfallback:\n  reply: x\n",
        "script text, at fallback: must be a list of steps, e.g. fallback: [{reply: \"Hello\"}], got {\"reply\":\"x\"}");
    rejects("steps:\n  - reply: a\nfallback: x\n",
        "script text, at fallback: must be a list of steps, e.g. fallback: [{reply: \"Hello\"}], got \"x\"");
    rejects("steps:\n  - reply: {text: hi}\n",
        "script text, at steps[0].reply: must be a string, got {\"text\":\"hi\"}");
    rejects("steps:\n  - reply: a\n    text: b\n",
        "script text, at steps[0].text: is the text before tool calls and goes with 'toolCalls'; for a text reply use 'reply'");
    rejects("strict: maybe\nsteps:\n  - reply: a\n",
        "script text, at strict: must be true or false, got \"maybe\"");
    rejects("steps:\n  - reply: a\n  - reply: b\n    when: {protocol: openai}\n",
        "script text, at steps[1].when.protocol: unknown protocol \"openai\"; use one of openai-chat, openai-responses, "
            + "anthropic-messages, gemini, ollama-chat");
    rejects("steps:\n  - reply: a\n  - reply: b\n    when: {model: [gpt-4o]}\n",
        "script text, at steps[1].when.model: must be a string, got [\"gpt-4o\"]");
    rejects("steps:\n  - reply: a\n  - reply: b\n    when: {toolResult: {tool: calc, contain: 4}}\n",
        "script text, at steps[1].when.toolResult.contain: unknown key; expected one of [contains, tool]");
  }

  @Test
  void scalarRepliesAreTextAndAGoodFileStillLoads() {
    try (MockLlm llm = MockLlm.start()) {
      llm.script().loadText("strict: false\nsteps:\n  - reply: 4\n    delayMs: 0\n    usage: {input: 1, output: 2}\n"
          + "    when: {protocol: openai-chat, toolResult: calc}\nfallback:\n  - reply: other\n");
      assertThat(Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4", "c")).body())
          .contains("\"content\":\"other\"");
    }
  }

  @Test
  void standaloneMainPrintsBaseUrlsServesAndReports(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("script.yaml");
    Files.writeString(file, "steps:\n  - reply: from the standalone mock\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    MockLlm llm = MockLlmMain.start(new String[] {"--script", file.toString(), "--port", "0"}, out);
    try {
      String printed = bytes.toString(StandardCharsets.UTF_8);
      assertThat(printed).startsWith("spanproof mock LLM listening on " + llm.baseUrl() + "\n")
          .contains("  OpenAI (Chat Completions, Responses): " + llm.baseUrl() + "/v1\n");
      assertThat(llm.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4", "hi")).body())
          .contains("from the standalone mock");
      bytes.reset();
      assertThat(MockLlmMain.report(llm, out)).isFalse();
      assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
          LLM exchange:
            #1 user "hi"  →  scripted reply "from the standalone mock"
          """);
    } finally {
      llm.close();
    }
  }

  @Test
  void standaloneMainReplaysACassette(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("hello.json");
    Files.writeString(file, """
        {"spanproof_cassette": 1, "interactions": [{
          "request": {"method": "POST", "path": "/v1/chat/completions",
                      "body": {"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}]}},
          "response": {"status": 200, "headers": {"content-type": "application/json"},
                       "body": {"id": "chatcmpl-9", "object": "chat.completion", "created": 1, "model": "gpt-4",
                                "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello!"},
                                             "finish_reason": "stop"}],
                                "usage": {"prompt_tokens": 8, "completion_tokens": 2, "total_tokens": 10}}}}]}
        """);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    MockLlm llm = MockLlmMain.start(new String[] {"--cassette", file.toString()}, out);
    try {
      var response = Http.post(llm.openAiBaseUrl() + "/chat/completions",
          "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"content\":\"Hello!\"").contains("\"prompt_tokens\":8");
      assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Replaying " + file);
      assertThat(MockLlmMain.report(llm, out)).isFalse();
    } finally {
      llm.close();
    }
    assertThatThrownBy(() -> MockLlmMain.start(new String[] {"--record"}, out)).hasMessage("--record needs --cassette FILE");
    assertThatThrownBy(() -> MockLlmMain.start(new String[] {"--cassette", file.toString(), "--script", file.toString()},
        out)).hasMessageStartingWith("--script and --cassette exclude each other");
    assertThatThrownBy(() -> MockLlmMain.start(new String[] {"--cassette", dir.resolve("none.json").toString()}, out))
        .hasMessageStartingWith("No cassette to replay at ");
  }

  @Test
  void aBusyPortFailsWithAClearMessage() {
    try (MockLlmServer first = MockLlmServer.start()) {
      assertThatThrownBy(() -> MockLlmServer.start(first.port()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("Could not start the mock LLM server on 127.0.0.1 port " + first.port()
              + " (is it in use? pass 0 for a free port): ");
      assertThatThrownBy(() -> MockLlmServer.start(70000))
          .hasMessage("a port is between 0 and 65535 (0 for a free one), got 70000");
    }
  }

  @Test
  void standaloneMainRejectsBadArguments() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> MockLlmMain.start(new String[] {"--port", "x"}, out))
        .hasMessage("--port needs a number between 0 and 65535, got x");
    assertThatThrownBy(() -> MockLlmMain.start(new String[] {"--script"}, out)).hasMessage("--script needs a file");
    assertThatThrownBy(() -> MockLlmMain.start(new String[] {"--script", "missing.yaml"}, out))
        .hasMessage("script file missing.yaml does not exist");
    assertThatThrownBy(() -> MockLlmMain.start(new String[] {"--verbose"}, out)).hasMessage("unknown argument --verbose");
  }
}
