package dev.spanproof.assertions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spanproof.assertions.ShapeSyntaxException;
import org.junit.jupiter.api.Test;

class ShapeTest {

  @Test
  void parses_plain_and_box_drawn_trees_alike() {
    Shape plain = Shape.parse("""
        invoke_agent planner
          chat gpt-4o  tokens 12→30
          invoke_agent analyst
            (any order)
              execute_tool a  {"x":1} → 2
              execute_tool b  → ok  error: Timeout
            ...
        """);
    Shape box = Shape.parse("""
        invoke_agent planner
        ├── chat gpt-4o  tokens 12->30
        └── invoke_agent analyst
            ├── (any order)
            │   ├── execute_tool a  { "x" : 1 } -> 2
            │   └── execute_tool b  -> ok  error: Timeout
            └── ...
        """);
    assertThat(box.render("")).isEqualTo(plain.render("")).isEqualTo("""
        invoke_agent planner
        ├── chat gpt-4o             tokens 12→30
        └── invoke_agent analyst
            ├── (any order)
            │   ├── execute_tool a  {"x":1} → 2
            │   └── execute_tool b  → ok  error: Timeout
            └── ...""");
  }

  @Test
  void accepts_a_common_indentation() {
    assertThat(Shape.parse("    a\n      b\n").render("")).isEqualTo("a\n└── b");
  }

  @Test
  void reads_wildcard_counts_and_any_error() {
    Shape.SpanPattern chat = (Shape.SpanPattern) Shape.parse("chat *  tokens *→8  error").roots().get(0);
    assertThat(chat.annotations().tokensIn()).isNull();
    assertThat(chat.annotations().tokensOut()).isEqualTo(8L);
    assertThat(chat.annotations().error()).isEmpty();
    assertThat(chat.namePattern().matcher("chat gpt-4").matches()).isTrue();
  }

  @Test
  void should_fail_on_an_empty_expectation() {
    assertThatThrownBy(() -> Shape.parse("  \n"))
        .isInstanceOf(ShapeSyntaxException.class)
        .hasMessage("Malformed trace shape at line 1: the expectation is empty; expected at least one line naming a "
            + "span, such as \"invoke_agent assistant\"");
  }

  @Test
  void should_fail_on_a_token_count_too_large_for_a_long() {
    assertThatThrownBy(() -> Shape.parse("a\n  chat gpt-4  tokens 99999999999999999999→15\n"))
        .isInstanceOf(ShapeSyntaxException.class)
        .hasMessage("""
            Malformed trace shape at line 2: the token count 99999999999999999999, larger than any count a span can \
            record; expected a whole number up to 9223372036854775807
              2 |   chat gpt-4  tokens 99999999999999999999→15""");
  }

  @Test
  void should_fail_on_arguments_with_a_number_too_large_to_read() {
    assertThatThrownBy(() -> Shape.parse("a\n  execute_tool t  {\"x\":1e599999999999999999999}\n"))
        .isInstanceOf(ShapeSyntaxException.class)
        .hasMessageStartingWith("Malformed trace shape at line 2: arguments {\"x\":1e599999999999999999999} that are"
            + " not valid JSON (");
  }

  @Test
  void should_fail_on_a_jump_of_two_levels() {
    assertThatThrownBy(() -> Shape.parse("a\n  b\n      c\n"))
        .hasMessage("""
            Malformed trace shape at line 3: indented to level 3 but the line above is at level 1; expected a child \
            to be indented one level under its parent
              3 |       c""");
  }

  @Test
  void should_fail_on_a_broken_box_prefix() {
    assertThatThrownBy(() -> Shape.parse("a\n├─ b\n"))
        .hasMessage("""
            Malformed trace shape at line 2: a tree prefix of 3 characters; expected 4 per level ("├── ", "└── ", \
            "│   " or 4 spaces)
              2 | ├─ b""");
  }

  @Test
  void should_fail_on_a_tab() {
    assertThatThrownBy(() -> Shape.parse("a\n\tb\n"))
        .hasMessage("Malformed trace shape at line 2: a tab character; expected indentation by two spaces per level "
            + "(or box-drawing characters)\n  2 | \tb");
  }

  @Test
  void should_fail_on_a_line_left_of_the_first() {
    assertThatThrownBy(() -> Shape.parse("    a\n  b\n"))
        .hasMessage("Malformed trace shape at line 2: indented less than the first line (4 spaces); expected every "
            + "line at or under the first line's indentation\n  2 |   b");
  }

  @Test
  void should_fail_on_a_first_line_with_a_branch() {
    assertThatThrownBy(() -> Shape.parse("└── a\n"))
        .hasMessage("Malformed trace shape at line 1: the first line starts with a tree branch; expected the root "
            + "span's name, unindented\n  1 | └── a");
  }

  @Test
  void should_fail_on_children_of_any_spans() {
    assertThatThrownBy(() -> Shape.parse("a\n  ...\n    b\n"))
        .hasMessage("Malformed trace shape at line 3: a child under the \"...\" of line 2; expected \"...\" to stand "
            + "alone, as it matches any spans and their children\n  3 |     b");
  }

  @Test
  void should_fail_on_an_empty_group() {
    assertThatThrownBy(() -> Shape.parse("a\n  (any order)\n  b\n"))
        .hasMessage("Malformed trace shape at line 2: an \"(any order)\" group without children; expected the "
            + "unordered spans indented under it\n  2 |   (any order)");
  }

  @Test
  void should_fail_on_bad_annotations() {
    assertThatThrownBy(() -> Shape.parse("chat gpt-4  tokens ten"))
        .hasMessage("Malformed trace shape at line 1: \"tokens ten\"; expected \"tokens IN→OUT\" such as "
            + "\"tokens 10→15\" (\"*\" for any count)\n  1 | chat gpt-4  tokens ten");
    assertThatThrownBy(() -> Shape.parse("execute_tool x  {\"a\":}"))
        .hasMessageStartingWith("Malformed trace shape at line 1: arguments {\"a\":} that are not valid JSON (");
    assertThatThrownBy(() -> Shape.parse("execute_tool x  {\"a\":1"))
        .hasMessage("Malformed trace shape at line 1: arguments {\"a\":1 that never close; expected a JSON object "
            + "such as {\"a\":2}\n  1 | execute_tool x  {\"a\":1");
    assertThatThrownBy(() -> Shape.parse("chat x  latency 3s"))
        .hasMessage("Malformed trace shape at line 1: an unknown annotation \"latency 3s\"; expected \"tokens IN→OUT\", "
            + "\"{arguments} → result\", \"→ result\" or \"error: TYPE\" after two spaces\n  1 | chat x  latency 3s");
    assertThatThrownBy(() -> Shape.parse("chat x  errors"))
        .hasMessage("Malformed trace shape at line 1: \"errors\"; expected \"error: TYPE\" (or \"error\" for any error)"
            + "\n  1 | chat x  errors");
  }
}
