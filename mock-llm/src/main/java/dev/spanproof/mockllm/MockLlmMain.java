package dev.spanproof.mockllm;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The mock as a standalone process, for agents written in other languages:
 * {@code java -jar spanproof-mock-llm-<version>-standalone.jar --script script.yaml --port 8089}.
 * It prints its base URLs, serves until stopped (Ctrl+C / SIGTERM), then prints the transcript and any
 * problems (unmatched requests, unused steps). With {@code --cassette FILE} it replays recorded provider traffic
 * instead of a script ({@code --record} records it). Bad arguments exit with status 2 and the usage.
 */
public final class MockLlmMain {
  static final String USAGE = """
      usage: java -jar spanproof-mock-llm-standalone.jar [--script FILE | --cassette FILE [--record] [--upstream URL]]
                                                        [--port N] [--lenient]
        --script FILE    a YAML or JSON script (see the README); without it every request is unmatched
        --cassette FILE  replay recorded provider traffic from FILE (record it with --record)
        --record         record: proxy to the provider and write FILE (default: SPANPROOF_CASSETTES, else replay);
                         the key comes from the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY…)
        --upstream URL   where --record sends requests (default: the provider's public API)
        --port N         the port on 127.0.0.1 (default 0: a free port, printed at start)
        --lenient        do not report unused steps (or unused recordings) at shutdown""";

  private MockLlmMain() {}

  /** Runs the mock until the process is stopped. */
  public static void main(String[] args) throws InterruptedException {
    MockLlm llm;
    try {
      llm = start(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      report(llm, System.out);
      llm.close();
      stopped.countDown();
    }, "spanproof-mock-llm-shutdown"));
    stopped.await();
  }

  /**
   * Parses the arguments, starts the mock and prints its base URLs.
   *
   * @throws IllegalArgumentException saying which argument is wrong
   */
  static MockLlm start(String[] args, PrintStream out) {
    Path script = null;
    int port = 0;
    boolean lenient = false;
    Path cassetteFile = null;
    boolean record = false;
    String upstream = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--script" -> {
          script = Path.of(value(args, i++, "--script needs a file"));
          if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("script file " + script + " does not exist");
          }
        }
        case "--port" -> {
          String v = value(args, i++, "--port needs a number");
          try {
            port = Integer.parseInt(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a number between 0 and 65535, got " + v);
          }
        }
        case "--lenient" -> lenient = true;
        case "--cassette" -> cassetteFile = Path.of(value(args, i++, "--cassette needs a file"));
        case "--record" -> record = true;
        case "--upstream" -> upstream = value(args, i++, "--upstream needs a URL");
        case "--help", "-h" -> throw new IllegalArgumentException("help requested");
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (cassetteFile == null && (record || upstream != null)) {
      throw new IllegalArgumentException((record ? "--record" : "--upstream") + " needs --cassette FILE");
    }
    if (cassetteFile != null && script != null) {
      throw new IllegalArgumentException("--script and --cassette exclude each other: the mock either follows a "
          + "script or replays a cassette");
    }
    Cassette cassette = null;
    if (cassetteFile != null) {
      cassette = Cassette.at(cassetteFile);
      cassette = record ? cassette.mode(CassetteMode.RECORD) : cassette;
      cassette = upstream != null ? cassette.upstream(upstream) : cassette;
      cassette = lenient ? cassette.allowingUnusedRecordings() : cassette;
    }
    MockLlm llm = MockLlm.start(port);
    try {
      if (cassette != null) {
        llm.useCassette(cassette);
      }
      if (script != null) {
        llm.script().load(script);
      }
      if (lenient) {
        llm.script().lenient();
      }
    } catch (RuntimeException e) {
      llm.close();
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    out.println("spanproof mock LLM listening on " + llm.baseUrl());
    out.println("  OpenAI (Chat Completions, Responses): " + llm.openAiBaseUrl());
    out.println("  Anthropic Messages:                   " + llm.anthropicBaseUrl());
    out.println("  Gemini:                               " + llm.geminiBaseUrl());
    out.println("  Ollama:                               " + llm.ollamaBaseUrl());
    if (cassette != null) {
      out.println((cassette.mode() == CassetteMode.RECORD ? "Recording to " : "Replaying ") + cassette.file()
          + (cassette.mode() == CassetteMode.RECORD ? " from " + (cassette.upstream() != null ? cassette.upstream()
              : "the provider's public API") : ""));
    }
    out.println("Stop with Ctrl+C.");
    out.flush();
    return llm;
  }

  /** Prints the transcript and problems; returns whether there were problems. */
  static boolean report(MockLlm llm, PrintStream out) {
    out.println("LLM exchange:");
    String t = llm.transcript();
    out.print(t.isEmpty() ? "  (no requests)\n" : t.indent(2));
    var problems = llm.problems();
    if (!problems.isEmpty()) {
      out.println(problems.size() + (problems.size() == 1 ? " problem:" : " problems:"));
      problems.forEach(p -> out.println(p.indent(2)));
    }
    out.flush();
    return !problems.isEmpty();
  }

  private static String value(String[] args, int i, String missing) {
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException(missing);
    }
    return args[i + 1];
  }
}
