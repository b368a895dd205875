/**
 * Internals of the mock LLM: the WireMock router, per-session state, and one codec per protocol (codecs do
 * not know each other). Not for public use: these types may change in any release.
 */
package dev.spanproof.mockllm.internal;
