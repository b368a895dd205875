package dev.spanproof.evals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetTest {

  @Test
  void jsonl_skips_blank_lines_and_keeps_every_field() {
    Dataset dataset = Dataset.load("/evals/calculator.jsonl", getClass().getClassLoader());

    assertThat(dataset.cases()).extracting(EvalCase::id, EvalCase::number, EvalCase::source).containsExactly(
        org.assertj.core.groups.Tuple.tuple("two-plus-two", 1, "evals/calculator.jsonl:1"),
        org.assertj.core.groups.Tuple.tuple("three-plus-five", 2, "evals/calculator.jsonl:2"),
        org.assertj.core.groups.Tuple.tuple("ten-plus-one", 3, "evals/calculator.jsonl:4"));
    EvalCase first = dataset.cases().get(0);
    assertThat(first.input()).isEqualTo("What is 2+2?");
    assertThat(first.expected()).isEqualTo("4");
    assertThat(first.field("tools").get(0).get("name").asText()).isEqualTo("calculate");
    assertThat(first.text("missing")).isNull();
  }

  @Test
  void yaml_and_json_lists_work_too_and_ids_default_to_the_position() {
    assertThat(Dataset.parse("cases.yaml", "- input: hi\n  expected: hello\n- {input: {q: 1}}\n").cases())
        .extracting(EvalCase::id, EvalCase::input).containsExactly(
            org.assertj.core.groups.Tuple.tuple("case-1", "hi"),
            org.assertj.core.groups.Tuple.tuple("case-2", "{\"q\":1}"));
    assertThat(Dataset.parse("cases.json", "[{\"input\": \"x\"}]").cases()).hasSize(1);
  }

  @Test
  void malformed_datasets_say_where_and_how_to_fix_them() {
    assertThatThrownBy(() -> Dataset.parse("d.jsonl", "{\"input\": \"a\"}\n{\"input\": \"b\"\n"))
        .hasMessageStartingWith("Line 2 of the dataset d.jsonl is not JSON (Unexpected end-of-input: expected close "
            + "marker for Object");
    assertThatThrownBy(() -> Dataset.parse("d.jsonl", "{\"expected\": \"4\"}"))
        .hasMessage("Line 1 of the dataset d.jsonl has no \"input\"; every case needs one, such as "
            + "{\"input\": \"What is 2+2?\", \"expected\": \"4\"}.");
    assertThatThrownBy(() -> Dataset.parse("d.jsonl", "{\"id\": \"a\", \"input\": 1}\n{\"id\": \"a\", \"input\": 2}"))
        .hasMessage("Line 2 of the dataset d.jsonl repeats the id \"a\" of d.jsonl:1; give every case its own id.");
    assertThatThrownBy(() -> Dataset.parse("d.yaml", "input: 1"))
        .hasMessage("The dataset d.yaml must be a list of cases, each with an \"input\"; it is object.");
    assertThatThrownBy(() -> Dataset.parse("d.csv", "a,b"))
        .hasMessage("The dataset \"d.csv\" has an unknown format; name it .jsonl (one JSON case a line), .yaml/.yml "
            + "(a list of cases) or .json (an array of cases).");
    assertThatThrownBy(() -> Dataset.parse("d.jsonl", "\n\n"))
        .hasMessage("The dataset d.jsonl has no case; add at least one, such as {\"input\": \"What is 2+2?\", "
            + "\"expected\": \"4\"}");
  }
}
