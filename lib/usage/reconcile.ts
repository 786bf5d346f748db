import "server-only";
import { after } from "next/server";
import { clock } from "@/lib/clock";
import { countRun, noteUsageReadFailed, pendingRunsBefore, recordListedRuns } from "@/lib/db/usage";
import { listRecentRuns, readRun, readRunUsage, type RunInfo } from "@/lib/letta/runs";
import { utcDay } from "./windows";

// Counting every run a user starts exactly once, whoever watches it (or nobody).
//
//   1. When Letta accepts a send (or the continuation after a tool call), the run is looked up (the newest run of
//      the user's conversation: one run at a time per conversation, so while its reply streams it is the newest)
//      and recorded PENDING, in one statement with, for a send, its charged message and the admin console's
//      activity. Looked up then, not when the stream ends: by then the user (or a script) may have started the
//      next run, and taking that one for this send would give a message back that was due (bench/README.md).
//   2. When a stream ends, on whatever instance served it, the conversation's newest runs are listed and, in one
//      statement, recorded if step 1 missed them (the database was briefly down, the instance died) while the
//      user's pending runs are read; those Letta reports finished are counted.
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
 * Step 1, for a run Letta just accepted. `sentAt`: the run is a send's, charged a message at that time; when the
 * run turns out to be one already charged (a retry that re-attached to its run), the message is given back.
 */
export async function recordStartedRun(
  { userId, lettaConversationId, sentAt }: { userId: string; lettaConversationId: string; sentAt?: Date },
): Promise<void> {
  let run: RunInfo | undefined;
  try {
    [run] = await listRecentRuns({ conversationId: lettaConversationId, limit: 1 });
  } catch (error) {
    // The end-of-stream listing records the run; a send's activity is still counted below.
    logFailure("could not look up a started run (the next pass will record it)", error);
  }
  try {
    if (!run && !sentAt) return;
    const runs = run ? [{ runId: run.id, startedAt: sentAt ?? clock.date() }] : [];
    const send = sentAt ? { runId: run?.id ?? null, at: sentAt, day: utcDay(sentAt) } : undefined;
    const { activity } = await recordListedRuns({ userId, lettaConversationId, runs, send, pendingLimit: 0 });
    if (send && !activity) logFailure("could not record activity", new Error(`no conversation row for user ${userId}`));
  } catch (error) {
    logFailure("could not record a started run (the next pass will)", error);
  }
}

/** Steps 2 and 3: records the conversation's unrecorded runs and counts the user's finished ones. */
export async function reconcileUser(
  { userId, lettaConversationId }: { userId: string; lettaConversationId: string },
): Promise<{ counted: number }> {
  const known = new Map<string, RunInfo>();
  let runs: RunInfo[] = [];
  try {
    runs = await listRecentRuns({ conversationId: lettaConversationId, limit: LISTED_RUNS });
    for (const run of runs) known.set(run.id, run);
  } catch (error) {
    logFailure("could not list the conversation's runs", error);
  }
  let pending: string[];
  try {
    const listed = runs.map((run) => ({ runId: run.id, startedAt: run.createdAt ?? clock.date() }));
    ({ pending } = await recordListedRuns({ userId, lettaConversationId, runs: listed, pendingLimit: 20 }));
  } catch (error) {
    logFailure("could not record or read pending runs", error);
    return { counted: 0 };
  }
  let counted = 0;
  for (const runId of pending) if (await countIfFinished(runId, known.get(runId))) counted++;
  return { counted };
}

/** Step 4: counts every user's runs pending since before `olderThanMs` ago, at most `limit` of them per call. */
export async function sweepPendingUsage(
  { olderThanMs = 60_000, limit = 200 }: { olderThanMs?: number; limit?: number } = {},
): Promise<{ checked: number; counted: number }> {
  const pending = await pendingRunsBefore({ cutoff: new Date(clock.now() - olderThanMs), limit });
  let counted = 0;
  for (const run of pending) if (await countIfFinished(run.runId)) counted++;
  return { checked: pending.length, counted };
}

/**
 * Counts the run if Letta says it has ended; a run Letta no longer knows is counted with no usage (there is nothing
 * left to ask). Errors are logged and the run stays PENDING.
 */
async function countIfFinished(runId: string, listed?: RunInfo): Promise<boolean> {
  try {
    const known = listed ?? (await readRun({ runId }).then((outcome) => (outcome.kind === "run" ? outcome.run : null)));
    if (known && !known.finished) return false;
    const read = known ? await readRunUsage({ runId }) : ({ kind: "lost" } as const);
    const usage = read.kind === "usage" ? read.usage : { promptTokens: 0, completionTokens: 0, totalTokens: 0, stepCount: 0 };
    return await countRun({ runId, usage, countedAt: clock.date() });
  } catch (error) {
    logFailure(`could not count run ${runId} (retried later)`, error);
    await noteUsageReadFailed({ runId }).catch(() => undefined);
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
