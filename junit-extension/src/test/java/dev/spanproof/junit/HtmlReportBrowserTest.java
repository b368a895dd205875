package dev.spanproof.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Opens a failed test's HTML report in a real headless Chromium and checks what a person sees: the
 * status, the trace tree, a waterfall whose bars nest in time, span details that expand on click,
 * and the LLM exchange.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}; {@code .ci/run} installs them. On
 * a machine without them the test is skipped with the install command, except in CI where it fails.
 */
class HtmlReportBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private ChromeDriver browser;

  @AgentTest
  static class CalculatorLikeCase {
    @Test
    void answersWrongly(MockLlm llm, OpenTelemetry otel) {
      llm.script().replyWithToolCall("calculate", "{\"a\":2,\"b\":2}").usage(10, 15)
          .thenReply("2+2 equals 5").usage(12, 8);
      Tracer tracer = otel.getTracer("report-test");
      Span agent = tracer.spanBuilder("invoke_agent assistant")
          .setAttribute("gen_ai.operation.name", "invoke_agent").setAttribute("gen_ai.agent.name", "assistant")
          .startSpan();
      try (Scope ignored = agent.makeCurrent()) {
        chat(tracer, llm, "What is 2+2?", 10, 15);
        tracer.spanBuilder("execute_tool calculate")
            .setAttribute("gen_ai.operation.name", "execute_tool").setAttribute("gen_ai.tool.name", "calculate")
            .setAttribute("gen_ai.tool.call.arguments", "{\"a\":2,\"b\":2}")
            .setAttribute("gen_ai.tool.call.result", "4")
            .startSpan().end();
        chat(tracer, llm, "tool said 4", 12, 8);
      } finally {
        agent.end();
      }
      throw new AssertionError("expected 4 but the agent answered 5");
    }

    private static void chat(Tracer tracer, MockLlm llm, String question, long in, long out) {
      Span chat = tracer.spanBuilder("chat gpt-4").setAttribute("gen_ai.operation.name", "chat")
          .setAttribute("gen_ai.request.model", "gpt-4")
          .setAttribute("gen_ai.usage.input_tokens", in).setAttribute("gen_ai.usage.output_tokens", out)
          .startSpan();
      try {
        ChatRequests.ask(llm.openAiBaseUrl(), question);
      } finally {
        chat.end();
      }
    }
  }

  @BeforeEach
  void startBrowser(@TempDir Path profile) {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && System.getenv("CI") != null) {
      throw new IllegalStateException("CI must run the browser test, but " + CHROMIUM + " or " + CHROMEDRIVER
          + " is missing: .ci/run should have installed them (apt-get install chromium chromium-driver).");
    }
    Assumptions.assumeTrue(installed, () -> "Skipped: the HTML report's browser test needs Debian's Chromium "
        + "and ChromeDriver, which this machine lacks. Install them with: "
        + "sudo apt-get install -y chromium chromium-driver");
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--window-size=1280,900", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void quitBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void theReportShowsTheFailureTheTreeANestedWaterfallAndExpandableSpans(@TempDir Path reports) throws Exception {
    EngineRunner.run(CalculatorLikeCase.class, Map.of(
        "spanproof.print", "never", "spanproof.report", "on-failure", "spanproof.report.dir", reports.toString()));
    Path report;
    try (Stream<Path> files = Files.list(reports)) {
      report = files.findFirst().orElseThrow(() -> new AssertionError("no report written to " + reports));
    }

    browser.get(report.toUri().toString());

    assertThat(browser.getTitle()).isEqualTo("answersWrongly — spanproof");
    assertThat(browser.findElement(By.cssSelector("h1 .status")).getText()).isEqualTo("failed");
    assertThat(browser.findElement(By.cssSelector("pre.failure")).getText())
        .isEqualTo("java.lang.AssertionError: expected 4 but the agent answered 5");
    assertThat(browser.findElement(By.cssSelector("section.llm h2")).getCssValue("background-color"))
        .as("section headings keep the page background").isEqualTo("rgba(0, 0, 0, 0)");
    assertThat(browser.findElement(By.cssSelector("pre.tree")).getText()).isEqualTo("""
        invoke_agent assistant
        ├── chat gpt-4              tokens 10→15
        ├── execute_tool calculate  {"a":2,"b":2} → 4
        └── chat gpt-4              tokens 12→8""");

    List<WebElement> rows = browser.findElements(By.cssSelector("table.waterfall tr.span"));
    assertThat(rows).extracting(row -> row.findElement(By.cssSelector("summary")).getText())
        .containsExactly("invoke_agent assistant", "chat gpt-4", "execute_tool calculate", "chat gpt-4");
    Rectangle agentBar = bar(rows.get(0));
    for (WebElement child : rows.subList(1, rows.size())) {
      Rectangle bar = bar(child);
      assertThat(bar.getWidth()).as("bar width of %s", child.getText()).isPositive();
      assertThat(bar.getX()).as("child bar starts within the agent's").isGreaterThanOrEqualTo(agentBar.getX());
      assertThat(bar.getX() + bar.getWidth()).as("child bar ends within the agent's")
          .isLessThanOrEqualTo(agentBar.getX() + agentBar.getWidth() + 1);
    }
    assertThat(bar(rows.get(3)).getX()).as("the second chat comes after the first")
        .isGreaterThanOrEqualTo(bar(rows.get(1)).getX());

    WebElement toolRow = rows.get(2);
    WebElement toolName = toolRow.findElement(By.xpath(".//td[text()='gen_ai.tool.name']"));
    assertThat(toolName.isDisplayed()).as("details start collapsed").isFalse();
    toolRow.findElement(By.cssSelector("summary")).click();
    assertThat(toolName.isDisplayed()).as("details expand on click").isTrue();
    assertThat(toolRow.findElement(By.xpath(".//td[text()='gen_ai.tool.call.result']/following-sibling::td"))
        .getText()).isEqualTo("4");

    assertThat(browser.findElement(By.cssSelector("section.llm pre")).getText())
        .contains("#1 user \"What is 2+2?\"  →  scripted tool call calculate {\"a\":2,\"b\":2}");

    // For people: the screenshot lands next to the other test output.
    File shot = browser.getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "spanproof-browser", "report.png");
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static Rectangle bar(WebElement row) {
    return row.findElement(By.cssSelector(".bar")).getRect();
  }
}
