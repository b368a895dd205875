/**
 * Implementation of the OTLP receiver: HTTP handling, decoding and conversion to {@code SpanData}.
 * Not for public use: everything here may change without notice.
 */
package dev.spanproof.otlp.internal;
