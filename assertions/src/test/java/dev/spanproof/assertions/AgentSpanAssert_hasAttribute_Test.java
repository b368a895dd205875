package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentSpanAssert_hasAttribute_Test {

  private static AgentTrace tagged() {
    TraceFixture f = new TraceFixture();
    f.span(null, "work", "tags", List.of("x", "y"), "count", 42L);
    return f.trace().withLabel("tags");
  }

  @Test
  void should_compare_a_list_item_by_item_as_the_attribute_is_read() {
    assertThat(tagged()).span("work").hasAttribute("tags", List.of("x", "y")).hasAttribute("tags", List.of("x", "*"))
        .hasAttribute("tags", new String[] {"x", "y"}).hasAttribute("count", 42);
  }

  @Test
  void should_fail_if_a_list_item_differs() {
    assertThatThrownBy(() -> assertThat(tagged()).span("work").hasAttribute("tags", List.of("x", "z")))
        .hasMessage("""
            Expecting span "work" of the trace of "tags" to have attribute tags = "["x","z"]" but it was "["x","y"]"
            in the trace:
              work
              ▲ tags = "["x","y"]\"""");
    assertThatThrownBy(() -> assertThat(tagged()).span("work").hasAttribute("tags", List.of("x")))
        .hasMessageStartingWith("Expecting span \"work\" of the trace of \"tags\" to have attribute tags = \"[\"x\"]\" "
            + "but it was \"[\"x\",\"y\"]\"\n");
  }

  @Test
  void should_refuse_a_null_value() {
    assertThatThrownBy(() -> assertThat(tagged()).span("work").hasAttribute("tags", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hasAttribute(\"tags\", null): an attribute cannot hold null; use doesNotHaveAttribute(\"tags\") "
            + "to check it is absent, or hasAttribute(\"tags\") for any value");
  }

  private static AgentTrace mixed() {
    TraceFixture f = new TraceFixture();
    Span work = f.span(null, "work", "location", "Paris, France", "one", "x", "spring.tools", "[\"a\",\"b\"]");
    work.setAttribute(AttributeKey.longArrayKey("ids"), List.of(1L, 2L));
    work.setAttribute(AttributeKey.stringArrayKey("tags"), List.of("x", "y"));
    return f.trace().withLabel("mixed");
  }

  @Test
  void should_compare_primitive_arrays_and_json_array_text_item_by_item() {
    assertThat(mixed()).span("work").hasAttribute("ids", new long[] {1, 2}).hasAttribute("ids", new int[] {1, 2})
        .hasAttribute("ids", List.of(1L, 2L))
        // Spring AI writes its lists as JSON text
        .hasAttribute("spring.tools", List.of("a", "b"));
  }

  @Test
  void should_fail_if_a_list_is_expected_of_a_plain_string_attribute() {
    assertThatThrownBy(() -> assertThat(mixed()).span("work").hasAttribute("location", List.of("Paris", "France")))
        .hasMessage("""
            Expecting span "work" of the trace of "mixed" to have attribute location = "["Paris","France"]" but it \
            was "Paris, France"
            in the trace:
              work
              ▲ location = "Paris, France\"""");
    assertThatThrownBy(() -> assertThat(mixed()).span("work").hasAttribute("one", List.of("x")))
        .hasMessageStartingWith("Expecting span \"work\" of the trace of \"mixed\" to have attribute one = \"[\"x\"]\""
            + " but it was \"x\"\n");
    assertThatThrownBy(() -> assertThat(mixed()).span("work").hasAttribute("ids", new long[] {1, 3}))
        .hasMessageStartingWith("Expecting span \"work\" of the trace of \"mixed\" to have attribute ids = \"[1,3]\""
            + " but it was \"[1,2]\"\n");
  }

  @Test
  void finds_spans_by_a_list_as_hasAttribute_compares_it() {
    AgentTrace trace = mixed();
    assertThat(trace).hasSpanWithAttribute("tags", List.of("x", "y")).hasSpanWithAttribute("ids", new long[] {1, 2})
        .spanWithAttribute("tags", new String[] {"x", "*"}).hasDepth(0);
    assertThatThrownBy(() -> assertThat(trace).hasSpanWithAttribute("tags", List.of("x", "z")))
        .hasMessage("""
            Expecting the trace of "mixed" to contain a span with tags = "["x","z"]" but it has none (values seen: \
            [["x","y"]])
            in the trace:
              work""");
  }
}
