package dev.spanproof.assertions;

import dev.spanproof.assertions.spi.TraceSnapshots;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A snapshot store in memory, registered for this module's tests: first call writes, later calls compare. */
public class RecordingSnapshots implements TraceSnapshots {

  static final Map<String, String> STORED = new ConcurrentHashMap<>();

  @Override
  public void assertMatches(AgentTrace trace, String name) {
    String key = trace.label() + "/" + (name == null ? "default" : name);
    String previous = STORED.putIfAbsent(key, trace.render());
    if (previous != null && !previous.equals(trace.render())) {
      throw new AssertionError("snapshot " + key + " differs");
    }
  }
}
