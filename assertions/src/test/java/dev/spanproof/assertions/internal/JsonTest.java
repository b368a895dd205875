package dev.spanproof.assertions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void compactKeepsDecimalsAsWritten() {
    assertThat(Json.compact("{ \"percentage_change\": 20.0, \"ratio\": 0.50, \"big\": 1e3 }"))
        .isEqualTo("{\"percentage_change\":20.0,\"ratio\":0.50,\"big\":1E+3}");
  }

  @Test
  void numbersStillCompareByValue() {
    assertThat(Json.parseOrNull("{\"a\":20.0}").get("a").decimalValue())
        .isEqualByComparingTo(Json.parseOrNull("{\"a\":20}").get("a").decimalValue());
  }

  @Test
  void textThatOnlyStartsWithJsonIsNotJson() {
    assertThat(Json.parseOrNull("4 apples")).isNull();
    assertThat(Json.parseOrNull("42 Main Street")).isNull();
    assertThat(Json.parseOrNull("{\"city\":\"Paris\"}{\"city\":\"Rome\"}")).isNull();
    assertThat(Json.parseOrNull("[1] x")).isNull();
    assertThat(Json.parseOrNull("  {\"a\":1}  ")).hasToString("{\"a\":1}");
  }

  @Test
  void numbersTooLargeToReadAreNotJson() {
    assertThat(Json.parseOrNull("1e599999999999999999999")).isNull();
    assertThat(Json.parseOrNull("{\"a\":1e599999999999999999999}")).isNull();
  }
}
