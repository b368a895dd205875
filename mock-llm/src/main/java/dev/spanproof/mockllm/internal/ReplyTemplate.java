package dev.spanproof.mockllm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spanproof.mockllm.LlmRequest;
import dev.spanproof.mockllm.Protocol;
import dev.spanproof.mockllm.Reply;
import dev.spanproof.mockllm.Usage;
import dev.spanproof.mockllm.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A non-streamed reply rendered once and reused: the body text split around the two values that change from
 * request to request (the response number in ids such as {@code chatcmpl-7}, and the creation time), so a
 * repeating step answers without building and serialising a JSON tree each time. Not for public use.
 *
 * <p>Only for what a codec renders from the model, the reply, the usage, the response number and the
 * creation time alone ({@link Codec#rendersFromReplyAlone()}); a template is keyed by protocol, model and
 * usage. It is built by rendering twice with different sentinel numbers and kept only if filling it with the
 * second pair reproduces the second rendering byte for byte, so a reply whose text happens to contain a
 * sentinel is simply rendered every time.
 */
final class ReplyTemplate {
  /** Beyond this many protocol/model/usage combinations, a step renders the others every time. */
  static final int MAX_PER_STEP = 16;

  private static final int NUMBER_A = 1_234_567_891;
  private static final long CREATED_A = 9_876_543_211L;
  private static final int NUMBER_B = 1_987_654_327;
  private static final long CREATED_B = 8_765_432_109L;

  /** What a template depends on besides the step's reply. */
  record Key(Protocol protocol, String model, Usage usage) {}

  private final int status;
  private final Map<String, String> headers;
  /** Literal text, with a hole after each part but the last. */
  private final String[] parts;
  /** What fills each hole: true for the response number, false for the creation time. */
  private final boolean[] numberHoles;
  private final int length;

  private ReplyTemplate(int status, Map<String, String> headers, String[] parts, boolean[] numberHoles) {
    this.status = status;
    this.headers = headers;
    this.parts = parts;
    this.numberHoles = numberHoles;
    int n = 0;
    for (String p : parts) {
      n += p.length();
    }
    this.length = n + numberHoles.length * 10;
  }

  /**
   * Renders a step's reply, through the step's template when it has (or can build) one: a non-streamed reply
   * of a step that answers more than once, with explicit usage and no generated tool-call ids, in a protocol
   * whose replies depend on nothing else of the request. Anything else is rendered by the codec as usual.
   *
   * @param reply the reply to send: the step's own, or a copy with generated tool-call ids
   */
  static Rendered render(Codec codec, Step step, Reply reply, RenderContext ctx) {
    if (reply != step.reply() && !allIdsScripted(step.reply())
        || step.times() == 1 || step.usage() == null || ctx.request().stream() || !codec.rendersFromReplyAlone()) {
      return codec.render(ctx);
    }
    Key key = new Key(codec.protocol(), ctx.request().model(), ctx.usage());
    Map<Key, Optional<ReplyTemplate>> templates = step.templates();
    Optional<ReplyTemplate> template = templates.get(key);
    if (template == null) {
      if (templates.size() >= MAX_PER_STEP) {
        return codec.render(ctx);
      }
      template = Optional.ofNullable(build(codec, ctx.request(), ctx.body(), step.reply(), ctx.usage()));
      templates.putIfAbsent(key, template);
    }
    return template.isPresent() ? template.get().fill(ctx.responseNumber(), ctx.created()) : codec.render(ctx);
  }

  private static boolean allIdsScripted(Reply reply) {
    if (!(reply instanceof Reply.ToolCalls tc)) {
      return false;
    }
    for (ToolCall c : tc.calls()) {
      if (c.id() == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Builds the template of a reply for a request, or returns null when the reply cannot be templated (it is
   * streamed, or its text contains a sentinel).
   */
  static ReplyTemplate build(Codec codec, LlmRequest request, JsonNode body, Reply reply, Usage usage) {
    Rendered a = codec.render(new RenderContext(request, body, reply, usage, NUMBER_A, CREATED_A));
    Rendered b = codec.render(new RenderContext(request, body, reply, usage, NUMBER_B, CREATED_B));
    if (a.streaming() || b.streaming() || a.status() != b.status() || !a.headers().equals(b.headers())) {
      return null;
    }
    String text = a.body();
    String number = Integer.toString(NUMBER_A);
    String created = Long.toString(CREATED_A);
    List<String> parts = new ArrayList<>();
    List<Boolean> holes = new ArrayList<>();
    int from = 0;
    while (true) {
      int n = text.indexOf(number, from);
      int c = text.indexOf(created, from);
      if (n < 0 && c < 0) {
        break;
      }
      boolean isNumber = c < 0 || (n >= 0 && n < c);
      int at = isNumber ? n : c;
      parts.add(text.substring(from, at));
      holes.add(isNumber);
      from = at + (isNumber ? number : created).length();
    }
    parts.add(text.substring(from));
    boolean[] numberHoles = new boolean[holes.size()];
    for (int i = 0; i < numberHoles.length; i++) {
      numberHoles[i] = holes.get(i);
    }
    ReplyTemplate template = new ReplyTemplate(a.status(), a.headers(), parts.toArray(new String[0]), numberHoles);
    return template.fill(NUMBER_B, CREATED_B).body().equals(b.body()) ? template : null;
  }

  /** The reply with this request's response number and creation time. */
  Rendered fill(int responseNumber, long created) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < numberHoles.length; i++) {
      sb.append(parts[i]);
      if (numberHoles[i]) {
        sb.append(responseNumber);
      } else {
        sb.append(created);
      }
    }
    sb.append(parts[parts.length - 1]);
    return new Rendered(status, headers, List.of(sb.toString()), false);
  }
}
