/**
 * How spans of each instrumentation are read into agent vocabulary: the built-in conventions
 * (OpenTelemetry GenAI current and old names, openai-java, Spring AI, Google ADK, AutoGen,
 * OpenInference, OpenLLMetry) and the {@link dev.spanproof.assertions.conventions.TraceConvention}
 * interface to add your own.
 */
package dev.spanproof.assertions.conventions;
