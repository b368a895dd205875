package dev.spanproof.junit;

import dev.spanproof.mockllm.Cassette;
import dev.spanproof.mockllm.CassetteMode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the test's {@link dev.spanproof.mockllm.MockLlm} replay recorded provider traffic instead of following a
 * script, or record that traffic through to the real provider, one cassette file per test.
 *
 * <pre>{@code
 * @AgentTest
 * @UseCassette
 * void answersFromTheRecordedConversation(MockLlm llm, AgentTraces traces) {
 *   String answer = new CalculatorAgent(llm.openAiBaseUrl(), "dummy-key").run("What is 2+2?");
 *   assertThat(traces.single()).tokens().hasInput(153);   // the provider's recorded usage
 * }
 * }</pre>
 *
 * <p>The file is {@code <cassette dir>/<test class>/<test method>.json} ({@link #value()} names it otherwise); the
 * folder is {@value AgentTest#DEFAULT_CASSETTE_DIR} unless {@value AgentTest#CASSETTE_DIR_PROPERTY} says otherwise.
 * The mode comes from the configuration parameter (or system property) {@value CassetteMode#PROPERTY}, then the
 * environment variable {@value CassetteMode#ENVIRONMENT_VARIABLE}: {@code replay} (the default, for CI: no key, no
 * network) or {@code record} (with the provider's key in the environment, e.g. {@code OPENAI_API_KEY}). See
 * {@link Cassette} for what is recorded, what is redacted and how requests are matched.
 *
 * <p>On a class (or an enclosing class of a {@code @Nested} one) it applies to every test method, each with its
 * own file; on a method it overrides the class's. When the class's tests share one mock (asked for in
 * {@code @BeforeAll} or a constructor), the class's annotation applies to that mock, one file for the class:
 * {@code <cassette dir>/<test class>/class.json} unless {@link #value()} names it; on a method of such a class it
 * fails the test, since the shared mock cannot replay a cassette of its own for it.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface UseCassette {

  /**
   * The cassette's name below the test class's folder ({@code "happy-path"} is
   * {@code <dir>/<test class>/happy-path.json}); empty for the test method's name (with the invocation index
   * for parameterized and repeated tests), or {@code class} for a mock the class's tests share.
   *
   * @return the name, without {@code .json}
   */
  String value() default "";

  /**
   * Where recording sends requests, see {@link Cassette#upstream(String)}; empty for the public API of the
   * provider whose protocol the request speaks.
   *
   * @return the provider's base URL, without the API version
   */
  String upstream() default "";

  /**
   * The environment variable holding the API key while recording, see {@link Cassette#apiKeyFromEnvironment};
   * empty for the provider's usual one ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}, …).
   *
   * @return the variable's name
   */
  String apiKeyFromEnvironment() default "";

  /**
   * Request fields left out when matching requests to recordings, see {@link Cassette#ignoringFields}.
   *
   * @return field names or JSON pointers
   */
  String[] ignoringFields() default {};

  /**
   * Whether a request with no recording goes to the provider instead of failing the test, see
   * {@link Cassette#passingThroughUnmatched()}.
   *
   * @return true to pass unmatched requests through
   */
  boolean passThroughUnmatched() default false;

  /**
   * Whether recordings the test never replayed are tolerated, see {@link Cassette#allowingUnusedRecordings()}.
   *
   * @return true to tolerate them
   */
  boolean allowUnusedRecordings() default false;
}
