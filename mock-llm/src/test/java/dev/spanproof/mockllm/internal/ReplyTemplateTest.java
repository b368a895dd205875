package dev.spanproof.mockllm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.mockllm.LlmRequest;
import dev.spanproof.mockllm.MockLlm;
import dev.spanproof.mockllm.MockLlmServer;
import dev.spanproof.mockllm.Protocol;
import dev.spanproof.mockllm.Reply;
import dev.spanproof.mockllm.ToolCall;
import dev.spanproof.mockllm.Usage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** A templated reply is byte for byte what the codec renders, whatever the response number and time. */
class ReplyTemplateTest {

  static Stream<Arguments> templatable() {
    Reply text = new Reply.Text("2+2 equals 4");
    Reply calls = new Reply.ToolCalls("Let me add.", List.of(new ToolCall("call_x", "calculate", "{\"a\":2,\"b\":2}"),
        new ToolCall("call_y", "lookup", "{\"q\":\"chatcmpl-1234567891 at 9876543211\"}")));
    // The sentinels the template is built with, inside the reply: it must not be mistaken for an id or a time.
    Reply sentinel = new Reply.Text("ids 1234567891 and 1987654327, times 9876543211 and 8765432109");
    return Stream.of(new OpenAiChatCodec(), new AnthropicCodec(), new GeminiCodec(), new OllamaCodec())
        .flatMap(codec -> Stream.of(text, calls, sentinel).map(reply -> Arguments.of(codec, reply)));
  }

  @ParameterizedTest
  @MethodSource("templatable")
  void renders_what_the_codec_renders(Codec codec, Reply reply) {
    Step step = repeating(reply);
    LlmRequest request = request(codec.protocol(), "gpt-4");
    for (int number : new int[] {1, 7, 10, 123_456, Integer.MAX_VALUE}) {
      RenderContext ctx = new RenderContext(request, Json.object(), reply, step.usage(), number, 1_700_000_000L + number);
      Rendered templated = ReplyTemplate.render(codec, step, reply, ctx);
      assertThat(templated).isEqualTo(codec.render(ctx));
    }
    assertThat(step.templates()).hasSize(1);
  }

  @Test
  void keeps_one_template_per_model_and_usage() {
    Codec codec = new OpenAiChatCodec();
    Reply reply = new Reply.Text("hi");
    Step step = repeating(reply);
    for (String model : new String[] {"gpt-4", "gpt-4o", "gpt-4"}) {
      RenderContext ctx = new RenderContext(request(codec.protocol(), model), Json.object(), reply, step.usage(), 3, 5L);
      assertThat(ReplyTemplate.render(codec, step, reply, ctx)).isEqualTo(codec.render(ctx));
    }
    step.usage(new Usage(1, 2));
    RenderContext ctx = new RenderContext(request(codec.protocol(), "gpt-4"), Json.object(), reply, step.usage(), 4, 6L);
    assertThat(ReplyTemplate.render(codec, step, reply, ctx)).isEqualTo(codec.render(ctx));
    assertThat(step.templates()).hasSize(3);
  }

  @Test
  void renders_directly_what_it_must_not_template() {
    Codec chat = new OpenAiChatCodec();
    Reply reply = new Reply.Text("hi");
    Step once = new Step(1, reply, null, false);
    once.usage(new Usage(3, 4));
    Step counted = repeating(reply);
    counted.usage(null);
    LlmRequest streamed = new LlmRequest(0, Protocol.OPENAI_CHAT, "POST", "/v1/chat/completions", "gpt-4", null,
        List.of(), List.of(), true, Map.of(), 0, "{}");
    Step repeating = repeating(reply);
    for (Step step : List.of(once, counted)) {
      ReplyTemplate.render(chat, step, reply, new RenderContext(request(chat.protocol(), "gpt-4"), Json.object(), reply,
          new Usage(3, 4), 1, 1L));
      assertThat(step.templates()).isEmpty();
    }
    ReplyTemplate.render(chat, repeating, reply, new RenderContext(streamed, Json.object(), reply, repeating.usage(), 1, 1L));
    Codec responses = new OpenAiResponsesCodec();
    ReplyTemplate.render(responses, repeating, reply, new RenderContext(request(responses.protocol(), "gpt-4"),
        Json.object(), reply, repeating.usage(), 1, 1L));
    assertThat(repeating.templates()).isEmpty();
    // Generated tool-call ids differ per request: the copy with ids is rendered, not templated.
    Reply unnamed = new Reply.ToolCalls(null, List.of(ToolCall.of("calculate", "{}")));
    Reply withIds = new Reply.ToolCalls(null, List.of(ToolCall.of("calculate", "{}").withId("call_1")));
    Step generated = repeating(unnamed);
    RenderContext ctx = new RenderContext(request(chat.protocol(), "gpt-4"), Json.object(), withIds, generated.usage(), 1, 1L);
    assertThat(ReplyTemplate.render(chat, generated, withIds, ctx)).isEqualTo(chat.render(ctx));
    assertThat(generated.templates()).isEmpty();
  }

  @Test
  void a_repeating_step_numbers_each_response() throws Exception {
    try (MockLlmServer server = MockLlmServer.start()) {
      MockLlm llm = server.newSession("template");
      llm.script().reply("2+2 equals 4").usage(12, 8).always();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest post = HttpRequest.newBuilder(URI.create(llm.openAiBaseUrl() + "/chat/completions"))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}]}"))
          .build();
      for (int i = 1; i <= 3; i++) {
        String body = client.send(post, HttpResponse.BodyHandlers.ofString()).body();
        assertThat(Json.parse(body).get("id").asText()).isEqualTo("chatcmpl-" + i);
        assertThat(Json.parse(body).at("/choices/0/message/content").asText()).isEqualTo("2+2 equals 4");
        assertThat(Json.parse(body).at("/usage/total_tokens").asInt()).isEqualTo(20);
      }
      assertThat(llm.requests()).hasSize(3);
      assertThat(llm.problems()).isEmpty();
    }
  }

  private static Step repeating(Reply reply) {
    Step step = new Step(1, reply, null, false);
    step.times(Step.UNLIMITED);
    step.usage(new Usage(12, 8));
    return step;
  }

  private static LlmRequest request(Protocol protocol, String model) {
    return new LlmRequest(0, protocol, "POST", "/x", model, null, List.of(), List.of(), false, Map.of(), 0, "{}");
  }
}
