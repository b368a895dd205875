/**
 * Regression evals in CI for agents traced with OpenTelemetry: token, call and latency budgets
 * ({@link dev.spanproof.evals.AgentBudget}, {@link dev.spanproof.evals.Budget}) and committed baselines
 * ({@link dev.spanproof.evals.AgentBaseline}); dataset evals with scorers and a confidence-bound
 * pass-rate gate ({@link dev.spanproof.evals.AgentEval}, {@link dev.spanproof.evals.Scorers},
 * {@link dev.spanproof.evals.PassRateGate}); JSON and Markdown summaries mergeable across shards
 * ({@link dev.spanproof.evals.Summaries}, {@link dev.spanproof.evals.MergeSummaries}).
 */
package dev.spanproof.evals;
