package dev.spanproof.assertions;

import io.opentelemetry.api.trace.Span;

/** The design's planner that delegates to a data analyst. */
final class MultiAgentFixture {

  private MultiAgentFixture() {}

  static AgentTrace planner() {
    TraceFixture f = new TraceFixture();
    Span planner = f.agent(null, "planner");
    planner.setAttribute("session.id", "s-42");
    planner.setAttribute("langfuse.user.id", "alice");
    planner.setAttribute("langsmith.metadata.run", "nightly");
    f.chat(planner, "gpt-4o", 12, 30);
    f.tool(planner, "percentage_change", "{\"start\":100,\"end\":120}", "20.0");
    Span analyst = f.agent(planner, "data_analyst");
    f.chat(analyst, "gpt-4o-mini", 40, 10);
    f.tool(analyst, "get_weather", "{\"city\":\"Paris\"}", "sunny");
    f.chat(analyst, "gpt-4o-mini", 60, 20);
    return f.trace().withLabel("delegates");
  }

  /** A team whose planner takes two turns, the analyst one between them. */
  static AgentTrace team() {
    TraceFixture f = new TraceFixture();
    Span team = f.span(null, "invoke_workflow team", "gen_ai.operation.name", "invoke_workflow");
    Span first = f.agent(team, "planner");
    f.chat(first, "gpt-4o", 12, 30);
    Span analyst = f.agent(team, "data_analyst");
    f.chat(analyst, "gpt-4o-mini", 40, 10);
    Span second = f.agent(team, "planner");
    f.chat(second, "gpt-4o", 50, 5);
    return f.trace().withLabel("team");
  }

  static final String TREE = """
        invoke_agent planner
        ├── chat gpt-4o                     tokens 12→30
        ├── execute_tool percentage_change  {"start":100,"end":120} → 20.0
        └── invoke_agent data_analyst
            ├── chat gpt-4o-mini            tokens 40→10
            ├── execute_tool get_weather    {"city":"Paris"} → sunny
            └── chat gpt-4o-mini            tokens 60→20""";

  static final String TEAM_TREE = """
        invoke_workflow team
        ├── invoke_agent planner
        │   └── chat gpt-4o       tokens 12→30
        ├── invoke_agent data_analyst
        │   └── chat gpt-4o-mini  tokens 40→10
        └── invoke_agent planner
            └── chat gpt-4o       tokens 50→5""";
}
