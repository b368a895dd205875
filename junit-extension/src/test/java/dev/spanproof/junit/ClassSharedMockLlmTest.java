package dev.spanproof.junit;

import static dev.spanproof.mockllm.RequestMatcher.lastUserMessageContains;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.mockllm.MockLlm;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
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
}
