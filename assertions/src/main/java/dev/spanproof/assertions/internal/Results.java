package dev.spanproof.assertions.internal;

/** Matching of tool results and error types. Not for public use. */
public final class Results {

  private Results() {}

  /** Returns whether an expected result (text, JSON, {@code *} globs, trailing …) matches. */
  public static boolean matches(String expected, String actual) {
    return ShapeMatcher.resultMatches(expected, actual);
  }

  /** Returns whether a glob ({@code *} wildcards) matches the whole text. */
  public static boolean globMatches(String glob, String text) {
    return Shape.glob(glob).matcher(text).matches();
  }
}
