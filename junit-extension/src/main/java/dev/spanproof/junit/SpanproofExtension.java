package dev.spanproof.junit;

import dev.spanproof.junit.internal.CaptureRegistry;
import dev.spanproof.junit.internal.CapturedTraces;
import dev.spanproof.junit.internal.SharedTelemetry;
import dev.spanproof.junit.internal.SnapshotFiles;
import dev.spanproof.junit.internal.SpanproofConfig;
import dev.spanproof.junit.internal.TestCapture;
import dev.spanproof.junit.internal.TestOutcomeReport;
import dev.spanproof.mockllm.Cassette;
import dev.spanproof.mockllm.MockLlm;
import dev.spanproof.mockllm.MockLlmServer;
import dev.spanproof.otlp.OtlpReceiver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit Jupiter extension behind {@link AgentTest}: gives every test its own captured
 * OpenTelemetry telemetry and its own mock LLM, and explains failures with the trace tree and the
 * LLM exchange.
 *
 * <p>Register it with {@code @AgentTest}, {@code @ExtendWith(SpanproofExtension.class)} or a
 * {@code @RegisterExtension} field built by {@link #newInstance()}. Test and lifecycle methods may
 * declare parameters of type {@link OpenTelemetry} (anywhere), {@link AgentTraces} (test methods and
 * {@code @BeforeEach}/{@code @AfterEach}) and {@link MockLlm}: a test method gets its own, while one
 * asked for in {@code @BeforeAll} or a constructor is shared by the class's tests (each test is failed
 * for the requests that went wrong while it ran). After each test it waits (bounded) for open spans, fails a
 * passing test whose mock LLM saw a request no scripted step answered, and prints the trace tree and LLM transcript
 * (and writes an HTML report) for failed tests.
 */
