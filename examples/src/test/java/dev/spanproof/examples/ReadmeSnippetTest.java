package dev.spanproof.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's quick start is the compiled example, not a copy that drifts. */
class ReadmeSnippetTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void quickStartIsTheTaggedRegionOfTheCalculatorTest() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String source = Files.readString(ROOT.resolve(
        "examples/src/test/java/dev/spanproof/examples/calculator/CalculatorAgentTest.java"));

    String inReadme = between(readme, "<!-- snippet:quickstart[^\\n]*-->\\n```java\\n", "```\\n<!-- /snippet -->");
    String inSource = between(source, "// tag::quickstart\\[\\]\\n", "// end::quickstart\\[\\]");

    assertThat(inReadme).isEqualTo(inSource);
    assertThat(inReadme.lines().count()).as("quick start lines").isLessThanOrEqualTo(20);
  }

  private static String between(String text, String startRegex, String endRegex) {
    Matcher matcher = Pattern.compile(startRegex + "(.*?)" + endRegex, Pattern.DOTALL).matcher(text);
    assertThat(matcher.find()).as("markers %s … %s", startRegex, endRegex).isTrue();
    return matcher.group(1);
  }
}
