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
}
