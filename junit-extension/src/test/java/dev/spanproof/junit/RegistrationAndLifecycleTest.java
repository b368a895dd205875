package dev.spanproof.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The three ways to register spanproof, and the lifecycles users combine them with. */
class RegistrationAndLifecycleTest {

  static void traceOneAgent(OpenTelemetry otel, AgentTraces traces, String name) {
    otel.getTracer("t").spanBuilder("invoke_agent " + name).startSpan().end();
    assertThat(traces.single().render()).isEqualTo("invoke_agent " + name);
  }

  static class ExtendWithCase {
    @org.junit.jupiter.api.extension.ExtendWith(SpanproofExtension.class)
    static class Plain {
      @Test
      void works(OpenTelemetry otel, AgentTraces traces) {
        traceOneAgent(otel, traces, "plain");
      }
    }
  }

  static class StaticFieldCase {
    @RegisterExtension
    static SpanproofExtension spanproof = SpanproofExtension.newInstance().print(OutputMode.NEVER).build();

    @Test
    void works(OpenTelemetry otel, AgentTraces traces) {
      traceOneAgent(otel, traces, "static_field");
    }
  }

  static class InstanceFieldCase {
    @RegisterExtension
    SpanproofExtension spanproof = SpanproofExtension.newInstance().build();

    @Test
    void first(OpenTelemetry otel, AgentTraces traces) {
      traceOneAgent(otel, traces, "instance_one");
    }

    @Test
    void second(OpenTelemetry otel, AgentTraces traces) {
      traceOneAgent(otel, traces, "instance_two");
    }
  }

  /** One scripted request through the test's mock, then one agent span in the test's trace. */
  static void askOnceAndTrace(OpenTelemetry otel, AgentTraces traces, MockLlm llm, String name) {
    llm.script().reply("x");
    ChatRequests.ask(llm.openAiBaseUrl(), "hi");
    traceOneAgent(otel, traces, name);
  }

  static final Path COMBINED_REPORTS = Path.of("target", "spanproof-tests", "combined-registration");

  /** The annotation and a builder together: the annotation's report wins, the builder's folder still applies. */
  @AgentTest(report = OutputMode.ALWAYS)
  static class AnnotationAndStaticFieldCase {
    @RegisterExtension
    static SpanproofExtension spanproof = SpanproofExtension.newInstance()
        .report(OutputMode.NEVER).reportDir(COMBINED_REPORTS).build();

    @Test
    void withMock(OpenTelemetry otel, AgentTraces traces, MockLlm llm) {
      askOnceAndTrace(otel, traces, llm, "combined");
    }
  }

  @AgentTest
  static class AnnotationAndInstanceFieldCase {
    @RegisterExtension
    SpanproofExtension spanproof = SpanproofExtension.newInstance().build();

    @Test
    void withMock(OpenTelemetry otel, AgentTraces traces, MockLlm llm) {
      askOnceAndTrace(otel, traces, llm, "combined_instance");
    }
  }

  /**
   * A static nested class is a test class of its own: JUnit does not register its enclosing class's
   * extensions for it, so its annotation's instance must not step aside for the outer field.
   */
  static class OuterWithAStaticField {
    @RegisterExtension
    static SpanproofExtension spanproof = SpanproofExtension.newInstance().build();

    @AgentTest
    static class StaticNestedCase {
      @Test
      void withMock(OpenTelemetry otel, AgentTraces traces, MockLlm llm) {
        askOnceAndTrace(otel, traces, llm, "static_nested");
      }
    }

    /** A @Nested class inherits the outer field, so its own annotation's instance steps aside. */
    @AgentTest
    @Nested
    class NestedUnderTheFieldCase {
      @Test
      void withMock(OpenTelemetry otel, AgentTraces traces, MockLlm llm) {
        askOnceAndTrace(otel, traces, llm, "nested_under_field");
      }
    }
  }

  /** A team's own composed annotation. */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @AgentTest(report = OutputMode.ALWAYS)
  @interface OurAgentTest {}

  @OurAgentTest
  static class MetaAnnotatedCase {
    @Test
    void works(OpenTelemetry otel, AgentTraces traces) {
      traceOneAgent(otel, traces, "meta");
    }
  }

  @AgentTest
  static class NestedCase {
    @Test
    void outer(OpenTelemetry otel, AgentTraces traces) {
      traceOneAgent(otel, traces, "outer");
    }

    @Nested
    class Inner {
      @Test
      void inner(OpenTelemetry otel, AgentTraces traces, MockLlm llm) {
        traceOneAgent(otel, traces, "inner");
        assertThat(llm.requests()).isEmpty();
      }
    }
  }

  @AgentTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClassSharedMockCase {
    MockLlm shared;

    @BeforeAll
    void scriptOnce(MockLlm llm) {
      shared = llm;
      llm.script().reply("first answer").thenReply("second answer");
    }

    @Test
    @Order(1)
    void first(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
      assertThat(llm).isSameAs(shared);
      assertThat(ChatRequests.ask(llm.openAiBaseUrl(), "one").body()).contains("first answer");
      traceOneAgent(otel, traces, "first");
    }

    @Test
    @Order(2)
    void second(MockLlm llm) {
      assertThat(ChatRequests.ask(llm.openAiBaseUrl(), "two").body()).contains("second answer");
      assertThat(llm.requests()).hasSize(2);
    }

    @Test
    @Order(3)
    void third(MockLlm llm) {
      ChatRequests.ask(llm.openAiBaseUrl(), "three"); // the script is used up: this test alone must fail
    }
  }

  @AgentTest
  static class TracesInBeforeAllCase {
    @BeforeAll
    static void tooEarly(AgentTraces traces) {}

