package dev.spanproof.evals.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the README's code equal to the compiled {@link ReadmeExamples}. */
class ReadmeSnippetTest {

  private static final Pattern SOURCE = Pattern.compile("// snippet:(\\w+)\\n(.*?)\\n\\s*// end-snippet", Pattern.DOTALL);

  @Test
  void every_readme_snippet_is_compiled_code() throws Exception {
    String source = Files.readString(Path.of("src/test/java/dev/spanproof/evals/readme/ReadmeExamples.java"));
    String readme = Files.readString(Path.of("README.md"));
    Matcher matcher = SOURCE.matcher(source);
    int snippets = 0;
    while (matcher.find()) {
      String code = matcher.group(2).stripIndent().strip();
      String marker = "<!-- snippet:" + matcher.group(1) + " -->\n```java\n";
      assertThat(readme).as("README snippet " + matcher.group(1)).contains(marker + code + "\n```");
      snippets++;
    }
    assertThat(snippets).isEqualTo(4);
  }
}
