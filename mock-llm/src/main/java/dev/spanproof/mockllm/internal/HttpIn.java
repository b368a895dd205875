package dev.spanproof.mockllm.internal;

import java.util.Map;

/**
 * A request as the router hands it to a codec.
 *
 * @param method HTTP method
 * @param path the path below the session prefix, query included (credentials removed)
 * @param headers the headers worth recording (lower-case names)
 * @param body the raw body
 */
public record HttpIn(String method, String path, Map<String, String> headers, String body) {}
