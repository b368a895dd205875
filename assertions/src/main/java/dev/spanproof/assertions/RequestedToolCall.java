package dev.spanproof.assertions;

/**
 * A tool call the model asked for in its response (not necessarily executed by the agent).
 *
 * @param name the tool's name
 * @param callId the id the model gave the call; may be null
 * @param arguments the arguments as JSON text; may be null
 */
public record RequestedToolCall(String name, String callId, String arguments) {}
