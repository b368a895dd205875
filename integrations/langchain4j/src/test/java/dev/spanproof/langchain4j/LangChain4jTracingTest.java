package dev.spanproof.langchain4j;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.assertions.AgentAssertions.assertThatThrownBy;
import static dev.spanproof.assertions.AgentAssertions.call;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import dev.spanproof.mockllm.ToolCall;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bridge, tested like any instrumentation: a real LangChain4j agent against the mock LLM. */
@AgentTest
class LangChain4jTracingTest {

  private final Calculator calculator = new Calculator();

  @Test
  void traces_a_tool_loop_as_agent_chat_tool_chat(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("add", "{\"a\":2,\"b\":3}").usage(10, 15)
        .thenReply("2 + 3 = 5").usage(12, 8);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);

    String answer = blockingAssistant(llm, tracing, "assistant").chat("What is 2 + 3?");

    assertThat(answer).isEqualTo("2 + 3 = 5");
    assertThat(calculator.calls).containsExactly("add(2,3)");
    AgentTrace trace = traces.single();
    assertThat(trace)
        .hasShape("""
            invoke_agent assistant
            ├── chat gpt-4o  tokens 10→15
            ├── execute_tool add  {"a":2,"b":3} → 5
            └── chat gpt-4o  tokens 12→8
            """)
        .hasNoErrors()
        .executedEveryRequestedToolCall()
        .isWellInstrumented()
        .toolCalls().containsExactly(call("add").withArguments("{\"a\":2,\"b\":3}").withResult("5"))
        // the tool definitions on the chat span carry the real parameter names (javac -parameters)
        .haveArgumentsValidAgainstSchemas();
    assertThat(trace).tokens().hasInput(22).hasOutput(23);
    assertThat(trace).llmCalls().hasSize(2).allHaveUsage();
    assertThat(trace).llmCalls().first().hasProvider("openai").hasModel("gpt-4o").hasFinishReason("tool_calls")
        .requestedToolCalls().containsExactly(call("add").withArguments("{\"a\":2,\"b\":3}"));
    assertThat(trace).llmCalls().last().hasFinishReason("stop");

