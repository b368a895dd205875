package dev.spanproof.assertions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Annotations align by the columns a monospaced font gives a name, not by its UTF-16 length. */
class TraceTextWidthTest {

  @Test
  void counts_columns() {
    assertThat(TraceText.displayWidth("get_weather")).isEqualTo(11);
    assertThat(TraceText.displayWidth("天気予報")).isEqualTo(8);          // CJK: two columns each
    assertThat(TraceText.displayWidth("날씨")).isEqualTo(4);              // Hangul syllables
    assertThat(TraceText.displayWidth("ｗｅａｔｈｅｒ")).isEqualTo(14);   // full-width Latin
    assertThat(TraceText.displayWidth("weather 😀")).isEqualTo(10);      // an emoji: two columns, one code point
    assertThat(TraceText.displayWidth("café")).isEqualTo(4);            // e + combining acute: one column
    assertThat(TraceText.displayWidth("𠮷野家")).isEqualTo(6);            // a CJK extension B character (surrogate pair)
  }

  @Test
  void aligns_annotations_after_wide_names() {
    List<TraceText.Line> lines = List.of(
        new TraceText.Line(0, "", "invoke_agent 旅行", "", null),
        new TraceText.Line(1, "├── ", "execute_tool 天気予報", "{\"city\":\"東京\"} → 晴れ", null),
        new TraceText.Line(1, "└── ", "execute_tool get_time", "{} → 12:00", null));

    assertThat(TraceText.format(lines, "", null)).isEqualTo("""
        invoke_agent 旅行
        ├── execute_tool 天気予報  {"city":"東京"} → 晴れ
        └── execute_tool get_time  {} → 12:00""");
  }
}
