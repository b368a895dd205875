/**
 * OpenTelemetry GenAI spans for LangChain4j: {@link dev.spanproof.langchain4j.LangChain4jTracing}
 * turns LangChain4j's chat model listener and AI-service listeners into {@code invoke_agent},
 * {@code chat} and {@code execute_tool} spans.
 */
package dev.spanproof.langchain4j;
