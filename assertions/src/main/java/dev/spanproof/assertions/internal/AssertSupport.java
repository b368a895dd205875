package dev.spanproof.assertions.internal;

import dev.spanproof.assertions.AgentSpan;
import dev.spanproof.assertions.AgentTrace;
import java.security.CodeSource;
import java.util.Arrays;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AssertionInfo;
import org.assertj.core.api.WritableAssertionInfo;
import org.assertj.core.description.Description;
import org.assertj.core.description.TextDescription;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.internal.Failures;

/** Shared helpers of the assert classes. Not for public use. */
public final class AssertSupport {

  /** The indentation of trees inside failure messages. */
  public static final String INDENT = "  ";

  private static final CodeSource OWN_CODE = AssertSupport.class.getProtectionDomain().getCodeSource();

  private AssertSupport() {}

  /** Returns how messages name a trace: {@code the trace of "label"}, or {@code the trace}. */
  public static String traceName(AgentTrace trace) {
    return trace == null || trace.label() == null ? "the trace" : "the trace of \"" + trace.label() + "\"";
  }

  /** Returns the trace's tree, indented for a message; empty text without a trace. */
  public static String tree(AgentTrace trace) {
    return trace == null ? "" : TraceText.format(TraceText.lines(trace), INDENT, null);
  }

  /** Returns the trace's tree with a {@code ▲ text} marker under the given span. */
  public static String markedTree(AgentTrace trace, AgentSpan span, String text) {
    return TraceText.format(TraceText.lines(trace), INDENT,
        new TraceText.Marker(span.index(), span.depth(), text));
  }

  /** Returns the trace's tree with a marker under the given line. */
  public static String markedTree(AgentTrace trace, int afterLine, int depth, String text) {
    return TraceText.format(TraceText.lines(trace), INDENT, new TraceText.Marker(afterLine, depth, text));
  }

  /** Returns {@code \n} and the trace's appendix, or empty text when it has none. */
  public static String appendix(AgentTrace trace) {
    return trace == null || trace.appendix() == null || trace.appendix().isBlank() ? "" : "\n" + trace.appendix().stripTrailing();
  }

  /**
   * Returns the end of a tool-call failure: {@code \n in the trace:\n<tree>} with the span marked, then
   * the trace's {@link #appendix}; empty text without a trace.
   */
  public static String inTraceMarked(AgentTrace trace, AgentSpan span, String text) {
    return trace == null ? "" : "\nin the trace:\n" + markedTree(trace, span, text) + appendix(trace);
  }

  /** Returns a {@code \n in the trace:\n<tree>} suffix, or empty text without a trace. */
  public static String inTrace(AgentTrace trace) {
    return trace == null ? "" : "\nin the trace:\n" + tree(trace);
  }

  /** Formats a duration for people: {@code 13ns}, {@code 2.5µs}, {@code 120ms}, {@code 1.5s}. */
  public static String duration(java.time.Duration duration) {
    return duration(duration, 1);
  }

  /**
   * Shows a duration that exceeded a limit with as many decimals as it takes to read differently
   * from the limit: 1.04 s over 1 s reads {@code 1.04s}, not {@code 1s}.
   */
  public static String durationOver(java.time.Duration took, java.time.Duration limit) {
    String shownLimit = duration(limit);
    for (int decimals = 1; decimals <= 9; decimals++) {
      String shown = duration(took, decimals);
      if (!shown.equals(shownLimit)) {
        return shown;
      }
    }
    return took.toNanos() + "ns";
  }

