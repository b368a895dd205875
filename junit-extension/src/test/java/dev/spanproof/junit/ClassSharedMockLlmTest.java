package dev.spanproof.junit;

import static dev.spanproof.mockllm.RequestMatcher.lastUserMessageContains;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.mockllm.MockLlm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** A {@link MockLlm} asked for in {@code @BeforeAll}: shared by the class's tests, each failed for its own problems. */
class ClassSharedMockLlmTest {

  @AgentTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class UnmatchedBetweenConditionalStepsCase {
    @BeforeAll
    void script(MockLlm llm) {
      llm.script().when(lastUserMessageContains("one")).reply("first");
      llm.script().when(lastUserMessageContains("two")).reply("second");
    }

    @Test
    @Order(1)
    void a(MockLlm llm) {
      assertThat(ChatRequests.ask(llm.openAiBaseUrl(), "one").statusCode()).isEqualTo(200);
      assertThat(ChatRequests.ask(llm.openAiBaseUrl(), "zzz").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(2)
    void b(MockLlm llm) {
      assertThat(ChatRequests.ask(llm.openAiBaseUrl(), "two").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void should_fail_the_test_that_sent_an_unmatched_request_while_unused_steps_were_pending() {
    // WHEN test a uses one step and sends an unmatched request while step #2 is still unused, then b uses step #2
    EngineExecutionResults results = EngineRunner.run(UnmatchedBetweenConditionalStepsCase.class);

    // THEN a alone fails, for its request
    results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));
    assertThat(results.testEvents().failed().stream().map(e -> e.getTestDescriptor().getDisplayName()))
        .containsExactly("a(MockLlm)");
    assertThat(EngineRunner.failures(results)).singleElement().satisfies(t -> assertThat(t.getMessage())
        .startsWith("Unmatched request #2 in session \"ClassSharedMockLlmTest$UnmatchedBetweenConditionalStepsCase\" (POST "
            + "/v1/chat/completions, openai-chat): no scripted step matches\n")
        .contains("user \"zzz\"\n  nearest step: #2 when last user message contains \"two\": reply \"second\"")
        .doesNotContain("Unused step"));
  }

  static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);
  static final CyclicBarrier REQUEST_SENT = new CyclicBarrier(2);

  @AgentTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @Execution(ExecutionMode.CONCURRENT)
  static class ConcurrentCase {
    @BeforeAll
    void script(MockLlm llm) {
      llm.script().when(lastUserMessageContains("b")).reply("b").always();
    }

    @Test
    void a(MockLlm llm) throws Exception {
      BOTH_RUNNING.await(20, TimeUnit.SECONDS);
      ChatRequests.ask(llm.openAiBaseUrl(), "zzz");
      REQUEST_SENT.await(20, TimeUnit.SECONDS);
    }

    @Test
    void b(MockLlm llm) throws Exception {
      BOTH_RUNNING.await(20, TimeUnit.SECONDS);
      REQUEST_SENT.await(20, TimeUnit.SECONDS);
      ChatRequests.ask(llm.openAiBaseUrl(), "b");
    }
  }

  @Test
  void should_fail_every_concurrent_test_for_an_unmatched_request_and_say_it_may_be_anothers() {
    BOTH_RUNNING.reset();
    REQUEST_SENT.reset();

    // WHEN a sends an unmatched request to the class's mock while b runs at the same time
    EngineExecutionResults results = EngineRunner.run(ConcurrentCase.class, Map.of(
        "spanproof.print", "never",
        "spanproof.report", "never",
        "junit.jupiter.execution.parallel.enabled", "true",
        "junit.jupiter.execution.parallel.config.strategy", "fixed",
        "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"));

    // THEN no request can be tied to one of them: both fail, each told the request may be the other's
    results.testEvents().assertStatistics(stats -> stats.succeeded(0).failed(2));
    List<String> messages = EngineRunner.failures(results).stream().map(Throwable::getMessage).toList();
    for (String other : List.of("a", "b")) {
      assertThat(messages).anySatisfy(m -> assertThat(m)
          .startsWith("Unmatched request #1 in session \"ClassSharedMockLlmTest$ConcurrentCase\" (POST /v1/chat/completions, openai-chat)")
          .contains("\n\nThis mock LLM is shared by the class (asked for in @BeforeAll or a constructor) and "
              + other + " was running at the same time, so the request above may be that test's: spanproof fails "
              + "every test that was running when a request went wrong. To know whose it is, let each test take its "
              + "own MockLlm (ask for it in the test method, not in @BeforeAll or a constructor), or run the class's "
              + "tests one at a time (@Execution(SAME_THREAD)).\n\n"));
    }
  }

  @AgentTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class UnusedStepCase {
    @BeforeAll
    void script(MockLlm llm) {
      llm.script().reply("first").thenReply("never asked");
    }

    @Test
    void only(MockLlm llm) {
      ChatRequests.ask(llm.openAiBaseUrl(), "one");
    }
  }

  @Test
  void should_fail_the_class_for_the_unused_steps_of_its_shared_mock() {
    // WHEN the class's only test leaves step #2 of the shared script unused
    EngineExecutionResults results = EngineRunner.run(UnusedStepCase.class);

    // THEN the test passes (the step was no more its than any other test's) and the class fails, naming the step
    results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    assertThat(classFailures(results)).containsExactly("""
        Mock LLM session "ClassSharedMockLlmTest$UnusedStepCase", shared by the class's tests, has problems after \
        they ran:

        Unused step in session "ClassSharedMockLlmTest$UnusedStepCase": #2 reply "never asked" was used 0 of 1 \
        time. Remove it, or call llm.script().lenient() if it is optional.

        Steps or recordings left unused by a mock LLM the class's tests share fail the class: no single test was \
        meant to use them. If only some of the class's tests ran, the others may use them; if they are optional, \
        call llm.script().lenient() where the class scripts the mock.

        LLM exchange:
          #1 user "one"  →  scripted reply "first\"""");
  }

  @AgentTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class LenientUnusedStepCase {
    @BeforeAll
    void script(MockLlm llm) {
      llm.script().lenient().reply("first").thenReply("maybe asked");
    }

    @Test
    void only(MockLlm llm) {
      ChatRequests.ask(llm.openAiBaseUrl(), "one");
    }
  }

  @Test
  void should_not_fail_the_class_for_unused_steps_of_a_lenient_shared_mock() {
    EngineExecutionResults results = EngineRunner.run(LenientUnusedStepCase.class);

    results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    assertThat(classFailures(results)).isEmpty();
  }

  @AgentTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class FailedTestCase {
    @BeforeAll
    void script(MockLlm llm) {
      llm.script().reply("first").thenReply("second");
    }

    @Test
    void failsBeforeTheSecondTurn(MockLlm llm) {
      ChatRequests.ask(llm.openAiBaseUrl(), "one");
      throw new AssertionError("the agent broke");
    }
  }

  @Test
  void should_not_add_a_class_failure_for_unused_steps_when_a_test_already_failed() {
    EngineExecutionResults results = EngineRunner.run(FailedTestCase.class);

    assertThat(EngineRunner.failures(results)).extracting(Throwable::getMessage).containsExactly("the agent broke");
    assertThat(classFailures(results)).isEmpty();
  }

  @AgentTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class RequestAfterAllCase {
    MockLlm shared;

    @BeforeAll
    void script(MockLlm llm) {
      shared = llm;
      llm.script().reply("first");
    }

    @Test
    void only(MockLlm llm) {
      ChatRequests.ask(llm.openAiBaseUrl(), "one");
    }

    @AfterAll
    void cleanUp() {
      ChatRequests.ask(shared.openAiBaseUrl(), "late");
    }
  }

  @Test
  void should_fail_the_class_for_a_request_that_went_wrong_while_no_test_ran() {
    EngineExecutionResults results = EngineRunner.run(RequestAfterAllCase.class);

    results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    assertThat(classFailures(results)).singleElement().asString()
        .startsWith("Mock LLM session \"ClassSharedMockLlmTest$RequestAfterAllCase\", shared by the class's tests, "
            + "has problems after they ran:\n\nUnmatched request #2 in session ")
        .contains("\n\nNo test of the class was running when the request above went wrong (it came in @BeforeAll, "
            + "@AfterAll, a constructor or between tests), so it fails the class.\n\nLLM exchange:\n");
  }

  private static List<String> classFailures(EngineExecutionResults results) {
    return results.containerEvents().failed().stream().map(EngineRunner::throwable).map(Throwable::getMessage).toList();
  }

  @AgentTest
  @UseCassette
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class ClassCassetteCase {
    @BeforeAll
    void setUp(MockLlm llm) {}

    @Test
    void replays(MockLlm llm) {}
  }

  @Test
  void should_apply_the_class_cassette_to_the_class_shared_mock(@TempDir Path cassettes) {
    // WHEN the class's shared mock replays a cassette that was never recorded
    EngineExecutionResults results = EngineRunner.run(ClassCassetteCase.class, Map.of("spanproof.print", "never",
        "spanproof.report", "never", "spanproof.cassettes", "replay", "spanproof.cassettes.dir", cassettes.toString()));

    // THEN @BeforeAll fails, saying which file it looked for: one cassette for the class
    Path file = cassettes.resolve(ClassCassetteCase.class.getName()).resolve("class.json").toAbsolutePath();
    assertThat(results.containerEvents().failed().stream().map(EngineRunner::throwable)).singleElement()
        .satisfies(t -> assertThat(t.getCause()).hasMessageStartingWith("No cassette to replay at " + file));
  }

  @AgentTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class MethodCassetteCase {
    @BeforeAll
    void setUp(MockLlm llm) {}

    @Test
    @UseCassette
    void replays(MockLlm llm) {}
  }

  @Test
  void should_refuse_a_method_cassette_for_a_test_that_shares_the_class_mock() {
    EngineExecutionResults results = EngineRunner.run(MethodCassetteCase.class);

    assertThat(EngineRunner.failures(results)).extracting(Throwable::getMessage).containsExactly(
        "@UseCassette on test method replays cannot apply: the test's mock LLM is shared by the class (asked for in "
            + "@BeforeAll or a constructor), and one mock replays one cassette, none here. Put @UseCassette on the "
            + "class whose @BeforeAll or constructor asks for the MockLlm (its file is <cassette dir>/<test class>/"
            + "class.json unless it names one), or let this test take its own MockLlm (ask for it in the test method "
            + "only).");
    assertThat(classFailures(results)).isEmpty();
  }
}
