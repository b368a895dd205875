package dev.spanproof.mockllm;

import java.time.Duration;
import java.util.Objects;

/**
 * A scripted failure, rendered in the shape of the protocol the request came in, so that an SDK's
 * error handling and retry logic meet what the real provider would send.
 */
public sealed interface Fault {

  /** A rate limit: HTTP 429 with {@code Retry-After} (and, for OpenAI, {@code x-ratelimit-*}) headers. */
  static Fault rateLimited(Duration retryAfter) {
    return new RateLimited(retryAfter);
  }

  /** An HTTP error with the given status (e.g. 500, 503) and message, in the provider's error shape. */
  static Fault httpError(int status, String message) {
    return new HttpError(status, message);
  }

  /**
   * The provider is overloaded: Anthropic's HTTP 529 {@code overloaded_error}; 503 for the others.
   */
  static Fault overloaded() {
    return new Overloaded();
  }

  /** The connection is reset before any response is sent. */
  static Fault connectionReset() {
    return new ConnectionReset();
  }

  /**
   * HTTP 200 with a body that is not valid JSON: a truncated object in the protocol's own shape, or, for a
   * streamed request, the protocol's stream media type with one cut-off event, so the client's parser fails.
   */
  static Fault malformedJson() {
    return new MalformedJson();
  }

  /**
   * HTTP 429 Too Many Requests.
   *
   * @param retryAfter sent as {@code Retry-After} (whole seconds, at least 0) and {@code retry-after-ms}
   */
  record RateLimited(Duration retryAfter) implements Fault {
    /** Rejects a null or negative delay. */
    public RateLimited {
      Objects.requireNonNull(retryAfter, "retryAfter (use Duration.ZERO for an immediate retry)");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter cannot be negative: " + retryAfter);
      }
    }
  }

  /**
   * An HTTP error status with a message, e.g. 500 or 503.
   *
   * @param status an HTTP status from 400 to 599
   * @param message the error message the client sees
   */
  record HttpError(int status, String message) implements Fault {
    /** Rejects statuses that are not errors. */
    public HttpError {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("an HTTP error status is between 400 and 599, got " + status);
      }
      message = message == null ? "scripted error " + status : message;
    }
  }

  /** Provider overloaded (Anthropic 529 {@code overloaded_error}, 503 elsewhere). */
  record Overloaded() implements Fault {}

  /** The connection is reset by the server without a response. */
  record ConnectionReset() implements Fault {}

  /** HTTP 200 with a truncated, unparseable JSON body. */
  record MalformedJson() implements Fault {}
}