  private static String duration(java.time.Duration duration, int decimals) {
    long nanos = duration.toNanos();
    if (nanos < 1_000) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000) {
      return trim(nanos / 1_000.0, decimals) + "µs";
    }
    if (nanos < 1_000_000_000) {
      return trim(nanos / 1_000_000.0, decimals) + "ms";
    }
    return trim(nanos / 1_000_000_000.0, decimals) + "s";
  }

  /** The value with at most this many decimals, trailing zeros (and a bare point) dropped. */
  private static String trim(double value, int decimals) {
    String text = String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
    int end = text.length();
    while (text.charAt(end - 1) == '0') {
      end--;
    }
    if (text.charAt(end - 1) == '.') {
      end--;
    }
    return text.substring(0, end);
  }

  /**
   * Makes the error of a failed spanproof assertion, as {@code AbstractAssert.throwAssertionError}
   * does, with the stack trace starting at the test: see {@link #fromTest}.
   */
  public static AssertionError failure(AssertionInfo info, ErrorMessageFactory message) {
    return fromTest(Failures.instance().failure(info, message));
  }

  /**
   * {@link #failure(AssertionInfo, ErrorMessageFactory)} as an opentest4j {@code AssertionFailedError}
   * carrying the actual and expected texts, so that IDEs show a diff.
   */
  public static AssertionError failure(AssertionInfo info, ErrorMessageFactory message, Object actual,
      Object expected) {
    return fromTest(Failures.instance().failure(info, message, actual, expected));
  }

  /**
   * Removes spanproof's own frames (and those of AssertJ's soft-assertion proxies) from an error made
   * with {@link Failures}, as AssertJ does for its own and for the throwing assertion class: the stack
   * trace, and the line soft assertions add to each message, then start at the test, also when one
   * spanproof assertion delegated to another. Left as it is when the user turned AssertJ's stack
   * trace filtering off.
   */
  public static AssertionError fromTest(AssertionError error) {
    if (!Failures.instance().isRemoveAssertJRelatedElementsFromStackTrace()) {
      return error;
    }
    error.setStackTrace(Arrays.stream(error.getStackTrace())
        .filter(frame -> !isOwnFrame(frame))
        .toArray(StackTraceElement[]::new));
    return error;
  }

  /** A frame of this library (same jar or classes folder as this class), or of a soft-assertion proxy. */
  private static boolean isOwnFrame(StackTraceElement frame) {
    String name = frame.getClassName();
    if (!name.startsWith("dev.spanproof.")) {
      return false;
    }
    if (name.contains("$ByteBuddy$")) {
      return true;
    }
    try {
      CodeSource source = Class.forName(name, false, AssertSupport.class.getClassLoader())
          .getProtectionDomain().getCodeSource();
      return source != null && OWN_CODE != null
          && String.valueOf(source.getLocation()).equals(String.valueOf(OWN_CODE.getLocation()));
    } catch (ClassNotFoundException | LinkageError | SecurityException e) {
      return false;
    }
  }

  /**
   * Describes an assert by what it is about ({@code the total tokens of the trace of "addsTwo"}), so
   * that the failures of the AssertJ assertions it inherits ({@code isEqualTo}, {@code hasSize}) name
   * it too; a description the user gives with {@code as(...)} replaces it.
   *
   * @return the description, to recognise it in {@link #failure(WritableAssertionInfo, Description, ErrorMessageFactory)}
   */
  public static Description describe(AbstractAssert<?, ?> assertion, String subject) {
    Description description = new TextDescription(subject);
    assertion.info.description(description);
    return description;
  }

  /**
   * {@link #failure(AssertionInfo, ErrorMessageFactory)} for an assert described by
   * {@link #describe}: spanproof's own messages name their subject already, so the description given
   * by default is left out of them (one the user gave is kept).
   */
  public static AssertionError failure(WritableAssertionInfo info, Description byDefault, ErrorMessageFactory message) {
    if (byDefault == null || info.description() != byDefault) {
      return failure(info, message);
    }
    info.description((Description) null);
    try {
      return failure(info, message);
    } finally {
      info.description(byDefault);
    }
  }

  /** Carries the description and representation of a parent assert over to a navigated one. */
  public static <A extends AbstractAssert<?, ?>> A carryOver(AbstractAssert<?, ?> from, A to) {
    if (from.info.hasDescription()) {
      to.info.description(from.info.description());
    }
    to.info.useRepresentation(from.info.representation());
    return to;
  }
}
