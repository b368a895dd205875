package dev.spanproof.langchain4j;

import static dev.spanproof.assertions.AgentAssertions.assertThat;
import static dev.spanproof.mockllm.RequestMatcher.lastUserMessageIs;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import dev.spanproof.assertions.AgentTrace;
import dev.spanproof.junit.AgentTest;
import dev.spanproof.junit.AgentTraces;
import dev.spanproof.mockllm.MockLlm;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which span an agent span goes under: the call that really encloses it, never a call that merely
 * started on the same thread and still runs.
 */
@AgentTest
class ParentsTest {

  private final Calculator calculator = new Calculator();

  @Test
  void two_streams_started_from_one_thread_get_their_own_traces(
      MockLlm llm, AgentTraces traces, OpenTelemetry otel) throws Exception {
    // alpha's answer comes late: its stream still runs when beta's starts
    llm.script().when(lastUserMessageIs("q1")).reply("first").usage(3, 1).delay(Duration.ofSeconds(1));
    llm.script().when(lastUserMessageIs("q2")).reply("second").usage(4, 1);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);
    Assistant alpha = streamingAssistant(llm, tracing, "alpha");
    Assistant beta = streamingAssistant(llm, tracing, "beta");

    CompletableFuture<ChatResponse> alphaDone = start(alpha.stream("q1"));
    CompletableFuture<ChatResponse> betaDone = start(beta.stream("q2"));

    assertThat(betaDone.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("second");
    assertThat(alphaDone.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("first");
    assertThat(trace(traces, "alpha")).hasShape("""
        invoke_agent alpha
        └── chat gpt-4o-mini  tokens 3→1
        """);
    assertThat(trace(traces, "beta")).hasShape("""
        invoke_agent beta
        └── chat gpt-4o-mini  tokens 4→1
        """);
  }

  @Test
  void a_blocking_call_while_this_threads_stream_runs_gets_its_own_trace(
      MockLlm llm, AgentTraces traces, OpenTelemetry otel) throws Exception {
    llm.script().when(lastUserMessageIs("q1")).reply("streamed").usage(3, 1).delay(Duration.ofSeconds(1));
    llm.script().when(lastUserMessageIs("q2")).reply("blocked").usage(4, 1);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);
    Assistant streamer = streamingAssistant(llm, tracing, "streamer");
    Assistant blocker = tracing.instrument(AiServices.builder(Assistant.class), "blocker")
        .chatModel(MockModels.chat(llm, tracing.chatModelListener())).build();

    CompletableFuture<ChatResponse> streamed = start(streamer.stream("q1"));
    assertThat(blocker.chat("q2")).isEqualTo("blocked");

    assertThat(streamed.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("streamed");
    assertThat(trace(traces, "blocker")).hasShape("""
        invoke_agent blocker
        └── chat gpt-4o  tokens 4→1
        """);
    assertThat(trace(traces, "streamer")).hasShape("""
        invoke_agent streamer
        └── chat gpt-4o-mini  tokens 3→1
        """);
  }

  @Test
  void an_agent_called_from_a_tool_of_a_streaming_agent_nests_under_that_tool(
      MockLlm llm, AgentTraces traces, OpenTelemetry otel) throws Exception {
    llm.script()
        .replyWithToolCall("askExpert", "{\"question\":\"What is 2 + 3?\"}").usage(10, 10)
        .thenReply("5").usage(11, 11)
        .thenReply("The expert says 5.").usage(12, 12);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);
    Assistant expert = tracing.instrument(AiServices.builder(Assistant.class), "expert")
        .chatModel(MockModels.chat(llm, tracing.chatModelListener())).build();
    Assistant coordinator = tracing.instrument(AiServices.builder(Assistant.class), "coordinator")
        .streamingChatModel(MockModels.streaming(llm, tracing.chatModelListener()))
        .tools(new LangChain4jTracingTest.Expert(expert))
        .build();

    ChatResponse response = start(coordinator.stream("Ask the expert what 2 + 3 is")).get(10, TimeUnit.SECONDS);

    assertThat(response.aiMessage().text()).isEqualTo("The expert says 5.");
    assertThat(traces.single()).hasShape("""
        invoke_agent coordinator
        ├── chat gpt-4o-mini  tokens 10→10
        ├── execute_tool askExpert  {"question":"What is 2 + 3?"} → 5
        │   └── invoke_agent expert
        │       └── chat gpt-4o  tokens 11→11
        └── chat gpt-4o-mini  tokens 12→12
        """);
  }

