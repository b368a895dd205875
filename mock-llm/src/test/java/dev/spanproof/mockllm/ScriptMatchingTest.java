package dev.spanproof.mockllm;

import static dev.spanproof.mockllm.RequestMatcher.hasToolResult;
import static dev.spanproof.mockllm.RequestMatcher.lastUserMessageContains;
import static dev.spanproof.mockllm.RequestMatcher.model;
import static dev.spanproof.mockllm.RequestMatcher.systemPromptContains;
import static dev.spanproof.mockllm.RequestMatcher.toolOffered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Step selection: order, conditions, repeats, fallbacks, unused steps and diagnostics. */
class ScriptMatchingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static MockLlmServer server;
  private MockLlm llm;

  @BeforeAll
  static void startServer() {
    server = MockLlmServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void newSession() {
    llm = server.newSession("matching");
  }

  @AfterEach
  void endSession() {
    llm.close();
  }

  private String ask(String model, String user) {
    HttpResponse<String> r = Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat(model, user));
    try {
      JsonNode body = JSON.readTree(r.body());
      return r.statusCode() == 200 ? body.at("/choices/0/message/content").asText() : r.statusCode() + " " + body.at("/error/code").asText();
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  private String askWithToolResult(String tool, String result) {
    String body = "{\"model\":\"gpt-4\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"" + tool + "\"}}],"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"go\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c9\",\"type\":\"function\",\"function\":{\"name\":\""
        + tool + "\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c9\",\"content\":\"" + result + "\"}]}";
    try {
      return JSON.readTree(Http.post(llm.openAiBaseUrl() + "/chat/completions", body).body()).at("/choices/0/message/content").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void plainStepsAnswerInOrder() {
    llm.script().reply("one").thenReply("two").thenReply("three");
    assertThat(ask("gpt-4", "a")).isEqualTo("one");
    assertThat(ask("gpt-4", "b")).isEqualTo("two");
    assertThat(ask("gpt-4", "c")).isEqualTo("three");
    assertThat(ask("gpt-4", "d")).isEqualTo("400 spanproof_unmatched_request");
  }

  @Test
  void conditionalStepsAnswerTheRequestsTheyMatchInAnyOrder() {
    llm.script().when(lastUserMessageContains("weather")).reply("Sunny");
    llm.script().when(lastUserMessageContains("time")).reply("Noon");
    llm.script().when(model("gpt-4o")).reply("from gpt-4o");

    assertThat(ask("gpt-4", "What time is it?")).isEqualTo("Noon");
    assertThat(ask("gpt-4o", "hello")).isEqualTo("from gpt-4o");
    assertThat(ask("gpt-4", "And the WEATHER?")).isEqualTo("Sunny");
    llm.verify();
  }

  @Test
  void toolResultConditionLooksAtTheLatestResultOnly() {
    llm.script().when(hasToolResult("calculate", "4")).reply("2+2 equals 4");
    llm.script().when(hasToolResult("calculate")).reply("some other result");
    llm.script().when(toolOffered("calculate").and(systemPromptContains("never"))).reply("unreachable");
    llm.script().lenient();

    assertThat(askWithToolResult("calculate", "5")).isEqualTo("some other result");
    assertThat(askWithToolResult("calculate", "4")).isEqualTo("2+2 equals 4");
  }

  @Test
  void timesAlwaysAndFallback() {
    llm.script().reply("twice").times(2).thenReply("forever").always();
    llm.script().otherwise().reply("fallback");
    assertThat(ask("gpt-4", "1")).isEqualTo("twice");
    assertThat(ask("gpt-4", "2")).isEqualTo("twice");
    assertThat(ask("gpt-4", "3")).isEqualTo("forever");
    assertThat(ask("gpt-4", "4")).isEqualTo("forever");
    assertThat(llm.problems()).isEmpty();
  }

  @Test
  void fallbackAnswersWhatNoConditionMatches() {
    llm.script().when(lastUserMessageContains("weather")).reply("Sunny");
    llm.script().otherwise().reply("I only know the weather.");
    assertThat(ask("gpt-4", "time?")).isEqualTo("I only know the weather.");
    assertThat(ask("gpt-4", "weather?")).isEqualTo("Sunny");
    assertThat(ask("gpt-4", "weather again?")).isEqualTo("I only know the weather.");
    llm.verify();
  }

  @Test
  void unmatchedConditionShowsTheNearestStepAndWhatDidNotMatch() {
    llm.script().when(lastUserMessageContains("weather").and(model("gpt-4o"))).reply("Sunny");
    assertThat(ask("gpt-4", "weather?")).isEqualTo("400 spanproof_unmatched_request");
    assertThat(llm.problems()).containsExactly("""
        Unmatched request #1 in session "matching" (POST /v1/chat/completions, openai-chat): no scripted step matches
          model: gpt-4
          tools offered: (none)
          last messages:
            user "weather?"
          nearest step: #1 when last user message contains "weather" and model is gpt-4o: reply "Sunny"
            not matched: model is gpt-4o""",
        "Unused step in session \"matching\": #1 when last user message contains \"weather\" and model is gpt-4o: "
            + "reply \"Sunny\" was used 0 of 1 time. Remove it, or call llm.script().lenient() if it is optional.");
  }

  @Test
  void usedUpConditionalStepIsNamedAsTheNearest() {
    llm.script().when(lastUserMessageContains("weather")).reply("Sunny");
    llm.script().when(lastUserMessageContains("time")).reply("Noon");
    ask("gpt-4", "weather?");
    ask("gpt-4", "time?");
    assertThat(ask("gpt-4", "weather again?")).isEqualTo("400 spanproof_unmatched_request");
    assertThat(llm.problems()).containsExactly("""
        Unmatched request #3 in session "matching" (POST /v1/chat/completions, openai-chat): the step that matches it is used up
          model: gpt-4
          tools offered: (none)
          last messages:
            user "weather again?"
          nearest step: #1 when last user message contains "weather": reply "Sunny" (used 1 of 1)
          fix: let it repeat with .times(n) or .always(), or script another step for this request""");
  }

  @Test
  void unusedStepsAreReportedUnlessLenient() {
    llm.script().reply("used").thenReply("never used").thenReply("thrice").times(3);
    ask("gpt-4", "hi");
    ask("gpt-4", "hi");
    ask("gpt-4", "hi");
    assertThat(llm.problems()).containsExactly(
        "Unused step in session \"matching\": #3 reply \"thrice\" was used 1 of 3 times. "
            + "Remove it, or call llm.script().lenient() if it is optional.");
    assertThatThrownBy(llm::verify).hasMessageStartingWith("Mock LLM session \"matching\" has 1 problem:");
    llm.script().lenient();
    assertThat(llm.problems()).isEmpty();
    llm.verify();
  }

  @Test
  void toolCallsTheAgentCannotRunAsScriptedAreProblems() {
    llm.script().replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").times(2).thenReplyWithToolCall("search", "{}");
    String arg0Schema = "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}],\"tools\":[{\"type\":\"function\","
        + "\"function\":{\"name\":\"calculate\",\"parameters\":{\"type\":\"object\",\"properties\":{\"arg0\":{},\"arg1\":{}}}}}]}";
    Http.post(llm.openAiBaseUrl() + "/chat/completions", arg0Schema);
    Http.post(llm.openAiBaseUrl() + "/chat/completions", arg0Schema.replace("arg0", "a").replace("arg1", "c"));
    Http.post(llm.openAiBaseUrl() + "/chat/completions", arg0Schema);
    assertThat(llm.problems()).containsExactly(
        "Scripted tool call calculate {\"a\":2,\"b\":2} (step #1) answered request #1 in session \"matching\", but the "
            + "request's schema for calculate declares [arg0, arg1], not [a, b]: the agent was compiled without javac "
            + "-parameters, so its framework (e.g. LangChain4j) names parameters arg0, arg1…; compile with -parameters.",
        "Scripted tool call calculate {\"a\":2,\"b\":2} (step #1) answered request #2 in session \"matching\", but the "
            + "request's schema for calculate declares [a, c], not [b]: fix the script's argument names.",
        "Scripted tool call search {} (step #2) answered request #3 in session \"matching\", which offers only calculate: "
            + "the agent cannot run it as scripted.");
  }

  @Test
  void requestProblemsStayPutWhileUnusedStepsComeAndGo() {
    // GIVEN two steps: before any request, both are unused and no request has gone wrong
    llm.script().when(lastUserMessageContains("one")).reply("first");
    llm.script().when(lastUserMessageContains("two")).reply("second");
    assertThat(llm.requestProblems()).isEmpty();
    assertThat(llm.unusedProblems()).hasSize(2);

    // WHEN one step is used and one request matches nothing
    ask("gpt-4", "one");
    ask("gpt-4", "zzz");

    // THEN the unmatched request is request problem #1, and only the unused step is left over
    assertThat(llm.requestProblems()).singleElement().satisfies(p -> {
      assertThat(p.number()).isEqualTo(1);
      assertThat(p.message()).startsWith("Unmatched request #2 in session \"matching\"");
    });
    assertThat(llm.unusedProblems()).containsExactly("Unused step in session \"matching\": #2 when last user "
        + "message contains \"two\": reply \"second\" was used 0 of 1 time. Remove it, or call "
        + "llm.script().lenient() if it is optional.");
    assertThat(llm.problems()).containsExactly(llm.requestProblems().get(0).message(), llm.unusedProblems().get(0));

    // AND using the last step changes what is left over, not the request problems
    ask("gpt-4", "two");
    assertThat(llm.unusedProblems()).isEmpty();
    assertThat(llm.requestProblems()).extracting(MockLlm.RequestProblem::number).containsExactly(1L);
  }

  @Test
  void requestProblemNumbersAreNotReusedAfterAReset() {
    ask("gpt-4", "a");
    ask("gpt-4", "b");
    llm.reset();
    assertThat(llm.requestProblems()).isEmpty();

    ask("gpt-4", "c");

    assertThat(llm.requestProblems()).singleElement().satisfies(p -> {
      assertThat(p.number()).isEqualTo(3);
      assertThat(p.message()).startsWith("Unmatched request #1 in session \"matching\"");
    });
  }

  @Test
  void resetClearsScriptJournalAndProblems() {
    llm.script().reply("x");
    ask("gpt-4", "a");
    ask("gpt-4", "b");
    llm.reset();
    assertThat(llm.requests()).isEmpty();
    assertThat(llm.problems()).isEmpty();
    assertThat(llm.transcript()).isEmpty();
    llm.script().replyWithToolCall("t", "{}");
    HttpResponse<String> r = Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4", "again"));
    assertThat(r.body()).contains("\"id\":\"call_1\"");
    assertThat(llm.request(1).lastUserMessage()).contains("again");
  }

  @Test
  void journalIsBounded() {
    llm.journalLimit(2).script().reply("r").always();
    for (int i = 1; i <= 5; i++) {
      ask("gpt-4", "m" + i);
    }
    assertThat(llm.requests()).extracting(LlmRequest::number).containsExactly(4, 5);
    assertThat(llm.transcript()).isEqualTo("""
        (3 earlier requests dropped from the bounded journal)
        #4 user "m4"  →  scripted reply "r"
        #5 user "m5"  →  scripted reply "r"
        """);
    assertThatThrownBy(() -> llm.request(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("there is no request #1 in session matching: the journal holds requests #4 to #5");
  }

  @Test
  void badScriptInputFailsAtOnceWithAFix() {
    assertThatThrownBy(() -> llm.script().replyWithToolCall("calculate", "{a:2}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool call calculate: arguments must be a JSON object text such as {\"a\":2}, got {a:2}");
    assertThatThrownBy(() -> llm.script().replyWithToolCall("calculate", "[1,2]"))
        .hasMessage("tool call calculate: arguments must be a JSON object text such as {\"a\":2}, got [1,2]");
    assertThatThrownBy(() -> llm.script().replyWithToolCall("calculate", "{\"a\":1} junk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool call calculate: arguments must be one JSON object text such as {\"a\":2} with nothing after it, "
            + "got {\"a\":1} junk; remove what follows the object");
    assertThatThrownBy(() -> llm.script().replyWithToolCalls(ToolCall.of("calculate", "{\"a\":1}{\"b\":2}")))
        .hasMessage("tool call calculate: arguments must be one JSON object text such as {\"a\":2} with nothing after it, "
            + "got {\"a\":1}{\"b\":2}; remove what follows the object");
    assertThatThrownBy(() -> llm.script().reply("x").times(0))
        .hasMessage("a step answers at least once, got times(0); remove the step instead");
    assertThatThrownBy(() -> llm.script().reply("x").usage(-1, 2))
        .hasMessage("token counts cannot be negative, got input -1 and output 2");
    assertThatThrownBy(() -> llm.script().otherwise().reply("fallback").times(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("times(2) on an otherwise() step: fallbacks answer every unmatched request, however many; for a "
            + "reply used 2 times script a step without otherwise(), e.g. when(...).reply(...).times(2)");
    assertThatThrownBy(() -> llm.script().reply("x").usage(Integer.MAX_VALUE, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input and output tokens must add up to at most 2147483647 (the total is reported as an int), "
            + "got input 2147483647 and output 10");
  }

  @Test
  void aRefusedRefinementTakesItsStepBack() {
    llm.script().reply("kept");
    List<Runnable> refused = List.of(
        () -> llm.script().reply("x").times(0),
        () -> llm.script().reply("x").usage(-1, 2),
        () -> llm.script().reply("x").usage(Integer.MAX_VALUE, 10),
        () -> llm.script().otherwise().reply("fallback").times(2),
        () -> llm.script().reply("x").delay(Duration.ofMillis(-1)),
        () -> llm.script().reply("x").delay(null),
        () -> llm.script().reply("x").randomDelay(Duration.ofMillis(5), Duration.ofMillis(1)),
        () -> llm.script().reply("x").streamEventsEvery(Duration.ofMillis(-1)),
        () -> llm.script().reply("x").cutStreamAfter(-1),
        () -> llm.script().reply("x").thenReply("y").failStreamAfter(-1, "boom"));
    for (Runnable refinement : refused) {
      assertThatThrownBy(refinement::run).isInstanceOf(RuntimeException.class);
    }
    llm.script().reply("next");

    assertThat(ask("gpt-4o", "one")).isEqualTo("kept");
    // the "x" of the last case came before the refused "y" it chained to: it was not refused, so it stays
    assertThat(ask("gpt-4o", "two")).isEqualTo("x");
    assertThat(ask("gpt-4o", "three")).isEqualTo("next");
    assertThat(llm.problems()).isEmpty();
  }

  @Test
  void usageIsCountedWithARealTokenizerWhenNotScripted() {
    llm.script().reply("Hello world").always();
    String shortPrompt = Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4o", "Hi")).body();
    String longPrompt = Http.post(llm.openAiBaseUrl() + "/chat/completions",
        Http.chat("gpt-4o", "Hi, please tell me a long story about tokenizers and their byte pair encodings")).body();
    try {
      JsonNode s = JSON.readTree(shortPrompt).get("usage");
      JsonNode l = JSON.readTree(longPrompt).get("usage");
      // "Hello world" is 2 tokens in o200k_base; "Hi" is 1: 3 priming + 3 per message + 1.
      assertThat(s.get("completion_tokens").asInt()).isEqualTo(2);
      assertThat(s.get("prompt_tokens").asInt()).isEqualTo(7);
      assertThat(l.get("prompt_tokens").asInt()).isGreaterThan(15);
      assertThat(s.get("total_tokens").asInt()).isEqualTo(9);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
