import "server-only";
import { after } from "next/server";
import { clock } from "@/lib/clock";
import { countRun, insertPendingRuns, noteUsageReadFailed, pendingRunsBefore, recordListedRuns } from "@/lib/db/usage";
import { listRecentRuns, readRun, readRunUsage, type RunInfo } from "@/lib/letta/runs";
import { utcDay } from "./windows";

// Counting every run a user starts exactly once, whoever watches it (or nobody).
//
//   1. When a send's stream ends (or the browser goes away from it), on the instance that served it, the
//      conversation's newest runs are listed: the newest is the send's run, recorded with its message charged,
//      and any the listing finds unrecorded are recorded PENDING; then the user's pending runs that Letta
//      reports finished are counted. A continuation after a tool call, or a run followed by another request, is
//      recorded when Letta accepts it (recordStartedRun) and counted the same way when its stream ends.
//      (Until issue #16 a send's run was looked up and recorded as soon as Letta accepted it, while the reply
//      streamed: a Letta call and two database writes competing with the reply's first token, and a second
//      listing when it ended. Now one listing and one statement, after the stream: bench/README.md.)
//   2. The same happens at the user's next request to the chat when the gate saw pending runs (a tab closed
//      mid-reply, a hand-off, a time-out), and at their next send for a run an instance never got to record
//      (it died mid-stream: the listing covers the newest runs).
//   3. GET /api/cron/usage counts what is still pending after a minute, for users who never come back.
// Counting is one statement that only turns a PENDING row COUNTED (lib/db/usage.ts countRun), so any number of
// these racing each other count a run once. A Letta or database error leaves the run PENDING for the next pass:
// it never fails the user's request.

/** How many of a conversation's newest runs step 1 looks at. */
const LISTED_RUNS = 10;

function logFailure(what: string, error: unknown): void {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  console.error(`[usage] ${what}`, error instanceof Error ? `${error.message}${cause}` : error);
}

/** A run Letta just accepted that is not a send (a continuation after a tool call, a followed run): recorded PENDING. */
export async function recordStartedRun({ userId, lettaConversationId }: { userId: string; lettaConversationId: string }): Promise<void> {
  try {
    const [run] = await listRecentRuns({ conversationId: lettaConversationId, limit: 1 });
    if (run) await insertPendingRuns([{ runId: run.id, userId, lettaConversationId, startedAt: clock.date() }]);
  } catch (error) {
    logFailure("could not record a started run (the next pass will)", error);
  }
}

/**
 * Steps 1 and 2: records the conversation's unrecorded runs and counts the user's finished ones. `sentAt`: this
 * pass ends a send the gate charged a message for at that time (its run is the newest listed; when that run had
 * its message charged already, the send was a retry that re-attached to it, and the message is given back).
 */
export async function reconcileUser(
  { userId, lettaConversationId, sentAt }: { userId: string; lettaConversationId: string; sentAt?: Date },
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
    // The send's run starts when it was charged: a run belongs to the day its message was counted on.
    if (sentAt && listed[0]) listed[0].startedAt = sentAt;
    const send = sentAt ? { runId: runs[0]?.id ?? null, at: sentAt, day: utcDay(sentAt) } : undefined;
    const recorded = await recordListedRuns({ userId, lettaConversationId, runs: listed, send, pendingLimit: 20 });
    pending = recorded.pending;
    if (send && !recorded.activity) logFailure("could not record activity", new Error(`no conversation row for user ${userId}`));
  } catch (error) {
    logFailure("could not record or read pending runs", error);
    return { counted: 0 };
  }
  let counted = 0;
  for (const runId of pending) if (await countIfFinished(runId, known.get(runId))) counted++;
  return { counted };
}

/** Step 3: counts every user's runs pending since before `olderThanMs` ago, at most `limit` of them per call. */
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
 * Steps 1 and 2 from a route: after the response has been sent (for a stream, once it has ended), never delaying
 * or failing it; `after` keeps a serverless function alive until it is done. `sentAt`: the response was a send's
 * stream, charged at that time.
 */
export function countUsageLater(
  { userId, lettaConversationId }: { userId: string; lettaConversationId: string }, { sentAt }: { sentAt?: Date } = {},
): void {
  after(() => reconcileUser({ userId, lettaConversationId, sentAt }).then(() => undefined));
}
