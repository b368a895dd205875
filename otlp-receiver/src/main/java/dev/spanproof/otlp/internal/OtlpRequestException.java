package dev.spanproof.otlp.internal;

/**
 * An OTLP/HTTP request the receiver refuses: carries the HTTP status to answer with and a message
 * telling the sender what was wrong. Not for public use.
 */
public final class OtlpRequestException extends Exception {

  @java.io.Serial private static final long serialVersionUID = 1L;

  /** The HTTP status code of the answer. */
  private final int httpStatus;

  /**
   * Creates a refusal answered with {@code httpStatus} and {@code message}.
   *
   * @param httpStatus the HTTP status code of the answer
   * @param message what was wrong, for the sender
   */
  public OtlpRequestException(int httpStatus, String message) {
    super(message);
    this.httpStatus = httpStatus;
  }

  /**
   * Returns a 400 Bad Request refusal: the body could not be decoded or is invalid.
   *
   * @param message what was wrong
   * @return the refusal
   */
  static OtlpRequestException badRequest(String message) {
    return new OtlpRequestException(400, message);
  }

  /**
   * Returns the HTTP status code the receiver answers with.
   *
   * @return the status code
   */
  public int httpStatus() {
    return httpStatus;
  }
}
