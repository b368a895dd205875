package dev.spanproof.mockllm.internal;

import dev.spanproof.mockllm.LlmMessage;
import dev.spanproof.mockllm.LlmRequest;
import dev.spanproof.mockllm.MockLlm;
import dev.spanproof.mockllm.Reply;
import dev.spanproof.mockllm.RequestMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One session's script, cursor, journal and problems: everything a test owns, kept here rather than in
 * WireMock (whose scenarios are server-global). All methods are synchronized: WireMock serves requests
 * on several threads. Not for public use.
 */
public final class SessionState {
  /** Default bound of the journal and the transcript: enough for any test, bounded for long runs. */
  public static final int DEFAULT_JOURNAL_LIMIT = 10_000;

  private final String id;
  private final String label;
  private final List<Step> steps = new ArrayList<>();
  private final Deque<LlmRequest> journal = new ArrayDeque<>();
  /** Lines, or {@link ScriptedLine}s written only when the transcript is read. */
  private final Deque<Object> transcript = new ArrayDeque<>();
  private final List<String> problems = new ArrayList<>();
  private final java.util.LinkedHashMap<String, List<LlmMessage>> responseHistory = new java.util.LinkedHashMap<>();
  private int journalLimit = DEFAULT_JOURNAL_LIMIT;
  private boolean strict = true;
  private int requestCount;
  private int toolCallCount;
  private int responseCount;
  private int droppedFromJournal;
  /** Request problems cleared by {@link #reset()}: the next one's number starts after them. */
  private long problemsBeforeReset;
  private CassettePlayer cassette;

  /** A session with an id (used in its URL prefix) and a label (used in diagnostics). */
  public SessionState(String id, String label) {
    this.id = id;
    this.label = label;
  }

  /** The id in the URL prefix. */
  public String id() {
    return id;
  }

  /** The label diagnostics name the session by. */
  public String label() {
    return label;
  }

  /** Appends a step. */
  public synchronized Step addStep(Reply reply, RequestMatcher matcher, boolean fallback) {
    if (cassette != null) {
      throw new IllegalStateException("Session " + Text.quote(label) + " replays or records the cassette "
          + cassette.cassette().file() + "; a session either follows a script or replays a cassette, not both. "
          + "Use a second MockLlm session for the scripted part.");
    }
    Step step = new Step(steps.size() + 1, reply, matcher, fallback);
    steps.add(step);
    return step;
  }

  /**
   * Takes back the step just added, when a refinement of it was refused: only the last step, and only while
   * no request used it, so numbering and what requests saw stay as they were.
   */
  public synchronized void withdraw(Step step) {
    if (!steps.isEmpty() && steps.get(steps.size() - 1) == step && step.used() == 0) {
      steps.remove(steps.size() - 1);
    }
  }

  /** Whether unused steps are reported. */
  public synchronized void strict(boolean value) {
    strict = value;
  }