    SpanData agent = span(traces, "invoke_agent assistant");
    SpanData firstChat = spans(traces, "chat gpt-4o").get(0);
    SpanData tool = span(traces, "execute_tool add");
    assertThat(agent.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(agent.getAttributes().get(AttributeKey.stringKey("gen_ai.agent.name"))).isEqualTo("assistant");
    assertThat(firstChat.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(firstChat.getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(tool.getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(firstChat.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id"))).isEqualTo("chatcmpl-1");
    assertThat(firstChat.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("gpt-4o");
    assertThat(firstChat.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("tool_calls");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id"))).isEqualTo("call_1");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.type"))).isEqualTo("function");
    // the tool span covers the tool's run: after the first chat ended, before the second started
    SpanData secondChat = spans(traces, "chat gpt-4o").get(1);
    assertThat(tool.getStartEpochNanos()).isGreaterThanOrEqualTo(firstChat.getEndEpochNanos());
    assertThat(tool.getEndEpochNanos()).isLessThanOrEqualTo(secondChat.getStartEpochNanos());
    assertThat(agent.getEndEpochNanos()).isGreaterThanOrEqualTo(secondChat.getEndEpochNanos());
    // and what the agent sent back to the model is the tool's result
    assertThat(llm.request(2).latestToolResults()).singleElement()
        .satisfies(m -> assertThat(m.content()).isEqualTo("5"))
        .satisfies(m -> assertThat(m.toolCallId()).isEqualTo("call_1"));
  }

  @Test
  void a_wrong_expectation_fails_with_both_trees(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("add", "{\"a\":2,\"b\":3}").usage(10, 15)
        .thenReply("2 + 3 = 5").usage(12, 8);

    blockingAssistant(llm, LangChain4jTracing.create(otel), "assistant").chat("What is 2 + 3?");

    AgentTrace trace = traces.single();
    assertThatThrownBy(() -> assertThat(trace).hasShape("""
            invoke_agent assistant
            ├── chat gpt-4o
            ├── execute_tool multiply
            └── chat gpt-4o
            """))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("execute_tool multiply")
        .hasMessageContaining("execute_tool add");
    assertThatThrownBy(() -> assertThat(trace).toolCalls()
            .containsExactly(call("add").withArguments("{\"a\":3,\"b\":2}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("{\"a\":2,\"b\":3}");
    assertThatThrownBy(() -> assertThat(trace).tokens().hasInput(10))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("22");
  }

  @Test
  void traces_a_streaming_tool_loop(MockLlm llm, AgentTraces traces, OpenTelemetry otel) throws Exception {
    llm.script()
        .replyWithToolCall("multiply", "{\"a\":6,\"b\":7}").usage(20, 5)
        .thenReply("6 × 7 = 42").usage(31, 9);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);
    StreamingChatModel model = MockModels.streaming(llm, tracing.chatModelListener());
    Assistant assistant = tracing.instrument(AiServices.builder(Assistant.class), "streamer")
        .streamingChatModel(model)
        .tools(calculator)
        .build();

    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    StringBuilder partials = new StringBuilder();
    assistant.stream("What is 6 times 7?")
        .onPartialResponse(partials::append)
        .onCompleteResponse(done::complete)
        .onError(done::completeExceptionally)
        .start();
    ChatResponse response = done.get(10, TimeUnit.SECONDS);

    assertThat(response.aiMessage().text()).isEqualTo("6 × 7 = 42");
    assertThat(partials.toString()).isEqualTo("6 × 7 = 42");
    assertThat(llm.requests()).allSatisfy(r -> assertThat(r.stream()).isTrue());
    AgentTrace trace = traces.single();
    assertThat(trace)
        .hasShape("""
            invoke_agent streamer
            ├── chat gpt-4o-mini  tokens 20→5
            ├── execute_tool multiply  {"a":6,"b":7} → 42
            └── chat gpt-4o-mini  tokens 31→9
            """)
        .hasNoErrors()
        .executedEveryRequestedToolCall()
        .toolCalls().containsExactly(call("multiply").withArguments("{\"a\":6,\"b\":7}").withResult("42"));
    // per-call usage from the stream's usage chunks, not LangChain4j's sum over the loop
    assertThat(trace).tokens().hasInput(51).hasOutput(14);
    assertThat(trace).llmCalls().first().hasFinishReason("tool_calls");
  }

  @Test
  void parallel_tool_calls_are_sibling_tool_spans(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCalls(ToolCall.of("add", "{\"a\":1,\"b\":2}"), ToolCall.of("multiply", "{\"a\":3,\"b\":4}"))
        .usage(30, 20)
        .thenReply("3 and 12").usage(50, 4);

    String answer = blockingAssistant(llm, LangChain4jTracing.create(otel), "assistant")
        .chat("Add 1 and 2, multiply 3 and 4");

    assertThat(answer).isEqualTo("3 and 12");
    assertThat(traces.single())
        .hasShape("""
            invoke_agent assistant
            ├── chat gpt-4o
            ├── (any order)
            │   ├── execute_tool add  {"a":1,"b":2} → 3
            │   └── execute_tool multiply  {"a":3,"b":4} → 12
            └── chat gpt-4o
            """)
        .toolCalls().containsExactlyInAnyOrder(
            call("add").withArguments("{\"a\":1,\"b\":2}").withResult("3"),
            call("multiply").withArguments("{\"a\":3,\"b\":4}").withResult("12"));
    assertThat(span(traces, "execute_tool add").getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id")))
        .isEqualTo("call_1");
    assertThat(span(traces, "execute_tool multiply").getAttributes()
        .get(AttributeKey.stringKey("gen_ai.tool.call.id"))).isEqualTo("call_2");
  }

  @Test
  void a_failing_tool_is_an_error_span_and_the_model_sees_the_error(
      MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("divide", "{\"a\":1,\"b\":0}").usage(10, 10)
        .thenReply("You cannot divide by zero.").usage(20, 6);

    String answer = blockingAssistant(llm, LangChain4jTracing.create(otel), "assistant").chat("What is 1 / 0?");

    assertThat(answer).isEqualTo("You cannot divide by zero.");
    assertThat(traces.single())
        .hasShape("""
            invoke_agent assistant
            ├── chat gpt-4o
            ├── execute_tool divide  error: _OTHER
            └── chat gpt-4o
            """)
        .toolCalls().containsExactly(call("divide").withArguments("{\"a\":1,\"b\":0}").failedWith("_OTHER"));
    assertThat(span(traces, "execute_tool divide").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span(traces, "invoke_agent assistant").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(llm.request(2).latestToolResults()).singleElement()
        .satisfies(m -> assertThat(m.content()).isEqualTo("division by zero"));
  }

  @Test
  void a_failed_model_call_fails_the_chat_and_agent_spans(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script().failWithStatus(500, "the model is down");
    Assistant assistant = blockingAssistant(llm, LangChain4jTracing.create(otel), "assistant");

    assertThatThrownBy(() -> assistant.chat("What is 2 + 3?"))
        .isInstanceOf(dev.langchain4j.exception.InternalServerException.class);

    assertThat(traces.single())
        .hasShape("""
            invoke_agent assistant  error: dev.langchain4j.exception.InternalServerException
            └── chat gpt-4o  error: dev.langchain4j.exception.InternalServerException
            """)
        .llmCalls().hasSize(1);
    SpanData chat = span(traces, "chat gpt-4o");
    assertThat(chat.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(chat.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
    assertThat(span(traces, "invoke_agent assistant").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void a_retried_model_call_is_one_chat_span(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .failWithStatus(500, "the model is down")
        .thenReply("2 + 3 = 5").usage(12, 8);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);
    ChatModel retrying = OpenAiChatModel.builder()
        .baseUrl(llm.openAiBaseUrl()).apiKey("not-a-key").modelName("gpt-4o").maxRetries(1)
        .listeners(List.of(tracing.chatModelListener()))
        .build();
    Assistant assistant = tracing.instrument(AiServices.builder(Assistant.class), "assistant")
        .chatModel(retrying).build();

    assertThat(assistant.chat("What is 2 + 3?")).isEqualTo("2 + 3 = 5");

    assertThat(llm.requests()).hasSize(2);
    assertThat(traces.single())
        .hasShape("""
            invoke_agent assistant
            └── chat gpt-4o  tokens 12→8
            """)
        .hasNoErrors();
  }

  @Test
  void an_agent_called_from_a_tool_nests_under_that_tool(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("askExpert", "{\"question\":\"What is 2 + 3?\"}").usage(10, 10)
        .thenReplyWithToolCall("add", "{\"a\":2,\"b\":3}").usage(11, 11)
        .thenReply("5").usage(12, 12)
        .thenReply("The expert says 5.").usage(13, 13);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);
    Assistant expert = blockingAssistant(llm, tracing, "expert");
    Expert expertTool = new Expert(expert);
    ChatModel coordinatorModel = MockModels.chat(llm, tracing.chatModelListener());
    Assistant coordinator = tracing.instrument(AiServices.builder(Assistant.class), "coordinator")
        .chatModel(coordinatorModel)
        .tools(expertTool)
        .build();

    String answer = coordinator.chat("Ask the expert what 2 + 3 is");

    assertThat(answer).isEqualTo("The expert says 5.");
    assertThat(traces.single())
        .hasShape("""
            invoke_agent coordinator
            ├── chat gpt-4o  tokens 10→10
            ├── execute_tool askExpert  {"question":"What is 2 + 3?"} → 5
            │   └── invoke_agent expert
            │       ├── chat gpt-4o  tokens 11→11
            │       ├── execute_tool add  {"a":2,"b":3} → 5
            │       └── chat gpt-4o  tokens 12→12
            └── chat gpt-4o  tokens 13→13
            """)
        .agent("expert").toolCalls().containsExactly(call("add").withResult("5"));
    assertThat(traces.single()).agent("expert").tokens().hasInput(23).hasOutput(23);
    assertThat(traces.single()).tokens().hasInput(46).hasOutput(46);
  }

  @Test
  void listeners_alone_still_give_agent_chat_and_tool_spans(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("add", "{\"a\":2,\"b\":3}").usage(10, 15)
        .thenReply("2 + 3 = 5").usage(12, 8);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);
    ChatModel plainModel = MockModels.chat(llm);
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(plainModel)
        .tools(calculator)
        .registerListeners(tracing.aiServiceListeners())
        .build();

    assistant.chat("What is 2 + 3?");

    assertThat(traces.single())
        .hasShape("""
            invoke_agent Assistant
            ├── chat gpt-4o  tokens 10→15
            ├── execute_tool add  {"a":2,"b":3} → 5
            └── chat gpt-4o  tokens 12→8
            """)
        .llmCalls().first().hasProvider("openai");
  }

  @Test
  void without_the_chat_model_listener_chat_spans_are_named_after_the_model_the_service_calls(
      MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("add", "{\"a\":2,\"b\":3}").usage(10, 15)
        .thenReply("2 + 3 = 5").usage(12, 8);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);
    ChatModel plainModel = OpenAiChatModel.builder()
        .baseUrl(llm.openAiBaseUrl()).apiKey("not-a-key").modelName("gpt-4o").temperature(0.25).maxRetries(0)
        .build();
    Assistant assistant = tracing.instrument(AiServices.builder(Assistant.class), "assistant")
        .chatModel(plainModel).tools(calculator).build();

    assistant.chat("What is 2 + 3?");

    // the AI service's request names no model: the model's own defaults, which it sends, do
    List<SpanData> chats = traces.single().spans().stream()
        .filter(s -> "chat".equals(s.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))))
        .toList();
    assertThat(chats).hasSize(2).allSatisfy(chat -> {
      assertThat(chat.getName()).isEqualTo("chat gpt-4o");
      assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o");
      assertThat(chat.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.25);
      assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("gpt-4o");
    });
  }

  @Test
  void without_the_chat_model_listener_a_streaming_chat_span_is_named_after_the_model_that_answered(
      MockLlm llm, AgentTraces traces, OpenTelemetry otel) throws Exception {
    llm.script().reply("Hello.").usage(5, 2);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);
    StreamingChatModel plainModel = MockModels.streaming(llm);
    Assistant assistant = tracing.instrument(AiServices.builder(Assistant.class), "streamer")
        .streamingChatModel(plainModel).build();

    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    assistant.stream("Say hello").onPartialResponse(ignored -> {})
        .onCompleteResponse(done::complete).onError(done::completeExceptionally).start();
    done.get(10, TimeUnit.SECONDS);

    // the request model isn't known for a streaming call (the defaults LangChain4j hands may be
    // another model's): the span is named after the answering model, and claims no request model
    SpanData chat = span(traces, "chat gpt-4o-mini");
    assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isNull();
    assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model")))
        .isEqualTo("gpt-4o-mini");
  }

  @Test
  void a_chat_request_that_names_no_model_gets_a_span_named_after_the_model_that_answered(
      AgentTraces traces, OpenTelemetry otel) {
    // a provider whose requests name a deployment rather than a model, seen by the listener alone
    dev.langchain4j.model.chat.listener.ChatModelListener listener =
        LangChain4jTracing.create(otel).chatModelListener();
    dev.langchain4j.model.chat.request.ChatRequest request = dev.langchain4j.model.chat.request.ChatRequest.builder()
        .messages(dev.langchain4j.data.message.UserMessage.from("Say hello")).build();
    ChatResponse response = ChatResponse.builder()
        .aiMessage(dev.langchain4j.data.message.AiMessage.from("Hello.")).modelName("gpt-4o-2024-08-06").build();
    java.util.Map<Object, Object> attributes = new java.util.concurrent.ConcurrentHashMap<>();

    listener.onRequest(new dev.langchain4j.model.chat.listener.ChatModelRequestContext(
        request, dev.langchain4j.model.ModelProvider.AZURE_OPEN_AI, attributes));
    listener.onResponse(new dev.langchain4j.model.chat.listener.ChatModelResponseContext(
        response, request, dev.langchain4j.model.ModelProvider.AZURE_OPEN_AI, attributes));

    SpanData chat = span(traces, "chat gpt-4o-2024-08-06");
    assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isNull();
    assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("gpt-4o-2024-08-06");
  }

  @Test
  void concurrent_calls_with_the_same_prompt_get_their_own_traces(
      MockLlm llm, AgentTraces traces, OpenTelemetry otel) throws Exception {
    llm.script().when(dev.spanproof.mockllm.RequestMatcher.endsWithToolResult())
        .reply("2 + 3 = 5").usage(12, 8).times(2);
    llm.script().when(dev.spanproof.mockllm.RequestMatcher.lastUserMessageIs("What is 2 + 3?"))
        .replyWithToolCall("add", "{\"a\":2,\"b\":3}").usage(10, 15).times(2);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);
    ChatModel shared = MockModels.chat(llm, tracing.chatModelListener());
    Assistant first = tracing.instrument(AiServices.builder(Assistant.class), "first")
        .chatModel(shared).tools(calculator).build();
    Assistant second = tracing.instrument(AiServices.builder(Assistant.class), "second")
        .chatModel(shared).tools(calculator).build();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    // the test's context goes along to the worker threads, as any app must do for its own traces
    java.util.concurrent.ExecutorService traced = io.opentelemetry.context.Context.taskWrapping(pool);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.Future<String> a = traced.submit(() -> {
        start.await();
        return first.chat("What is 2 + 3?");
      });
      java.util.concurrent.Future<String> b = traced.submit(() -> {
        start.await();
        return second.chat("What is 2 + 3?");
      });
      start.countDown();
      assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("2 + 3 = 5");
      assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("2 + 3 = 5");
    } finally {
      pool.shutdownNow();
    }

    List<AgentTrace> all = traces.all();
    assertThat(all).hasSize(2);
    for (String agent : List.of("first", "second")) {
      AgentTrace trace = all.stream().filter(t -> t.agent(agent).isPresent()).findFirst().orElseThrow();
      assertThat(trace)
          .hasShape("""
              invoke_agent %s
              ├── chat gpt-4o  tokens 10→15
              ├── execute_tool add  {"a":2,"b":3} → 5
              └── chat gpt-4o  tokens 12→8
              """.formatted(agent))
          .isWellInstrumented();
    }
  }

  @Test
  void spans_nest_under_the_callers_current_span(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .reply("Hello.").usage(5, 2)
        .thenReply("2 + 3 = 5").usage(12, 8);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);
    ChatModel model = MockModels.chat(llm, tracing.chatModelListener());
    Assistant assistant = tracing.instrument(AiServices.builder(Assistant.class), "assistant").chatModel(model).build();

    io.opentelemetry.api.trace.Span request = otel.getTracer("app").spanBuilder("handle_request").startSpan();
    try (io.opentelemetry.context.Scope ignored = request.makeCurrent()) {
      model.chat("Say hello");                 // a chat model used directly, outside any AI service
      assistant.chat("What is 2 + 3?");
    } finally {
      request.end();
    }

    assertThat(traces.single()).hasShape("""
        handle_request
        ├── chat gpt-4o  tokens 5→2
        └── invoke_agent assistant
            └── chat gpt-4o  tokens 12→8
        """);
  }

  @Test
  void content_capture_can_be_turned_off(MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("add", "{\"a\":2,\"b\":3}").usage(10, 15)
        .thenReply("2 + 3 = 5").usage(12, 8);

    blockingAssistant(llm, LangChain4jTracing.builder(otel).captureContent(false).build(), "assistant")
        .chat("What is 2 + 3?");

    assertThat(traces.single()).hasShape("""
        invoke_agent assistant
        ├── chat gpt-4o  tokens 10→15
        ├── execute_tool add
        └── chat gpt-4o  tokens 12→8
        """);
    for (SpanData span : traces.spans()) {
      assertThat(span.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
          .doesNotContain("gen_ai.tool.call.arguments", "gen_ai.tool.call.result", "gen_ai.output.messages",
              "gen_ai.tool.definitions");
    }
    assertThat(span(traces, "execute_tool add").getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id")))
        .isEqualTo("call_1");
  }

  // ---------------------------------------------------------------- helpers

  /** The tool of the coordinator: asks another AI service. */
  public static class Expert {
    private final Assistant expert;

    Expert(Assistant expert) {
      this.expert = expert;
    }

    /**
     * Asks the expert.
     *
     * @param question the question
     * @return the expert's answer
     */
    @dev.langchain4j.agent.tool.Tool("Asks the arithmetic expert a question")
    public String askExpert(String question) {
      return expert.chat(question);
    }
  }

  private Assistant blockingAssistant(MockLlm llm, LangChain4jTracing tracing, String agentName) {
    return tracing.instrument(AiServices.builder(Assistant.class), agentName)
        .chatModel(MockModels.chat(llm, tracing.chatModelListener()))
        .tools(calculator)
        .build();
  }

  private static SpanData span(AgentTraces traces, String name) {
    List<SpanData> found = spans(traces, name);
    assertThat(found).as("spans named %s", name).hasSize(1);
    return found.get(0);
  }

  private static List<SpanData> spans(AgentTraces traces, String name) {
    return traces.single().spans().stream()
        .filter(s -> s.getName().equals(name))
        .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
        .toList();
  }
}
