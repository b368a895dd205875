/**
 * The spanproof mock LLM: a WireMock-served LLM that answers a provider-neutral script in the protocol each
 * request uses (OpenAI Chat Completions and Responses, Anthropic Messages, Gemini, Ollama), with a typed
 * request journal, diagnostics and AssertJ assertions.
 *
 * <p>Start with {@link dev.spanproof.mockllm.MockLlm#start()} (one standalone mock) or
 * {@link dev.spanproof.mockllm.MockLlmServer#start()} plus {@link dev.spanproof.mockllm.MockLlmServer#newSession(String)}
 * (isolated sessions on one server). No shaded WireMock type appears in this package's API.
 */
package dev.spanproof.mockllm;