  /** Bounds the journal and transcript to the last {@code limit} requests. */
  public synchronized void journalLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the journal limit must be at least 1, got " + limit);
    }
    journalLimit = limit;
    trim();
  }

  /** The outcome of {@link #accept}: the numbered request and the step that answers it (null if none). */
  public record Selection(LlmRequest request, Step step, String unmatchedReason) {}

  /**
   * Numbers and journals a parsed request and picks the step that answers it: the first step in
   * declaration order that has uses left and whose condition (if any) matches; then the first matching
   * fallback. With no step, records a problem naming the nearest step.
   */
  public synchronized Selection accept(LlmRequest parsed) {
    LlmRequest request = renumber(parsed, ++requestCount);
    journal.addLast(request);
    Step chosen = null;
    for (Step s : steps) {
      if (!s.fallback() && s.available() && (s.matcher() == null || s.matcher().matches(request))) {
        chosen = s;
        break;
      }
    }
    if (chosen == null) {
      for (Step s : steps) {
        if (s.fallback() && (s.matcher() == null || s.matcher().matches(request))) {
          chosen = s;
          break;
        }
      }
    }
    if (chosen != null) {
      chosen.markUsed();
      transcript.addLast(new ScriptedLine(request, chosen.reply()));
      trim();
      return new Selection(request, chosen, null);
    }
    String reason = unmatchedReason(request);
    problems.add(unmatchedDiagnostic(request, reason));
    transcript.addLast(line(request) + "  →  unmatched: " + reason);
    trim();
    return new Selection(request, null, reason);
  }

  /** The cassette this session replays or records, or null when it follows its script. */
  public synchronized CassettePlayer cassette() {
    return cassette;
  }

  /**
   * Makes the session replay or record a cassette instead of following a script.
   *
   * @throws IllegalStateException when steps are scripted already
   */
  public synchronized void cassette(CassettePlayer player) {
    if (!steps.isEmpty()) {
      throw new IllegalStateException("Session " + Text.quote(label) + " has " + steps.size() + " scripted step"
          + (steps.size() == 1 ? "" : "s") + "; a session either follows a script or replays a cassette, not both. "
          + "Use a second MockLlm session for the scripted part.");
    }
    cassette = player;
  }

  /**
   * Numbers and journals a request answered by the cassette rather than the script ({@code parsed} null when it
   * is not a chat request: only the transcript shows it), with what happened to it.
   *
   * @return the request's number
   */
  public synchronized int journalExternal(LlmRequest parsed, String method, String path, String outcome) {
    int number = ++requestCount;
    if (parsed != null) {
      LlmRequest request = renumber(parsed, number);
      journal.addLast(request);
      transcript.addLast(line(request) + "  →  " + outcome);
    } else {
      transcript.addLast("#" + number + " " + method + " " + path + "  →  " + outcome);
    }
    trim();
    return number;
  }

  /** Records a request that could not be parsed. */
  public synchronized void rejected(String method, String path, String why) {
    problems.add("Rejected request in session " + Text.quote(label) + ": " + method + " " + path + ": " + why);
    transcript.addLast("(rejected) " + method + " " + path + ": " + why);
    trim();
  }

  /** Records any other problem (e.g. an endpoint the mock does not serve). */
  public synchronized void problem(String text) {
    problems.add(text);
  }

  /** The next generated tool-call number (1, 2, …), per session so ids are deterministic. */
  public synchronized int nextToolCallNumber() {
    return ++toolCallCount;
  }

  /**
   * Remembers the conversation a Responses API response ended (for a later {@code previous_response_id});
   * bounded like the journal.
   */
  public synchronized void rememberResponse(String responseId, List<LlmMessage> conversation) {
    responseHistory.put(responseId, List.copyOf(conversation));
    while (responseHistory.size() > journalLimit) {
      responseHistory.remove(responseHistory.keySet().iterator().next());
    }
  }

  /** The conversation a remembered response ended, or null. */
  public synchronized List<LlmMessage> responseHistory(String responseId) {
    return responseHistory.get(responseId);
  }

  /** The next response number (1, 2, …) for response ids. */
  public synchronized int nextResponseNumber() {
    return ++responseCount;
  }

  /** The journal, oldest first. */
  public synchronized List<LlmRequest> requests() {
    return List.copyOf(journal);
  }

  /** Problems so far: unmatched and rejected requests, then recordings never replayed and (when strict) steps not used up. */
  public synchronized List<String> problems() {
    List<String> all = new ArrayList<>(problems);
    all.addAll(unusedProblems());
    return all;
  }

  /** The problems requests caused since {@link #reset()}, numbered over the session's life. */
  public synchronized List<MockLlm.RequestProblem> requestProblems() {
    List<MockLlm.RequestProblem> all = new ArrayList<>(problems.size());
    for (int i = 0; i < problems.size(); i++) {
      all.add(new MockLlm.RequestProblem(problemsBeforeReset + i + 1, problems.get(i)));
    }
    return all;
  }

  /** Recordings never replayed, then (when strict) steps not used up: recomputed on each call. */
  public synchronized List<String> unusedProblems() {
    List<String> all = new ArrayList<>();
    if (cassette != null) {
      all.addAll(cassette.problems(label));
    }
    if (strict) {
      for (Step s : steps) {
        if (s.fallback()) {
          continue;
        }
        if (s.used() == 0 || (s.times() != Step.UNLIMITED && s.used() < s.times())) {
          String uses = s.times() == Step.UNLIMITED
              ? "never used"
              : "used " + s.used() + " of " + s.times() + (s.times() == 1 ? " time" : " times");
          all.add("Unused step in session " + Text.quote(label) + ": " + s.describe() + " was " + uses
              + ". Remove it, or call llm.script().lenient() if it is optional.");
        }
      }
    }
    return all;
  }

  /** The exchange so far, one line per request. */
  public synchronized String transcript() {
    StringBuilder sb = new StringBuilder();
    if (droppedFromJournal > 0) {
      sb.append("(").append(droppedFromJournal).append(" earlier requests dropped from the bounded journal)\n");
    }
    for (Object l : transcript) {
      sb.append(l).append('\n');
    }
    return sb.toString();
  }

  /** Clears script, journal, problems and counters. */
  public synchronized void reset() {
    steps.clear();
    journal.clear();
    transcript.clear();
    responseHistory.clear();
    problemsBeforeReset += problems.size();
    problems.clear();
    requestCount = 0;
    toolCallCount = 0;
    responseCount = 0;
    droppedFromJournal = 0;
    strict = true;
    cassette = null;
  }

  private void trim() {
    while (journal.size() > journalLimit) {
      journal.removeFirst();
      droppedFromJournal++;
    }
    while (transcript.size() > journalLimit) {
      transcript.removeFirst();
    }
  }

  /** A scripted answer's transcript line, written when read: both parts are immutable. */
  private record ScriptedLine(LlmRequest request, Reply reply) {
    @Override
    public String toString() {
      return line(request) + "  →  scripted " + Text.describeReply(reply);
    }
  }

  private static String line(LlmRequest r) {
    return "#" + r.number() + " " + Text.describeRequest(r);
  }

  private String unmatchedReason(LlmRequest r) {
    List<Step> regular = steps.stream().filter(s -> !s.fallback()).toList();
    if (regular.isEmpty()) {
      return "no step is scripted";
    }
    if (usedUpMatch(regular, r) != null && regular.stream().anyMatch(s -> s.matcher() != null)) {
      return "the step that matches it is used up";
    }
    if (regular.stream().noneMatch(Step::available)) {
      return "all " + regular.size() + " scripted step" + (regular.size() == 1 ? " is" : "s are") + " used";
    }
    return "no scripted step matches";
  }

  private String unmatchedDiagnostic(LlmRequest r, String reason) {
    StringBuilder sb = new StringBuilder();
    sb.append("Unmatched request #").append(r.number()).append(" in session ").append(Text.quote(label))
        .append(" (").append(r.method()).append(' ').append(r.path()).append(", ").append(r.protocol().id())
        .append("): ").append(reason).append('\n');
    sb.append("  model: ").append(r.model()).append('\n');
    sb.append("  tools offered: ").append(r.tools().isEmpty() ? "(none)" : String.join(", ", r.tools())).append('\n');
    if (r.system() != null) {
      sb.append("  system: ").append(Text.quote(r.system())).append('\n');
    }
    List<LlmMessage> messages = r.messages();
    sb.append("  last messages:\n");
    if (messages.isEmpty()) {
      sb.append("    (none)\n");
    }
    for (LlmMessage m : messages.subList(Math.max(0, messages.size() - 3), messages.size())) {
      sb.append("    ").append(Text.describeMessage(m)).append('\n');
    }
    sb.append("  ").append(nearest(r));
    return sb.toString();
  }

  private String nearest(LlmRequest r) {
    List<Step> regular = steps.stream().filter(s -> !s.fallback()).toList();
    if (regular.isEmpty()) {
      return "fix: script a reply first, e.g. llm.script().reply(\"…\")";
    }
    Step usedUp = usedUpMatch(regular, r);
    if (usedUp != null && regular.stream().anyMatch(s -> s.matcher() != null)) {
      return "nearest step: " + usedUp.describe() + " (used " + usedUp.used() + " of " + usedUp.times() + ")\n"
          + "  fix: let it repeat with .times(n) or .always(), or script another step for this request";
    }
    for (Step s : regular) {
      if (s.available() && s.matcher() != null) {
        List<RequestMatcher> parts = s.matcher() instanceof RequestMatcher.All all ? all.parts() : List.of(s.matcher());
        String failing = parts.stream().filter(p -> !p.matches(r)).map(RequestMatcher::description)
            .collect(Collectors.joining("; "));
        return "nearest step: " + s.describe() + "\n    not matched: " + failing;
      }
    }
    Step last = regular.get(regular.size() - 1);
    return "nearest step: " + last.describe() + " (used " + last.used() + " of " + last.times() + ")\n"
        + "  fix: script another step (….thenReply(\"…\")), or let a step repeat with .times(n) or .always()";
  }

  /** The first used-up step whose condition holds for the request (a plain step holds for any). */
  private static Step usedUpMatch(List<Step> regular, LlmRequest r) {
    for (Step s : regular) {
      if (!s.available() && s.matcher() != null && s.matcher().matches(r)) {
        return s;
      }
    }
    return null;
  }

  private static LlmRequest renumber(LlmRequest r, int number) {
    return new LlmRequest(number, r.protocol(), r.method(), r.path(), r.model(), r.system(), r.messages(), r.tools(),
        r.stream(), r.headers(), r.retryCount(), r.rawBody());
  }
}
