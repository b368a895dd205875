package dev.spanproof.mockllm.internal;

/** A request the mock cannot parse; its message says what was wrong. Not for public use. */
public final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the message the client will see. */
  public BadRequestException(String message) {
    super(message);
  }
}
