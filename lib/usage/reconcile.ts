import "server-only";
import { after } from "next/server";
import { clock } from "@/lib/clock";
import {
  countRun, insertPendingRuns, noteUsageReadFailed, pendingRunsBefore, pendingRunsOfUser, recordSendRun, refundMessage,
  type PendingRun,
} from "@/lib/db/usage";
import { listRecentRuns, readRun, readRunUsage, type RunInfo } from "@/lib/letta/runs";
import { utcDay } from "./windows";

// Counting every run a user starts exactly once, whoever watches it (or nobody).
//
//   1. When Letta accepts a send (or the continuation after a tool call), the run is looked up (the newest run of
//      the user's conversation: one run at a time per conversation) and recorded PENDING, while the reply streams.
//   2. When a stream ends, on whatever instance served it, the user's pending runs that Letta reports finished
//      are counted. The conversation's newest runs are listed first, so a run step 1 missed (the database was
//      briefly down, the instance died) is recorded then.
//   3. The same happens at the user's next request to the chat when the gate saw pending runs (a tab closed
//      mid-reply, a hand-off, a time-out), and
//   4. GET /api/cron/usage counts what is still pending after a minute, for users who never come back.
// Counting is one statement that only turns a PENDING row COUNTED (lib/db/usage.ts countRun), so any number of
// these racing each other count a run once. A Letta or database error leaves the run PENDING for the next pass:
// it never fails the user's request.

/** How many of a conversation's newest runs step 2 looks at. */
const LISTED_RUNS = 10;

function logFailure(what: string, error: unknown): void {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  console.error(`[usage] ${what}`, error instanceof Error ? `${error.message}${cause}` : error);
}

/**
 * Step 1, for a run Letta just accepted. `chargedAt`: the send was charged a message at that time; when the run
 * turns out to be one already charged (a retry that re-attached to its run), the message is given back.
 */
export async function recordStartedRun(
  { userId, lettaConversationId, chargedAt }: { userId: string; lettaConversationId: string; chargedAt?: Date },
): Promise<void> {
  try {
    const [run] = await listRecentRuns({ conversationId: lettaConversationId, limit: 1 });
    if (!run) return;
    const startedAt = chargedAt ?? clock.date();
    if (chargedAt) {
      const charged = await recordSendRun({ runId: run.id, userId, lettaConversationId, startedAt });
      if (!charged) await refundMessage({ userId, day: utcDay(chargedAt) });
    } else {
      await insertPendingRuns([{ runId: run.id, userId, lettaConversationId, startedAt }]);
    }
  } catch (error) {
    logFailure("could not record a started run (the next pass will)", error);
  }
}

/** Steps 2 and 3: records the conversation's unrecorded runs and counts the user's finished ones. */
export async function reconcileUser(
  { userId, lettaConversationId }: { userId: string; lettaConversationId: string },
): Promise<{ counted: number }> {
  const known = new Map<string, RunInfo>();
  try {
    const runs = await listRecentRuns({ conversationId: lettaConversationId, limit: LISTED_RUNS });
    for (const run of runs) known.set(run.id, run);
    await insertPendingRuns(runs.map((run) => ({ runId: run.id, userId, lettaConversationId, startedAt: run.createdAt ?? clock.date() })));
  } catch (error) {
    logFailure("could not list the conversation's runs", error);
  }
  let pending: PendingRun[];
  try {
    pending = await pendingRunsOfUser({ userId, limit: 20 });
  } catch (error) {
    logFailure("could not read pending runs", error);
    return { counted: 0 };
  }
  let counted = 0;
  for (const run of pending) if (await countIfFinished(run, known.get(run.runId))) counted++;
  return { counted };
}

/** Step 4: counts every user's runs pending since before `olderThanMs` ago, at most `limit` of them per call. */
export async function sweepPendingUsage(
  { olderThanMs = 60_000, limit = 200 }: { olderThanMs?: number; limit?: number } = {},
): Promise<{ checked: number; counted: number }> {
  const pending = await pendingRunsBefore({ cutoff: new Date(clock.now() - olderThanMs), limit });
  let counted = 0;
  for (const run of pending) if (await countIfFinished(run)) counted++;
  return { checked: pending.length, counted };
}

/**
 * Counts the run if Letta says it has ended; a run Letta no longer knows is counted with no usage (there is nothing
 * left to ask). Errors are logged and the run stays PENDING.
 */
async function countIfFinished(run: PendingRun, listed?: RunInfo): Promise<boolean> {
  try {
    const known = listed ?? (await readRun({ runId: run.runId }).then((outcome) => (outcome.kind === "run" ? outcome.run : null)));
    if (known && !known.finished) return false;
    const read = known ? await readRunUsage({ runId: run.runId }) : ({ kind: "lost" } as const);
    const usage = read.kind === "usage" ? read.usage : { promptTokens: 0, completionTokens: 0, totalTokens: 0, stepCount: 0 };
    return await countRun({ runId: run.runId, usage, countedAt: clock.date() });
  } catch (error) {
    logFailure(`could not count run ${run.runId} (retried later)`, error);
    await noteUsageReadFailed({ runId: run.runId }).catch(() => undefined);
    return false;
  }
}

/**
 * Steps 2 and 3 from a route: after the response has been sent (for a stream, once it has ended), never delaying
 * or failing it; `after` keeps a serverless function alive until it is done.
 */
export function countUsageLater({ userId, lettaConversationId }: { userId: string; lettaConversationId: string }): void {
  after(() => reconcileUser({ userId, lettaConversationId }).then(() => undefined));
}
