/**
 * An OTLP/HTTP trace receiver for spanproof: agents running in other processes or languages
 * (Python, Node, another JVM) export their spans to it over OTLP, and the spans arrive as
 * {@link io.opentelemetry.sdk.trace.data.SpanData}, ready for the same assertions as in-process
 * spans. Start one with {@link dev.spanproof.otlp.OtlpReceiver#start()}.
 */
package dev.spanproof.otlp;
