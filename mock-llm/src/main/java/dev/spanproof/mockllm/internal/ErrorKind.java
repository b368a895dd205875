package dev.spanproof.mockllm.internal;

/** Why the mock answers with an error; each codec maps it to its provider's error type. Not for public use. */
public enum ErrorKind {
  /** The body could not be parsed or misses required fields (400). */
  INVALID_REQUEST,
  /** No scripted step answers the request (400, code {@code spanproof_unmatched_request}). */
  UNMATCHED,
  /** The endpoint or session does not exist (404). */
  NOT_FOUND,
  /** A scripted rate limit (429). */
  RATE_LIMITED,
  /** A scripted server error (5xx) or other status. */
  SERVER_ERROR,
  /** A scripted overload (Anthropic 529, else 503). */
  OVERLOADED
}
