package dev.spanproof.assertions.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.assertions.TokenUsage;
import java.util.List;
import org.assertj.core.description.TextDescription;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

/** The exact text of every message factory, with and without a description. */
class ShouldMessages_create_Test {

  private static final String TREE = "  invoke_agent a\n  └── chat gpt-4  tokens 1→2";

  private static String create(org.assertj.core.error.ErrorMessageFactory factory) {
    return factory.create(new TextDescription("Test"), StandardRepresentation.STANDARD_REPRESENTATION);
  }

  @Test
  void shouldHaveShape_create() {
    assertThat(create(ShouldHaveShape.shouldHaveShape("the trace of \"t\"", "  a", "  b\n  ▲ expected \"a\" but found \"b\"")))
        .isEqualTo("""
            [Test] Expecting the trace of "t" to have the shape:
              a
            but it was:
              b
              ▲ expected "a" but found "b\"""");
  }

  @Test
  void shouldHaveToolCalls_create() {
    assertThat(create(ShouldHaveToolCalls.shouldHaveToolCalls("the trace", "exactly, in order", "  1. x",
            "  1. y", "call #1 differs: called y; expected x", TREE)))
        .isEqualTo("""
            [Test] Expecting the tool calls of the trace to be exactly, in order:
              1. x
            but they were:
              1. y
            call #1 differs: called y; expected x
            in the trace:
            """ + TREE);
  }

  @Test
  void shouldHaveRequestedToolCalls_create() {
    assertThat(create(ShouldHaveToolCalls.shouldHaveRequestedToolCalls("LLM call \"chat gpt-4\" of the trace",
            "exactly, in order", "  1. x", "  (none: the model requested no tool call)", "call #1 is missing: x", "")))
        .isEqualTo("""
            [Test] Expecting the tool calls requested in LLM call "chat gpt-4" of the trace to be exactly, in order:
              1. x
            but they were:
              (none: the model requested no tool call)
            call #1 is missing: x""");
  }

  @Test
  void shouldHaveTokens_create() {
    assertThat(create(ShouldHaveTokens.shouldHaveTokens("the trace", "input", 5, 1, new TokenUsage(1, 2, 3, 4), "")))
        .isEqualTo("[Test] Expecting the trace to have used 5 input tokens but it used 1 "
            + "(input 1, output 2, total 3, cached input 3, reasoning output 4)");
  }

  @Test
  void shouldStayWithinBudget_create() {
    assertThat(create(ShouldStayWithinBudget.shouldStayWithinBudget("the trace", 2, TokenUsage.of(1, 2), TREE)))
        .isEqualTo("[Test] Expecting the trace to use at most 2 tokens but it used 3 (input 1, output 2), 1 over budget"
            + "\nin the trace:\n" + TREE);
  }

  @Test
  void shouldHaveAttribute_create() {
    assertThat(create(ShouldHaveAttribute.shouldHaveAttribute("span \"a\"", "user.id", "u1", "u2", "")))
        .isEqualTo("[Test] Expecting span \"a\" to have attribute user.id = \"u1\" but it was \"u2\"");
    assertThat(create(ShouldHaveAttribute.shouldHaveAttribute("span \"a\"", "user.id", List.of("k1", "k2"), TREE)))
        .isEqualTo("[Test] Expecting span \"a\" to have attribute user.id but it has none; its attributes: k1, k2"
            + "\nin the trace:\n" + TREE);
    assertThat(create(ShouldHaveAttribute.shouldNotHaveAttribute("span \"a\"", "secret", "x", "")))
        .isEqualTo("[Test] Expecting span \"a\" not to have attribute secret but it was \"x\"");
  }

  @Test
  void shouldContainSpan_create() {
    assertThat(create(ShouldContainSpan.shouldContainSpan("the trace", "an agent named \"b\"", "agents: \"a\"", "")))
        .isEqualTo("[Test] Expecting the trace to contain an agent named \"b\" but it has none (agents: \"a\")");
  }

  @Test
  void shouldTakeAtMost_create() {
    assertThat(create(ShouldTakeAtMost.shouldTakeAtMost("agent \"a\"", java.time.Duration.ofMillis(5),
        java.time.Duration.ofNanos(5_500_000), TREE)))
        .isEqualTo("[Test] Expecting agent \"a\" to take at most 5ms but it took 5.5ms\nin the trace:\n" + TREE);
    assertThat(create(ShouldTakeAtMost.shouldTakeAtMost("the trace", java.time.Duration.ZERO, java.time.Duration.ofNanos(7), "")))
        .isEqualTo("[Test] Expecting the trace to take at most 0ns but it took 7ns");
    // rounded to one decimal, what it took would read as the limit
    assertThat(create(ShouldTakeAtMost.shouldTakeAtMost("agent \"a\"", java.time.Duration.ofSeconds(1),
        java.time.Duration.ofMillis(1_040), "")))
        .isEqualTo("[Test] Expecting agent \"a\" to take at most 1s but it took 1.04s");
    assertThat(create(ShouldTakeAtMost.shouldTakeAtMost("agent \"a\"", java.time.Duration.ofMillis(100),
        java.time.Duration.ofNanos(100_000_001), "")))
        .isEqualTo("[Test] Expecting agent \"a\" to take at most 100ms but it took 100.000001ms");
    assertThat(create(ShouldTakeAtMost.shouldTakeAtMost("agent \"a\"", java.time.Duration.ofMillis(1_500),
        java.time.Duration.ofMillis(1_530), "")))
        .isEqualTo("[Test] Expecting agent \"a\" to take at most 1.5s but it took 1.53s");
  }

  @Test
  void shouldHaveNoErrors_create() {
    assertThat(create(ShouldHaveNoErrors.shouldHaveNoErrors("the trace", "  chat gpt-4  error: 429", TREE)))
        .isEqualTo("[Test] Expecting the trace to have no error but these spans failed:\n  chat gpt-4  error: 429"
            + "\nin the trace:\n" + TREE);
  }

  @Test
  void shouldHaveCount_create() {
    assertThat(create(ShouldHaveCount.shouldHaveCount("the trace", 2, "LLM calls", 1, "  1. chat gpt-4", "")))
        .isEqualTo("[Test] Expecting the trace to have 2 LLM calls but it has 1:\n  1. chat gpt-4");
    assertThat(create(ShouldHaveCount.shouldHaveCount("the trace", 2, "LLM calls", 0, "", "")))
        .isEqualTo("[Test] Expecting the trace to have 2 LLM calls but it has 0");
  }

  @Test
  void shouldBeWellInstrumented_create() {
    assertThat(create(ShouldBeWellInstrumented.shouldBeWellInstrumented("the trace", 1, "  1. [x] y", "")))
        .isEqualTo("[Test] Expecting the trace to be well instrumented but lint found 1 problem:\n  1. [x] y");
  }

  @Test
  void messages_keep_percent_signs_and_quotes_as_written() {
    assertThat(create(Messages.message("Expecting %s to be %s", "\"50%\"", "{\"a\":\"b\"}")))
        .isEqualTo("[Test] Expecting \"50%\" to be {\"a\":\"b\"}");
  }
}
