package dev.spanproof.otlp.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body, undoing its {@code Content-Encoding}, within a size limit that holds both
 * before and after decompression (the OTLP specification asks for both, against gzip bombs).
 */
final class RequestBodies {

  private RequestBodies() {}

  /**
   * Reads the whole body.
   *
   * @param raw the body as it came over the wire
   * @param contentEncoding the {@code Content-Encoding} header, or null
   * @param declaredLength the {@code Content-Length} header, or -1 when absent
   * @param maxBytes the most bytes accepted, compressed or decompressed
   * @return the decoded body
   * @throws OtlpRequestException 413 when the body is too large, 415 for an unknown encoding, 400
   *     for a body that does not match its encoding
   * @throws IOException when the connection fails while reading
   */
  static byte[] read(InputStream raw, String contentEncoding, long declaredLength, long maxBytes)
      throws OtlpRequestException, IOException {
    if (declaredLength > maxBytes) {
      throw tooLarge(maxBytes, "");
    }
    String encoding =
        contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    LimitedInputStream limitedRaw = new LimitedInputStream(raw, maxBytes);
    try {
      switch (encoding) {
        case "", "identity":
          return readAll(limitedRaw, maxBytes, "");
        case "gzip", "x-gzip":
          return readAll(new GZIPInputStream(limitedRaw), maxBytes, " after gzip decompression");
        case "deflate":
          return readAll(
              new InflaterInputStream(limitedRaw), maxBytes, " after deflate decompression");
        default:
          throw new OtlpRequestException(
              415,
              "Unsupported Content-Encoding '"
                  + contentEncoding
                  + "': send the body uncompressed, gzip or deflate");
      }
    } catch (ZipException | EOFException e) {
      throw OtlpRequestException.badRequest(
          "The body is not valid "
              + encoding
              + " data, as its Content-Encoding says it is ("
              + (e.getMessage() != null
                  ? e.getMessage()
                  : limitedRaw.count == 0 ? "the body is empty" : "the data ends too early")
              + ")");
    } catch (BodyTooLargeException e) {
      throw tooLarge(maxBytes, "");
    }
  }

  private static byte[] readAll(InputStream in, long maxBytes, String stage)
      throws IOException, OtlpRequestException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long total = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      total += n;
      if (total > maxBytes) {
        throw tooLarge(maxBytes, stage);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static OtlpRequestException tooLarge(long maxBytes, String stage) {
    return new OtlpRequestException(
        413,
        "The request body is larger"
            + stage
            + " than this receiver's limit of "
            + maxBytes
            + " bytes; export smaller batches or raise the limit");
  }

  /** Thrown by {@link LimitedInputStream} when the raw body passes the limit. */
  private static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
  }

  /** Fails once more than {@code max} bytes have been read: bounds compressed bodies too. */
  private static final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private final long max;
    private long count;

    LimitedInputStream(InputStream in, long max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b != -1) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws BodyTooLargeException {
      count += n;
      if (count > max) {
        throw new BodyTooLargeException();
      }
    }
  }
}
