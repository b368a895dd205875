package dev.spanproof.assertions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spanproof.assertions.AgentTrace;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quick pass of {@link ShapeMatcher} (which decides a passing shape, and compares the plain lines
 * after a last {@code ...} with the last spans only) against the diagnosing pass (which walks every
 * attempt): over generated trees and shapes made from them by mutation, both must decide alike.
 */
class ShapeMatcherPassesTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String[] NAMES = {"step a", "step b", "chat m"};

  /** A span of the generated tree; chat spans carry tokens n→n. */
  private record Tree(String name, long tokens, List<Tree> children) {}

  @Test
  void both_passes_decide_alike_on_generated_shapes() {
    Random random = new Random(20261202);
    int matched = 0;
    int failed = 0;
    int anchored = 0;
    for (int round = 0; round < 20_000; round++) {
      Tree root = new Tree("invoke_agent a", 0, children(random, 0));
      AgentTrace trace = AgentTrace.of(spans(root));
      StringBuilder text = new StringBuilder();
      shape(random, List.of(root), 0, text);
      Shape shape = Shape.parse(text.toString());
      boolean quick = ShapeMatcher.matches(shape, trace.roots(), true);
      boolean diagnosing = ShapeMatcher.matches(shape, trace.roots(), false);
      assertThat(quick).as("quick pass of\n%s\nagainst\n%s", text, trace.render()).isEqualTo(diagnosing);
      if (diagnosing) {
        matched++;
      } else {
        failed++;
      }
      if (text.toString().matches("(?s).*\\.\\.\\.\n +[a-z*].*")) {
        anchored++; // a "..." followed by span lines somewhere: the quick pass's shortcut may apply
      }
      // and the public answer is the diagnosing pass's, whichever pass decided
      assertThat(ShapeMatcher.match(shape, trace).isEmpty()).isEqualTo(diagnosing);
    }
    // the generator gives both verdicts often, and shapes the shortcut applies to
    assertThat(matched).isGreaterThan(4_000);
    assertThat(failed).isGreaterThan(4_000);
    assertThat(anchored).isGreaterThan(4_000);
  }

  private static List<Tree> children(Random random, int depth) {
    int count = depth == 0 ? random.nextInt(9) : depth < 3 ? random.nextInt(depth == 1 ? 4 : 3) : 0;
    List<Tree> children = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = NAMES[random.nextInt(NAMES.length)];
      boolean chat = name.startsWith("chat");
      children.add(new Tree(name, chat ? 1 + random.nextInt(2) : 0, chat ? List.of() : children(random, depth + 1)));
    }
    return children;
  }

  /** The expected lines of these siblings, mutated at random: runs made "...", lines renamed, dropped, added, grouped. */
  private static void shape(Random random, List<Tree> siblings, int depth, StringBuilder out) {
    List<Object> lines = new ArrayList<>(siblings); // a Tree, or a String for a "..." line
    if (depth > 0) {
      int edits = random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(lines.size() + 1);
        switch (random.nextInt(6)) {
          case 0, 1 -> { // a run of spans as "..."
            int end = Math.min(lines.size(), at + random.nextInt(4));
            lines.subList(at, end).clear();
            lines.add(at, "...");
          }
          case 2 -> lines.add(at, "...");
          case 3 -> {
            if (at < lines.size()) {
              lines.remove(at);
            }
          }
          case 4 -> lines.add(at, new Tree(NAMES[random.nextInt(NAMES.length)], 1, List.of()));
          default -> {
            if (at < lines.size() && lines.get(at) instanceof Tree t) {
              lines.set(at, new Tree(random.nextBoolean() ? "step *" : NAMES[random.nextInt(NAMES.length)],
                  t.tokens() == 0 ? 0 : 1 + random.nextInt(2), t.children()));
            }
          }
        }
      }
    }
    String indent = "  ".repeat(depth);
    for (int i = 0; i < lines.size(); i++) {
      Object line = lines.get(i);
      if (line instanceof Tree first && i + 1 < lines.size() && lines.get(i + 1) instanceof Tree second
          && random.nextInt(8) == 0) {
        // two lines as an unordered group, given the other way round
        out.append(indent).append("(any order)\n");
        line(random, second, depth + 1, out);
        line(random, first, depth + 1, out);
        i++;
      } else if (line instanceof Tree tree) {
        line(random, tree, depth, out);
      } else {
        out.append(indent).append("...\n");
      }
    }
  }

  private static void line(Random random, Tree tree, int depth, StringBuilder out) {
    out.append("  ".repeat(depth)).append(tree.name());
    if (tree.tokens() > 0 && tree.name().startsWith("chat")) {
      out.append("  tokens ").append(tree.tokens()).append('→').append(tree.tokens());
    }
    out.append('\n');
    shape(random, tree.children(), depth + 1, out);
  }

  private static List<SpanData> spans(Tree root) {
    List<SpanData> spans = new ArrayList<>();
    add(root, null, new long[] {1}, spans);
    Collections.reverse(spans); // as an exporter gets them: children end first
    return spans;
  }

  private static void add(Tree tree, String parentId, long[] clock, List<SpanData> out) {
    String id = String.format("%016x", clock[0]);
    long start = clock[0]++;
    List<SpanData> own = new ArrayList<>();
    for (Tree child : tree.children()) {
      add(child, id, clock, own);
    }
    AttributesBuilder attributes = Attributes.builder();
    if (tree.name().startsWith("chat")) {
      attributes.put("gen_ai.operation.name", "chat").put("gen_ai.request.model", "m")
          .put("gen_ai.usage.input_tokens", tree.tokens()).put("gen_ai.usage.output_tokens", tree.tokens());
    } else if (tree.name().startsWith("invoke_agent")) {
      attributes.put("gen_ai.operation.name", "invoke_agent").put("gen_ai.agent.name", "a");
    }
    out.add(TestSpanData.builder()
        .setName(tree.name())
        .setKind(SpanKind.INTERNAL)
        .setSpanContext(SpanContext.create(TRACE_ID, id, TraceFlags.getSampled(), TraceState.getDefault()))
        .setParentSpanContext(parentId == null ? SpanContext.getInvalid()
            : SpanContext.create(TRACE_ID, parentId, TraceFlags.getSampled(), TraceState.getDefault()))
        .setStartEpochNanos(start)
        .setEndEpochNanos(clock[0]++)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(attributes.build())
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .setTotalAttributeCount(attributes.build().size())
        .build());
    out.addAll(own);
  }
}
