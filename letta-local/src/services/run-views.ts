import type { App } from "../app";
import { notFound } from "../http/errors";
import { requireId } from "../http/validate";
import { findRunByStep, getRun, listRuns, type RunFilter, type RunRecord, type StepRecord } from "../store/runs";

/**
 * Runs as the API shows them: a run in flight is its live record (its status and steps move while the database row
 * waits for the run's end), any other run is its stored row.
 */
export async function findRun(app: App, runId: string): Promise<RunRecord | null> {
  return app.registry.get(runId)?.record ?? (await getRun(app.db, runId));
}

export async function requireRun(app: App, runId: string | undefined): Promise<RunRecord> {
  const id = requireId("run", runId);
  const record = await findRun(app, id);
  if (!record) throw notFound(`Run ${id} not found.`);
  return record;
}

const matches = (run: RunRecord, filter: RunFilter) =>
  (filter.agentIds.length === 0 || filter.agentIds.includes(run.agentId)) &&
  (filter.conversationId === undefined || run.conversationId === filter.conversationId) &&
  (filter.statuses.length === 0 || filter.statuses.includes(run.status)) &&
  (filter.background === undefined || run.background === filter.background) &&
  (filter.stopReason === undefined || run.stopReason === filter.stopReason);

/** Matching runs, oldest first. A run that has just started may not be stored yet; its live record is listed anyway. */
export async function runRecords(app: App, filter: RunFilter): Promise<RunRecord[]> {
  const stored = await listRuns(app.db, { ...filter, statuses: [] });
  const live = new Map(app.registry.liveRuns().map((run) => [run.id, run.record]));
  const merged = stored.map((run) => live.get(run.id) ?? run);
  const storedIds = new Set(stored.map((run) => run.id));
  for (const run of live.values()) if (!storedIds.has(run.id)) merged.push(run);
  return merged
    .filter((run) => matches(run, filter))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

export interface StepOfRun {
  run: RunRecord;
  step: StepRecord;
}

export async function requireStep(app: App, stepId: string | undefined): Promise<StepOfRun> {
  stepId = requireId("step", stepId);
  const live = app.registry.liveRuns().find((run) => run.record.steps.some((step) => step.id === stepId))?.record;
  const run = live ?? (await findRunByStep(app.db, stepId));
  const step = run?.steps.find((candidate) => candidate.id === stepId);
  if (!run || !step) throw notFound(`Step ${stepId} not found`);
  return { run, step };
}