  @Test
  void with_listeners_only_an_agent_called_from_a_tool_nests_under_the_calling_agent(
      MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("askExpert", "{\"question\":\"What is 2 + 3?\"}").usage(10, 10)
        .thenReply("5").usage(11, 11)
        .thenReply("The expert says 5.").usage(12, 12);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);
    Assistant expert = AiServices.builder(Assistant.class).chatModel(MockModels.chat(llm, tracing.chatModelListener()))
        .registerListeners(tracing.aiServiceListeners("expert")).build();
    Assistant coordinator = AiServices.builder(Assistant.class).chatModel(MockModels.chat(llm, tracing.chatModelListener()))
        .tools(new LangChain4jTracingTest.Expert(expert))
        .registerListeners(tracing.aiServiceListeners("coordinator")).build();

    assertThat(coordinator.chat("Ask the expert what 2 + 3 is")).isEqualTo("The expert says 5.");

    // without the tool hooks no tool span is open while the tool runs: the blocking call encloses it
    assertThat(traces.single()).hasShape("""
        invoke_agent coordinator
        ├── chat gpt-4o  tokens 10→10
        ├── invoke_agent expert
        │   └── chat gpt-4o  tokens 11→11
        ├── execute_tool askExpert  {"question":"What is 2 + 3?"} → 5
        └── chat gpt-4o  tokens 12→12
        """);
  }

  @Test
  void a_span_made_current_inside_a_tool_is_the_parent_of_the_agent_called_there(
      MockLlm llm, AgentTraces traces, OpenTelemetry otel) {
    llm.script()
        .replyWithToolCall("askExpert", "{\"question\":\"What is 2 + 3?\"}").usage(10, 10)
        .thenReply("5").usage(11, 11)
        .thenReply("The expert says 5.").usage(12, 12);
    LangChain4jTracing tracing = LangChain4jTracing.create(otel);
    Assistant expert = tracing.instrument(AiServices.builder(Assistant.class), "expert")
        .chatModel(MockModels.chat(llm, tracing.chatModelListener())).build();
    Assistant coordinator = tracing.instrument(AiServices.builder(Assistant.class), "coordinator")
        .chatModel(MockModels.chat(llm, tracing.chatModelListener()))
        .tools(new ConsultingExpert(expert, otel))
        .build();

    assertThat(coordinator.chat("Ask the expert what 2 + 3 is")).isEqualTo("The expert says 5.");

    // the tool's own span has no tool span to nest under (the bridge makes none current), but the
    // agent called inside it goes where OpenTelemetry's context says: under that span
    List<AgentTrace> all = traces.all();
    assertThat(all).hasSize(2);
    assertThat(trace(traces, "coordinator")).hasShape("""
        invoke_agent coordinator
        ├── chat gpt-4o  tokens 10→10
        ├── execute_tool askExpert  {"question":"What is 2 + 3?"} → 5
        └── chat gpt-4o  tokens 12→12
        """);
    assertThat(trace(traces, "expert")).hasShape("""
        consult_expert
        └── invoke_agent expert
            └── chat gpt-4o  tokens 11→11
        """);
  }

  // ---------------------------------------------------------------- helpers

  /** A tool that wraps its call of another AI service in a span of its own. */
  public static class ConsultingExpert {
    private final Assistant expert;
    private final OpenTelemetry otel;

    ConsultingExpert(Assistant expert, OpenTelemetry otel) {
      this.expert = expert;
      this.otel = otel;
    }

    /**
     * Asks the expert, in a span of its own.
     *
     * @param question the question
     * @return the expert's answer
     */
    @Tool("Asks the arithmetic expert a question")
    public String askExpert(String question) {
      Span span = otel.getTracer("app").spanBuilder("consult_expert").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        return expert.chat(question);
      } finally {
        span.end();
      }
    }
  }

  private static CompletableFuture<ChatResponse> start(TokenStream stream) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    stream.onPartialResponse(ignored -> {})
        .onCompleteResponse(done::complete)
        .onError(done::completeExceptionally)
        .start();
    return done;
  }

  private static AgentTrace trace(AgentTraces traces, String agent) {
    List<AgentTrace> found = traces.all().stream().filter(t -> t.agent(agent).isPresent()).toList();
    assertThat(found).as("traces with agent %s among%n%s", agent, traces.all()).hasSize(1);
    return found.get(0);
  }

  private Assistant streamingAssistant(MockLlm llm, LangChain4jTracing tracing, String agentName) {
    return tracing.instrument(AiServices.builder(Assistant.class), agentName)
        .streamingChatModel(MockModels.streaming(llm, tracing.chatModelListener()))
        .tools(calculator)
        .build();
  }
}