public class SpanproofExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(SpanproofExtension.class);
  private static final String STATE = "test-state";
  private static final String SERVER = "mock-llm-server";
  private static final String RECEIVER = "otlp-receiver";
  private static final String CLASS_LLM = "class-mock-llm";

  private final SpanproofConfig.Given given;
  /** Whether a {@code @RegisterExtension} field holds this instance (built by {@link #newInstance()}). */
  private final boolean programmatic;

  /** Creates the extension with default settings; JUnit calls this for {@code @AgentTest} and {@code @ExtendWith}. */
  public SpanproofExtension() {
    this(SpanproofConfig.Given.NONE, false);
  }

  private SpanproofExtension(SpanproofConfig.Given given, boolean programmatic) {
    this.given = given;
    this.programmatic = programmatic;
  }

  /**
   * Starts a programmatic registration, for a {@code @RegisterExtension} field:
   *
   * <pre>{@code
   * @RegisterExtension
   * static SpanproofExtension spanproof = SpanproofExtension.newInstance()
   *     .print(OutputMode.ALWAYS)
   *     .spanTimeout(Duration.ofSeconds(10))
   *     .build();
   * }</pre>
   *
   * A static field and an instance field behave alike: state is per test either way.
   * Configuration parameters still override what the builder sets, and so do the attributes of an
   * {@code @AgentTest} on the same class (the annotation's instance then steps aside for this one).
   *
   * @return a builder with nothing set
   */
  public static Builder newInstance() {
    return new Builder();
  }

  /** Settings for a programmatically registered {@link SpanproofExtension}. */
  public static final class Builder {
    private OutputMode print;
    private OutputMode report;
    private Path reportDir;
    private Duration spanTimeout;
    private Boolean global;

    private Builder() {}

    /**
     * Sets when to print trace trees and LLM transcripts.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder print(OutputMode mode) {
      this.print = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets when to write HTML reports.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder report(OutputMode mode) {
      this.report = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets the folder HTML reports go to (default {@value AgentTest#DEFAULT_REPORT_DIR}).
     *
     * @param dir the folder
     * @return this builder
     */
    public Builder reportDir(Path dir) {
      this.reportDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Sets how long to wait for spans still open (default 5 seconds).
     *
     * @param timeout the bound, not negative
     * @return this builder
     */
    public Builder spanTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("spanTimeout must not be negative, was " + timeout);
      }
      this.spanTimeout = timeout;
      return this;
    }

    /**
     * Sets whether spanproof installs its OpenTelemetry as {@code GlobalOpenTelemetry} (default true).
     *
     * @param install whether to install it
     * @return this builder
     */
    public Builder globalOpenTelemetry(boolean install) {
      this.global = install;
      return this;
    }

    /**
     * Builds the extension.
     *
     * @return the extension, for a {@code @RegisterExtension} field
     */
    public SpanproofExtension build() {
      return new SpanproofExtension(new SpanproofConfig.Given(print, report, reportDir, spanTimeout, global), true);
    }
  }

  /**
   * Returns the traces of the test that {@code context} belongs to, for other extensions that
   * compose with spanproof (budgets, evals): present between spanproof's {@code beforeEach} and
   * {@code afterEach}.
   *
   * @param context a test method's extension context
   * @return the test's traces, or empty outside a test run by spanproof
   */
  public static Optional<AgentTraces> traces(ExtensionContext context) {
    return Optional.ofNullable(context.getStore(NAMESPACE).get(STATE, TestState.class))
        .map(state -> new CapturedTraces(state.capture, state.config.spanTimeout(), state.telemetry.registry(),
            () -> state.otlpSession(receiver(context))));
  }

  /**
   * Returns the mock LLM the test already uses (its own, or its class's), without creating one.
   *
   * @param context a test method's extension context
   * @return the test's mock LLM, or empty when the test asked for none
   */
  public static Optional<MockLlm> mockLlm(ExtensionContext context) {
    TestState state = context.getStore(NAMESPACE).get(STATE, TestState.class);
    if (state != null && state.llm != null) {
      return Optional.of(state.llm);
    }
    return Optional.ofNullable(context.getStore(NAMESPACE).get(CLASS_LLM, ClassLlm.class)).map(classLlm -> classLlm.llm);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (stepsAside(context)) {
      return;
    }
    SpanproofConfig config = SpanproofConfig.read(context::getConfigurationParameter, givenFor(context));
    ClassLlm classLlm = context.getStore(NAMESPACE).get(CLASS_LLM, ClassLlm.class);
    if (classLlm != null) {
      refuseCassetteTheClassLlmDoesNotPlay(context, classLlm);
    }
    SharedTelemetry telemetry = SharedTelemetry.get();
    if (config.global()) {
      telemetry.installAsGlobal();
    }
    obsoleteSnapshotReport(context, config);
    TestCapture capture = new TestCapture(context.getUniqueId(), testLabel(context));
    capture.snapshotTarget(new TestCapture.SnapshotTarget(config, context.getRequiredTestClass(), snapshotStem(context)));
    telemetry.registry().activate(capture);
    Scope scope = Context.current().with(CaptureRegistry.TEST_KEY, capture).makeCurrent();
    TestState state = new TestState(config, telemetry, capture, scope);
    if (classLlm == null) {
      state.cassette = useCassette(context).map(found -> cassette(found.annotation(), snapshotStem(context), context, config))
          .orElse(null);
    } else {
      state.classLlm = classLlm;
      state.classLlmMark = classLlm.started(state);
    }
    context.getStore(NAMESPACE).put(STATE, state);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (stepsAside(context)) {
      return;
    }
    TestState state = context.getStore(NAMESPACE).remove(STATE, TestState.class);
    if (state == null) {
      return;
    }
    try {
      // An assumption that aborted the test is a skip, not a failure.
      Optional<Throwable> failure = context.getExecutionException()
          .filter(t -> !(t instanceof TestAbortedException));
      boolean skipped = context.getExecutionException().isPresent() && failure.isEmpty();
      List<SpanData> neverEnded = state.capture.awaitOpenSpans(state.config.spanTimeout());
      List<String> problems = new ArrayList<>();
      if (!neverEnded.isEmpty()) {
        problems.add("Spans never ended within " + state.config.spanTimeout() + ": "
            + neverEnded.stream().map(s -> "\"" + s.getName() + "\"").toList()
            + ". End every span (span.end() in a finally block), or raise "
            + AgentTest.SPAN_TIMEOUT_PROPERTY + " for slow agents.");
      }
      MockLlm llm = state.llm != null ? state.llm : state.classLlm != null ? state.classLlm.llm : null;
      if (state.llm != null) {
        problems.addAll(state.llm.problems());
      } else if (state.classLlm != null) {
        problems.addAll(state.classLlm.finished(state, state.classLlmMark));
      }
      boolean failed = failure.isPresent() || !problems.isEmpty();
      if (state.classLlm != null) {
        state.classLlm.outcome(failed || skipped);
      }
      TestOutcomeReport report = new TestOutcomeReport(state.capture, llm, state.telemetry.registry(), problems, failure.orElse(null));
      if (skipped && state.config.print() != OutputMode.ALWAYS) {
        return; // nothing to explain about a test that did not run to the end
      }
      if (state.config.print().appliesTo(failed)) {
        System.out.println(report.text(failed ? "FAILED" : skipped ? "skipped" : "passed"));
      }
      if (state.config.report().appliesTo(failed)) {
        report.writeHtml(state.config.reportDir(), reportFileStem(context), failed);
      }
      // Never a second error on top of a test that already failed: its report shows the problems.
      if (failure.isEmpty() && !problems.isEmpty()) {
        throw new AssertionError(String.join("\n\n", problems) + "\n\n" + report.text("FAILED"));
      }
    } finally {
      state.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return (type == OpenTelemetry.class || type == MockLlm.class || type == AgentTraces.class)
        && !stepsAside(extensionContext);
  }

  /**
   * Whether this instance, registered by {@code @AgentTest} or {@code @ExtendWith}, leaves the work to a
   * {@code @RegisterExtension} instance registered for the same test: two would compete for parameters and both
   * run every callback. The programmatic one still reads the annotation, whose attributes win over its builder.
   * A static field is registered for the whole class; an instance field only once the test instance exists.
   */
  private boolean stepsAside(ExtensionContext context) {
    if (programmatic || context.getTestClass().isEmpty()) {
      return false;
    }
    boolean instanceRegistered = context.getTestInstance().isPresent();
    // JUnit registers an enclosing class's extensions only for its @Nested (inner) classes, not for a
    // static nested class, which runs as a test class of its own
    for (Class<?> type = context.getTestClass().get(); type != null;
         type = isNested(type) ? type.getEnclosingClass() : null) {
      boolean innermost = type == context.getTestClass().get();
      boolean found = !AnnotationSupport.findAnnotatedFields(type, RegisterExtension.class,
          field -> SpanproofExtension.class.isAssignableFrom(field.getType())
              && (Modifier.isStatic(field.getModifiers()) || (innermost && instanceRegistered))).isEmpty();
      if (found) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNested(Class<?> type) {
    return type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())
        && AnnotationSupport.isAnnotated(type, Nested.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    Class<?> type = parameterContext.getParameter().getType();
    if (type == OpenTelemetry.class) {
      return SharedTelemetry.get().sdk();
    }
    TestState state = context.getStore(NAMESPACE).get(STATE, TestState.class);
    if (type == AgentTraces.class) {
      if (state == null) {
        throw new ParameterResolutionException("AgentTraces holds one test's traces, so spanproof gives it to "
            + "test methods and their @BeforeEach/@AfterEach methods only; "
            + parameterContext.getDeclaringExecutable().getName() + " runs outside a single test.");
      }
      return traces(context).orElseThrow();
    }
    ClassLlm classLlm = context.getStore(NAMESPACE).get(CLASS_LLM, ClassLlm.class);
    if (classLlm != null) {
      return classLlm.llm; // asked for in @BeforeAll or a constructor: shared by the class's tests
    }
    if (state == null) {
      // A class's @UseCassette applies to the mock its tests share: one cassette, named for the class's part.
      Optional<FoundCassette> use = useCassette(context);
      MockLlm llm = server(context).newSession(context.getDisplayName());
      try {
        use.ifPresent(found -> llm.useCassette(cassette(found.annotation(), CLASS_CASSETTE, context,
            SpanproofConfig.read(context::getConfigurationParameter, givenFor(context)))));
      } catch (RuntimeException e) {
        llm.close();
        throw e;
      }
      ClassLlm created = new ClassLlm(llm, use.map(FoundCassette::where).orElse(null));
      context.getStore(NAMESPACE).put(CLASS_LLM, created);
      return created.llm;
    }
    return state.mockLlm(server(context), state.capture.label());
  }

  @SuppressWarnings("deprecation") // getOrComputeIfAbsent: computeIfAbsent only exists from JUnit 6.
  private static MockLlmServer server(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(SERVER, key -> new ServerResource(MockLlmServer.start()), ServerResource.class)
        .server;
  }

  /** The annotation on the test class or an enclosing class ({@code @Nested}), over the builder's settings. */
  private SpanproofConfig.Given givenFor(ExtensionContext context) {
    for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
      Optional<AgentTest> annotation =
          AnnotationSupport.findAnnotation(type, AgentTest.class);
      if (annotation.isPresent()) {
        return SpanproofConfig.Given.of(annotation.get()).orElse(given);
      }
    }
    return given;
  }

  private static String reportFileStem(ExtensionContext context) {
    String className = context.getRequiredTestClass().getName();
    String method = context.getTestMethod().map(Method::getName).orElse("test");
    // Parameterized and repeated tests share a method name: the unique id tells them apart.
    return className + "." + method + "-" + Integer.toHexString(context.getUniqueId().hashCode());
  }

  @SuppressWarnings("deprecation") // getOrComputeIfAbsent: computeIfAbsent only exists from JUnit 6.
  private static OtlpReceiver receiver(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(RECEIVER, key -> new ReceiverResource(OtlpReceiver.start()), ReceiverResource.class)
        .receiver;
  }

  @SuppressWarnings("deprecation") // getOrComputeIfAbsent: computeIfAbsent only exists from JUnit 6.
  private static void obsoleteSnapshotReport(ExtensionContext context, SpanproofConfig config) {
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("obsolete-snapshots:" + config.snapshotDir(),
        key -> new ObsoleteSnapshots(config.snapshotDir()), ObsoleteSnapshots.class);
  }

  /** At the end of the run, names snapshot files whose test no longer exists. */
  private record ObsoleteSnapshots(Path dir) implements AutoCloseable {
    @Override
    public void close() {
      List<Path> obsolete = SnapshotFiles.obsolete(dir);
      if (!obsolete.isEmpty()) {
        System.out.println("spanproof: " + obsolete.size() + " snapshot file(s) belong to tests that no longer "
            + "exist; delete them: " + obsolete);
      }
    }
  }

  /** The cassette name of a class-shared mock whose {@link UseCassette} gives none: no method can be called so. */
  private static final String CLASS_CASSETTE = "class";

  /** A {@link UseCassette} and the method or class it was found on. */
  private record FoundCassette(UseCassette annotation, AnnotatedElement where) {
    String describe() {
      return where instanceof Method m ? "test method " + m.getName() : "class " + ((Class<?>) where).getName();
    }
  }

  /** The {@link UseCassette} that applies: the test method's, else its class's or an enclosing class's. */
  private static Optional<FoundCassette> useCassette(ExtensionContext context) {
    Optional<Method> method = context.getTestMethod();
    if (method.isPresent()) {
      Optional<UseCassette> annotation = AnnotationSupport.findAnnotation(method.get(), UseCassette.class);
      if (annotation.isPresent()) {
        return Optional.of(new FoundCassette(annotation.get(), method.get()));
      }
    }
    for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
      Optional<UseCassette> annotation = AnnotationSupport.findAnnotation(type, UseCassette.class);
      if (annotation.isPresent()) {
        return Optional.of(new FoundCassette(annotation.get(), type));
      }
    }
    return Optional.empty();
  }

  /**
   * Fails a test whose {@link UseCassette} the mock it shares with its class does not play: that mock replays the
   * cassette of the class it was created for, or none.
   */
  private static void refuseCassetteTheClassLlmDoesNotPlay(ExtensionContext context, ClassLlm classLlm) {
    Optional<FoundCassette> use = useCassette(context);
    if (use.isPresent() && use.get().where() != classLlm.cassetteSource) {
      classLlm.outcome(true);
      throw new IllegalStateException("@UseCassette on " + use.get().describe() + " cannot apply: the test's mock "
          + "LLM is shared by the class (asked for in @BeforeAll or a constructor), and one mock replays one cassette, "
          + (classLlm.cassetteSource == null ? "none here" : "the one of @UseCassette on "
              + new FoundCassette(null, classLlm.cassetteSource).describe())
          + ". Put @UseCassette on the class whose @BeforeAll or constructor asks for the MockLlm (its file is "
          + "<cassette dir>/<test class>/" + CLASS_CASSETTE + ".json unless it names one), or let this test take its "
          + "own MockLlm (ask for it in the test method only).");
    }
  }

  /** The cassette {@code use} describes, named {@code defaultName} when it names none. */
  private static Cassette cassette(UseCassette use, String defaultName, ExtensionContext context, SpanproofConfig config) {
    String name = use.value().isBlank() ? defaultName : use.value().strip();
    Cassette cassette = Cassette.at(config.cassetteDir().resolve(context.getRequiredTestClass().getName())
        .resolve(name.endsWith(".json") ? name : name + ".json")).mode(config.cassetteMode());
    String upstream = config.cassetteUpstream() != null ? config.cassetteUpstream() : use.upstream();
    if (!upstream.isBlank()) {
      cassette = cassette.upstream(upstream);
    }
    if (!use.apiKeyFromEnvironment().isBlank()) {
      cassette = cassette.apiKeyFromEnvironment(use.apiKeyFromEnvironment());
    }
    if (use.ignoringFields().length > 0) {
      cassette = cassette.ignoringFields(use.ignoringFields());
    }
    if (use.passThroughUnmatched()) {
      cassette = cassette.passingThroughUnmatched();
    }
    if (use.allowUnusedRecordings()) {
      cassette = cassette.allowingUnusedRecordings();
    }
    return cassette;
  }

  /** The test method's name, plus the invocation index for parameterized and repeated tests. */
  private static String snapshotStem(ExtensionContext context) {
    String method = context.getTestMethod().map(Method::getName).orElse("test");
    Matcher invocation = Pattern.compile("\\[(?:test-template-invocation):#(\\d+)]$")
        .matcher(context.getUniqueId());
    return invocation.find() ? method + "-" + invocation.group(1) : method;
  }

  private static String testLabel(ExtensionContext context) {
    String displayName = context.getDisplayName();
    return context.getTestMethod()
        .map(Method::getName)
        .filter(name -> displayName.startsWith(name + "("))
        .orElse(displayName);
  }

  /** Closes the JVM-wide mock LLM server when the engine's root context ends. */
  private record ServerResource(MockLlmServer server) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }

  /**
   * A mock LLM asked for outside a test (@BeforeAll, constructor), shared by the class's tests: each test is failed
   * for the request problems that arose while it ran, told apart by their numbers (the list of all problems
   * also holds unused steps, which come and go). Closed with its class's context, which fails (a container
   * failure) for unused steps and for request problems no test was failed for.
   */
  private static final class ClassLlm implements AutoCloseable {
    final MockLlm llm;
    /** The class whose {@link UseCassette} the mock replays, or null. */
    final AnnotatedElement cassetteSource;
    /** The numbers of the request problems some test was failed for. */
    private final Set<Long> attributed = new HashSet<>();
    private int testsEnded;
    private boolean someTestDidNotPass;
    /** The tests running now, each with the labels of the other tests that ran at the same time as it. */
    private final Map<TestState, Set<String>> running = new IdentityHashMap<>();

    ClassLlm(MockLlm llm, AnnotatedElement cassetteSource) {
      this.llm = llm;
      this.cassetteSource = cassetteSource;
    }

    /** Notes that a test starts; returns the mark to pass to {@link #finished}. */
    synchronized long started(TestState test) {
      Set<String> alongside = new LinkedHashSet<>();
      running.forEach((other, othersAlongside) -> {
        othersAlongside.add(test.capture.label());
        alongside.add(other.capture.label());
      });
      running.put(test, alongside);
      List<MockLlm.RequestProblem> all = llm.requestProblems();
      return all.isEmpty() ? 0 : all.get(all.size() - 1).number();
    }

    /**
     * Notes that a test ends; returns the request problems that arose since it started, with a note when other
     * tests ran at the same time: a request cannot be told apart by thread (the agent's HTTP client sends it), so
     * every test that was running when it went wrong is failed for it.
     */
    synchronized List<String> finished(TestState test, long mark) {
      Set<String> alongside = running.remove(test);
      List<String> problems = new ArrayList<>();
      for (MockLlm.RequestProblem problem : llm.requestProblems()) {
        if (problem.number() > mark) {
          attributed.add(problem.number());
          problems.add(problem.message());
        }
      }
      if (!problems.isEmpty() && alongside != null && !alongside.isEmpty()) {
        problems.add("This mock LLM is shared by the class (asked for in @BeforeAll or a constructor) and "
            + String.join(", ", alongside) + (alongside.size() == 1 ? " was" : " were") + " running at the same "
            + "time, so the request" + (problems.size() == 1 ? " above" : "s above") + " may be "
            + (alongside.size() == 1 ? "that test's" : "one of those tests'") + ": spanproof fails every test that "
            + "was running when a request went wrong. To know whose it is, let each test take its own MockLlm (ask for "
            + "it in the test method, not in @BeforeAll or a constructor), or run the class's tests one at a time "
            + "(@Execution(SAME_THREAD)).");
      }
      return problems;
    }

    /** Forgets a test that ended without {@link #finished} (its afterEach failed early). */
    synchronized void forget(TestState test) {
      running.remove(test);
    }

    /** Notes how a test ended: a test that failed or was skipped may be why steps were left unused. */
    synchronized void outcome(boolean failedOrSkipped) {
      testsEnded++;
      someTestDidNotPass |= failedOrSkipped;
    }

    /**
     * After the class's tests (and its {@code @AfterAll} methods): fails the class for request problems that
     * arose while no test ran, and, unless a test already failed or was skipped, for unused steps and recordings
     * (none when the script is lenient), with the diagnostic a test's own mock gives.
     */
    @Override
    public void close() {
      List<String> problems = new ArrayList<>();
      String transcript;
      synchronized (this) {
        for (MockLlm.RequestProblem problem : llm.requestProblems()) {
          if (!attributed.contains(problem.number())) {
            problems.add(problem.message());
          }
        }
        if (!problems.isEmpty()) {
          problems.add("No test of the class was running when the request" + (problems.size() == 1 ? " above" : "s above")
              + " went wrong (it came in @BeforeAll, @AfterAll, a constructor or between tests), so it fails the class.");
        }
        List<String> unused = testsEnded > 0 && !someTestDidNotPass ? llm.unusedProblems() : List.of();
        if (!unused.isEmpty()) {
          problems.addAll(unused);
          problems.add("Steps or recordings left unused by a mock LLM the class's tests share fail the class: no "
              + "single test was meant to use them. If only some of the class's tests ran, the others may use "
              + "them; if they are optional, call llm.script().lenient() where the class scripts the mock.");
        }
        transcript = llm.transcript();
      }
      llm.close();
      if (!problems.isEmpty()) {
        throw new AssertionError("Mock LLM session \"" + llm.label() + "\", shared by the class's tests, has "
            + "problems after they ran:\n\n" + String.join("\n\n", problems) + "\n\nLLM exchange:\n"
            + (transcript.isEmpty() ? "(no requests)\n" : transcript.indent(2)).stripTrailing());
      }
    }
  }

  /** Closes the JVM-wide OTLP receiver when the engine's root context ends. */
  private record ReceiverResource(OtlpReceiver receiver) implements AutoCloseable {
    @Override
    public void close() {
      receiver.close();
    }
  }

  /** What one test holds while it runs. */
  private static final class TestState implements AutoCloseable {
    final SpanproofConfig config;
    final SharedTelemetry telemetry;
    final TestCapture capture;
    final Scope scope;
    MockLlm llm;
    Cassette cassette;
    ClassLlm classLlm;
    long classLlmMark;
    OtlpReceiver.Session otlp;

    TestState(SpanproofConfig config, SharedTelemetry telemetry, TestCapture capture, Scope scope) {
      this.config = config;
      this.telemetry = telemetry;
      this.capture = capture;
      this.scope = scope;
    }

    synchronized MockLlm mockLlm(MockLlmServer server, String label) {
      if (llm == null) {
        llm = server.newSession(label);
        if (cassette != null) {
          llm.useCassette(cassette);
        }
      }
      return llm;
    }

    synchronized OtlpReceiver.Session otlpSession(OtlpReceiver receiver) {
      if (otlp == null) {
        otlp = receiver.openSession(capture::received);
      }
      return otlp;
    }

    @Override
    public void close() {
      try {
        scope.close();
      } finally {
        telemetry.registry().deactivate(capture);
        if (classLlm != null) {
          classLlm.forget(this);
        }
        if (llm != null) {
          llm.close();
        }
        if (otlp != null) {
          otlp.close();
        }
      }
    }
  }
}
