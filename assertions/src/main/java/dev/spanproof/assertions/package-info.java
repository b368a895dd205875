/**
 * AssertJ assertions over OpenTelemetry traces of LLM agents.
 *
 * <p>Start with {@link dev.spanproof.assertions.AgentTrace} (the trace as a tree in agent
 * vocabulary) and {@link dev.spanproof.assertions.AgentAssertions#assertThat(AgentTrace)}; the
 * canonical trace text is described on {@link dev.spanproof.assertions.AgentTraceAssert#hasShape(String)}.
 */
package dev.spanproof.assertions;
