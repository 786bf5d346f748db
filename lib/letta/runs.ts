import "server-only";
import { letta } from "./client";
import type { Lost } from "./conversations";
import { toAppError, upstreamStatus } from "./errors";

// The Letta gateway for usage accounting (lib/usage/reconcile.ts): which runs a conversation has, whether a run
// has ended, and what it used. The numbers come from Letta's own accounting (`runs.usage.retrieve`), never from
// the chat stream: the proxy passes Letta's bytes through without looking at them. A run Letta no longer knows is
// `{ kind: "lost" }`; anything else that goes wrong throws an AppError (the caller leaves the run for a later pass).

/** A run as usage accounting sees it. */
export type RunInfo = { id: string; finished: boolean; createdAt: Date | null };
/** A run's token usage as Letta accounts it (the sum of its steps). */
export type RunUsage = { promptTokens: number; completionTokens: number; totalTokens: number; stepCount: number };

const RUNNING = new Set(["created", "running", "pending"]);

function toRunInfo(run: { id: string; status?: string | null; created_at?: string | null }): RunInfo {
  const created = run.created_at ? new Date(run.created_at) : null;
  return { id: run.id, finished: !RUNNING.has(run.status ?? "running"), createdAt: created && !Number.isNaN(created.getTime()) ? created : null };
}

/** The conversation's newest runs, newest first. */
export async function listRecentRuns({ conversationId, limit }: { conversationId: string; limit: number }): Promise<RunInfo[]> {
  try {
    const page = await letta().runs.list({ conversation_id: conversationId, limit, order: "desc" }, { maxRetries: 1 });
    return page.getPaginatedItems().slice(0, limit).map(toRunInfo);
  } catch (error) {
    throw toAppError(error, "backend");
  }
}

/** A run's state. */
export async function readRun({ runId }: { runId: string }): Promise<{ kind: "run"; run: RunInfo } | Lost> {
  try {
    return { kind: "run", run: toRunInfo(await letta().runs.retrieve(runId, { maxRetries: 1 })) };
  } catch (error) {
    if (upstreamStatus(error) === 404) return { kind: "lost" };
    throw toAppError(error, "backend");
  }
}

/** The run's token usage. The one call site of runs.usage.retrieve. */
export async function readRunUsage({ runId }: { runId: string }): Promise<{ kind: "usage"; usage: RunUsage } | Lost> {
  try {
    const usage = await letta().runs.usage.retrieve(runId, { maxRetries: 1 });
    // step_count is in Letta's response but not in the SDK's type.
    const steps = (usage as { step_count?: unknown }).step_count;
    const prompt = usage.prompt_tokens ?? 0;
    const completion = usage.completion_tokens ?? 0;
    return {
      kind: "usage",
      usage: { promptTokens: prompt, completionTokens: completion, totalTokens: usage.total_tokens ?? prompt + completion, stepCount: typeof steps === "number" ? steps : 0 },
    };
  } catch (error) {
    if (upstreamStatus(error) === 404) return { kind: "lost" };
    throw toAppError(error, "backend");
  }
}
