package dev.spanproof.assertions;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