    @Test
    void never() {}
  }

  /** Another extension composing with spanproof, as budgets and evals do. */
  static class ProbeExtension implements org.junit.jupiter.api.extension.AfterEachCallback {
    static final java.util.List<String> SEEN = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
      SEEN.add(SpanproofExtension.traces(context).map(t -> t.single().render()).orElse("no traces")
          + " / " + SpanproofExtension.mockLlm(context).map(l -> l.requests().size() + " requests").orElse("no mock"));
    }
  }

  @AgentTest
  @org.junit.jupiter.api.extension.ExtendWith(ProbeExtension.class)
  static class ComposedCase {
    @Test
    void withMock(OpenTelemetry otel, AgentTraces traces, MockLlm llm) {
      traceOneAgent(otel, traces, "composed");
    }

    @Test
    void withoutMock(OpenTelemetry otel, AgentTraces traces) {
      traceOneAgent(otel, traces, "composed");
    }
  }

  @Test
  void otherExtensionsReachTheTestsTracesAndExistingMockWithoutCreatingOne() {
    ProbeExtension.SEEN.clear();
    assertAllPassed(EngineRunner.run(ComposedCase.class), 2);
    assertThat(ProbeExtension.SEEN).containsExactlyInAnyOrder(
        "invoke_agent composed / 0 requests", "invoke_agent composed / no mock");
  }

  @Test
  void registersThroughExtendWith() {
    assertAllPassed(EngineRunner.run(ExtendWithCase.Plain.class), 1);
  }

  @Test
  void registersThroughAStaticRegisterExtensionField() {
    assertAllPassed(EngineRunner.run(StaticFieldCase.class), 1);
  }

  @Test
  void registersThroughAnInstanceRegisterExtensionFieldWithStatePerTest() {
    assertAllPassed(EngineRunner.run(InstanceFieldCase.class), 2);
  }

  @Test
  void combinesTheAnnotationWithAStaticRegisterExtensionFieldAnnotationAttributesFirst() throws Exception {
    deleteRecursively(COMBINED_REPORTS);

    // No configuration parameter for the report: the annotation's ALWAYS beats the builder's NEVER,
    // and the builder's folder, which the annotation does not set, applies.
    assertAllPassed(EngineRunner.run(AnnotationAndStaticFieldCase.class, Map.of("spanproof.print", "never")), 1);
    try (Stream<Path> files = Files.list(COMBINED_REPORTS)) {
      assertThat(files).singleElement().satisfies(f -> assertThat(Files.readString(f)).contains("status passed"));
    }
  }

  @Test
  void combinesTheAnnotationWithAnInstanceRegisterExtensionField() {
    assertAllPassed(EngineRunner.run(AnnotationAndInstanceFieldCase.class), 1);
  }

  @Test
  void aStaticNestedClassKeepsItsOwnAnnotationBesideTheEnclosingClassField() {
    assertAllPassed(EngineRunner.run(OuterWithAStaticField.StaticNestedCase.class), 1);
  }

  @Test
  void aNestedClassWithTheAnnotationLeavesTheWorkToTheEnclosingClassField() {
    assertAllPassed(EngineRunner.run(OuterWithAStaticField.NestedUnderTheFieldCase.class), 1);
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void composesAsAMetaAnnotationWithItsSettings(@TempDir Path reports) throws Exception {
    // No configuration parameter for the report: the annotation's ALWAYS applies to a passing test.
    assertAllPassed(EngineRunner.run(MetaAnnotatedCase.class,
        Map.of("spanproof.print", "never", "spanproof.report.dir", reports.toString())), 1);
    try (Stream<Path> files = Files.list(reports)) {
      assertThat(files).singleElement().satisfies(f -> assertThat(Files.readString(f)).contains("status passed"));
    }
  }

  @Test
  void configurationParametersOverrideTheAnnotation(@TempDir Path reports) throws Exception {
    assertAllPassed(EngineRunner.run(MetaAnnotatedCase.class, Map.of(
        "spanproof.print", "never", "spanproof.report", "never", "spanproof.report.dir", reports.toString())), 1);
    try (Stream<Path> files = Files.list(reports)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void nestedClassesInheritTheExtensionAndIsolateTheirTests() {
    assertAllPassed(EngineRunner.run(NestedCase.class), 2);
  }

  @Test
  void aMockLlmAskedForInBeforeAllIsSharedByTheClassAndFailsOnlyTheTestThatMisusedIt() {
    EngineExecutionResults results = EngineRunner.run(PerClassSharedMockCase.class);

    results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(1));
    List<Throwable> failures = EngineRunner.failures(results);
    assertThat(failures).singleElement()
        .satisfies(t -> assertThat(t.getMessage()).startsWith("Unmatched request #3 in session ")
            .contains("user \"three\"\n  nearest step: #2 reply \"second answer\" (used 1 of 1)"));
  }

  @Test
  void refusesAgentTracesOutsideATestWithAnExplanation() {
    EngineExecutionResults results = EngineRunner.run(TracesInBeforeAllCase.class);

    Throwable failure = results.containerEvents().failed().stream().map(EngineRunner::throwable)
        .findFirst().orElseThrow();
    assertThat(failure.getMessage()).isEqualTo("AgentTraces holds one test's traces, so spanproof gives it to "
        + "test methods and their @BeforeEach/@AfterEach methods only; tooEarly runs outside a single test.");
  }

  private static void assertAllPassed(EngineExecutionResults results, int tests) {
    assertThat(EngineRunner.failures(results)).isEmpty();
    results.testEvents().assertStatistics(stats -> stats.succeeded(tests).failed(0));
  }
}
