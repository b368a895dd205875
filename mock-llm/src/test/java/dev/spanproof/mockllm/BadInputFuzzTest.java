package dev.spanproof.mockllm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of mangled bodies against every endpoint: each gets a JSON answer with a 2xx or provider-shaped
 * 4xx status, the mock never fails internally, and the server stays up.
 */
class BadInputFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[][] SEEDS = {
      {"/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]},"
          + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"t\",\"arguments\":\"{}\"}}]},"
          + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"r\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"t\"}}]}"},
      {"/v1/responses", "{\"model\":\"gpt-4.1\",\"instructions\":\"i\",\"input\":[{\"role\":\"user\",\"content\":\"hi\"},"
          + "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"t\",\"arguments\":\"{}\"},{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"r\"}],"
          + "\"tools\":[{\"type\":\"function\",\"name\":\"t\"}]}"},
      {"/v1/messages", "{\"model\":\"claude\",\"max_tokens\":100,\"system\":[{\"type\":\"text\",\"text\":\"s\"}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
          + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"tu\",\"name\":\"t\",\"input\":{\"a\":1}}]},"
          + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"tu\",\"content\":[{\"type\":\"text\",\"text\":\"r\"}]}]}],\"tools\":[{\"name\":\"t\"}]}"},
      {"/v1beta/models/gemini-2.0-flash:generateContent", "{\"systemInstruction\":{\"parts\":[{\"text\":\"s\"}]},\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]},"
          + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"t\",\"args\":{\"a\":1}}}]},"
          + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"t\",\"response\":{\"result\":\"r\"}}}]}],"
          + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"t\"}]}]}"},
      {"/api/chat", "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
          + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"t\",\"arguments\":{\"a\":1}}}]},"
          + "{\"role\":\"tool\",\"content\":\"r\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"t\"}}]}"},
  };
  private static final String[] REPLACEMENTS = {"null", "7", "\"x\"", "[]", "{}", "true", "[[[[", "\"\\u0000\"", "-1e999"};

  @Test
  void mangledBodiesGetJsonAnswersAndTheServerStaysUp() throws Exception {
    Random random = new Random(4);
    try (MockLlm llm = MockLlm.start()) {
      llm.script().otherwise().replyWithTextAndToolCalls("ok", ToolCall.of("t", "{\"a\":1}"));
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < 1500; i++) {
        String[] seed = SEEDS[i % SEEDS.length];
        String body = mutate(seed[1], random);
        HttpResponse<String> r = Http.post(llm.baseUrl() + seed[0], body);
        String type = r.headers().firstValue("content-type").orElse("");
        boolean streamed = type.startsWith("text/event-stream") || type.startsWith("application/x-ndjson");
        if (!(r.statusCode() == 200 || r.statusCode() == 400)) {
          failures.add(r.statusCode() + " for " + seed[0] + " " + body);
        } else if (!streamed) {
          try {
            JSON.readTree(r.body());
          } catch (Exception e) {
            failures.add("not JSON for " + seed[0] + " " + body + ": " + r.body());
          }
        }
      }
      assertThat(failures).isEmpty();
      assertThat(llm.problems()).noneMatch(p -> p.startsWith("Mock failure"));
      HttpResponse<String> sane = Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4", "still there?"));
      assertThat(sane.statusCode()).isEqualTo(200);
      assertThat(llm.problems()).anyMatch(p -> p.startsWith("Rejected request"));
    }
  }

  @Test
  void hugeBodyIsServed() {
    try (MockLlm llm = MockLlm.start()) {
      llm.script().reply("read it all");
      String big = "x".repeat(2_000_000);
      HttpResponse<String> r = Http.post(llm.openAiBaseUrl() + "/chat/completions", Http.chat("gpt-4", big));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(llm.request(1).lastUserMessage().orElseThrow()).hasSize(2_000_000);
    }
  }

  private static String mutate(String seed, Random random) {
    StringBuilder s = new StringBuilder(seed);
    int kind = random.nextInt(5);
    switch (kind) {
      case 0 -> s.setLength(random.nextInt(s.length()));
      case 1 -> s.setCharAt(random.nextInt(s.length()), (char) (32 + random.nextInt(95)));
      case 2 -> {
        // replace a value after a random colon
        int colon = s.indexOf(":", random.nextInt(s.length()));
        if (colon > 0) {
          int end = colon + 1;
          while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
            end++;
          }
          s.replace(colon + 1, end, REPLACEMENTS[random.nextInt(REPLACEMENTS.length)]);
        }
      }
      case 3 -> s.insert(random.nextInt(s.length()), "[".repeat(random.nextInt(3000)));
      default -> {
        int from = random.nextInt(s.length());
        s.delete(from, Math.min(s.length(), from + random.nextInt(30)));
      }
    }
    return s.toString();
  }
}
