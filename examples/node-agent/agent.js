// A small tool-using agent in Node.js, tested from Java by NodeAgentTest
// (examples/src/test/java/dev/spanproof/examples/nodeagent/).
//
// It is the calculator agent again, in another process and language: the official `openai`
// package asks the model, the agent runs the `calculate` tool when the model asks for it, and the
// OpenTelemetry JS SDK exports the agent's spans over OTLP/HTTP (protobuf):
//
//   invoke_agent assistant
//   ├── chat gpt-4o-mini
//   ├── execute_tool calculate
//   └── chat gpt-4o-mini
//
// Configuration is the standard environment, so a test (or CI) points it anywhere:
//   OPENAI_BASE_URL                      the model endpoint, e.g. the mock LLM's openAiBaseUrl()
//   OPENAI_API_KEY                       any value for the mock
//   OTEL_EXPORTER_OTLP_TRACES_ENDPOINT   where spans go, e.g. the test's otlpTracesEndpoint()
//
// Usage: node agent.js "What is 2+2?"   (prints the answer; exit code 1 on failure)
'use strict';

const OpenAI = require('openai');
const { trace, context, SpanKind, SpanStatusCode } = require('@opentelemetry/api');
const { BasicTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { resourceFromAttributes } = require('@opentelemetry/resources');

const AGENT = 'assistant';
const MODEL = 'gpt-4o-mini';
const MAX_TURNS = 8;

const TOOLS = [{
  type: 'function',
  function: {
    name: 'calculate',
    description: 'Adds the numbers a and b.',
    parameters: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    },
  },
}];

function calculate(args) {
  if (typeof args.a !== 'number' || typeof args.b !== 'number') {
    throw new TypeError(`expected numbers a and b, got ${JSON.stringify(args)}`);
  }
  return String(args.a + args.b);
}

// One chat completion inside a GenAI-convention `chat {model}` span. The parent is passed
// explicitly: the agent registers no async context manager, and needs none.
async function chat(client, tracer, parent, messages) {
  const span = tracer.startSpan(`chat ${MODEL}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': MODEL,
    },
  }, parent);
  try {
    const completion = await client.chat.completions.create({ model: MODEL, messages, tools: TOOLS });
    const choice = completion.choices[0];
    span.setAttributes({
      'gen_ai.response.id': completion.id,
      'gen_ai.response.model': completion.model,
      'gen_ai.response.finish_reasons': [choice.finish_reason],
      'gen_ai.usage.input_tokens': completion.usage?.prompt_tokens ?? 0,
      'gen_ai.usage.output_tokens': completion.usage?.completion_tokens ?? 0,
      // The tool calls the model asked for, so a test can compare them with what the agent ran.
      'gen_ai.output.messages': JSON.stringify([{
        role: 'assistant',
        parts: (choice.message.tool_calls ?? []).map((call) => ({
          type: 'tool_call', id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments),
        })),
        finish_reason: choice.finish_reason,
      }]),
    });
    return choice.message;
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.setAttribute('error.type', error.constructor.name);
    throw error;
  } finally {
    span.end();
  }
}

function executeTool(tracer, parent, call) {
  const span = tracer.startSpan(`execute_tool ${call.function.name}`, {
    kind: SpanKind.INTERNAL,
    attributes: {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': call.function.name,
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.call.id': call.id,
      'gen_ai.tool.call.arguments': call.function.arguments,
    },
  }, parent);
  try {
    if (call.function.name !== 'calculate') {
      throw new Error(`unknown tool ${call.function.name}`);
    }
    const result = calculate(JSON.parse(call.function.arguments));
    span.setAttribute('gen_ai.tool.call.result', result);
    return result;
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.setAttribute('error.type', error.constructor.name);
    return `error: ${error.message}`;
  } finally {
    span.end();
  }
}

async function runAgent(client, tracer, question) {
  const span = tracer.startSpan(`invoke_agent ${AGENT}`, {
    kind: SpanKind.INTERNAL,
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.provider.name': 'openai',
      'gen_ai.agent.name': AGENT,
      'gen_ai.request.model': MODEL,
    },
  });
  const inAgent = trace.setSpan(context.active(), span);
  try {
    const messages = [
      { role: 'system', content: 'You are a helpful assistant. Use the calculate tool for arithmetic.' },
      { role: 'user', content: question },
    ];
    for (let turn = 0; turn < MAX_TURNS; turn++) {
      const message = await chat(client, tracer, inAgent, messages);
      if (!message.tool_calls || message.tool_calls.length === 0) {
        return message.content ?? '';
      }
      messages.push(message);
      for (const call of message.tool_calls) {
        messages.push({ role: 'tool', tool_call_id: call.id, content: executeTool(tracer, inAgent, call) });
      }
    }
    throw new Error(`the model kept calling tools for ${MAX_TURNS} turns`);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.setAttribute('error.type', error.constructor.name);
    throw error;
  } finally {
    span.end();
  }
}

async function main() {
  const question = process.argv[2];
  if (!question) {
    console.error('usage: node agent.js "<question>"');
    process.exit(2);
  }
  // The exporter reads OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (or OTEL_EXPORTER_OTLP_ENDPOINT) itself.
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME || 'node-agent' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter())],
  });
  const tracer = provider.getTracer('spanproof-node-agent-example');
  // The client reads OPENAI_BASE_URL itself; retries off so a scripted failure shows at once.
  const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY || 'no-key-needed-for-the-mock', maxRetries: 0 });
  let exitCode = 0;
  try {
    console.log(await runAgent(client, tracer, question));
  } catch (error) {
    console.error(`agent failed: ${error.stack || error}`);
    exitCode = 1;
  } finally {
    // Export every span before the process ends: the Java test reads them once we exit.
    await provider.shutdown();
  }
  process.exitCode = exitCode;
}

main();
