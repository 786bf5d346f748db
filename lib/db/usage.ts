import "server-only";
import { pool } from "./client";
import { databaseError } from "./errors";

// Usage records and their roll-ups (UsageDay, UsageMonth): the SQL behind lib/usage/. Plain statements on the
// pg pool, each one atomic. Timestamps go in as ISO strings and are stored as UTC wall-clock `timestamp(3)`, as
// Prisma stores them; days and months are UTC `date`s.

export type RunUsage = { promptTokens: number; completionTokens: number; totalTokens: number; stepCount: number };
export type PendingRun = { runId: string; userId: string; lettaConversationId: string; messageCharged: boolean };

async function query<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
  try {
    return (await pool().query<R>(sql, params)).rows;
  } catch (cause) {
    throw databaseError(cause);
  }
}

const UTC = (param: string) => `(${param}::timestamptz AT TIME ZONE 'UTC')`;

/** Records runs as PENDING; runs already recorded are left as they are. Returns the ids that were new. */
export async function insertPendingRuns(
  runs: { runId: string; userId: string; lettaConversationId: string; startedAt: Date }[],
): Promise<string[]> {
  if (runs.length === 0) return [];
  const rows = await query<{ runId: string }>(
    `INSERT INTO "UsageRecord" ("runId", "userId", "lettaConversationId", "startedAt")
     SELECT r.run_id, r.user_id, r.conversation_id, r.started_at::timestamptz AT TIME ZONE 'UTC'
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS r(run_id, user_id, conversation_id, started_at)
     ON CONFLICT ("runId") DO NOTHING RETURNING "runId"`,
    [runs.map((r) => r.runId), runs.map((r) => r.userId), runs.map((r) => r.lettaConversationId), runs.map((r) => r.startedAt.toISOString())],
  );
  return rows.map((r) => r.runId);
}

/** Gives back a message the gate charged for a send that started no run of its own (Letta refused it, or a retry). */
export async function refundMessage({ userId, day }: { userId: string; day: string }): Promise<void> {
  await query(`UPDATE "UsageDay" SET messages = GREATEST(messages - 1, 0) WHERE "userId" = $1 AND day = $2::date`, [userId, day]);
}

/**
 * Recording runs (lib/usage/reconcile.ts, steps 1 and 2) in ONE statement: the listed runs are recorded PENDING
 * (runs already recorded are left as they are) and the ids of the user's runs still waiting to be counted are
 * returned, oldest first (those just recorded included; `pendingLimit` 0 for none). `send`: the listing is of a
 * send the gate charged a message for. Then, in the same statement, the send's run (`send.runId`, the newest
 * listed; null when the listing found none) is marked as having its message charged, the message is given back
 * when that run was charged already (a retry that re-attached to its own run), and the conversation's activity
 * (the admin console's last message and message count) is counted with the time of the send. (Until issue #16
 * these were three or four statements per send on the shared pool, each a round trip: bench/README.md.)
 */
export async function recordListedRuns(
  { userId, lettaConversationId, runs, send, pendingLimit }: {
    userId: string; lettaConversationId: string; runs: { runId: string; startedAt: Date }[]; pendingLimit: number;
    send?: { runId: string | null; at: Date; day: string };
  },
): Promise<{ pending: string[]; activity: boolean }> {
  const [row] = await query<{ pending: string[] | null; activity: boolean }>(
    `WITH listed AS (
       INSERT INTO "UsageRecord" AS r ("runId", "userId", "lettaConversationId", "startedAt", "messageCharged")
       SELECT l.run_id, $1, $2, l.started_at::timestamptz AT TIME ZONE 'UTC', l.run_id IS NOT DISTINCT FROM $5::text
       FROM unnest($3::text[], $4::text[]) AS l(run_id, started_at)
       ON CONFLICT ("runId") DO UPDATE SET "messageCharged" = true WHERE EXCLUDED."messageCharged" AND NOT r."messageCharged"
       RETURNING "runId", "startedAt", (xmax = 0) AS inserted
     ), refund AS (
       UPDATE "UsageDay" SET messages = GREATEST(messages - 1, 0)
       WHERE $6::boolean AND $5::text IS NOT NULL AND "userId" = $1 AND day = $8::date
         AND NOT EXISTS (SELECT 1 FROM listed WHERE "runId" = $5::text)
     ), activity AS (
       UPDATE "Conversation" SET "lastMessageAt" = ${UTC("$7")}, "updatedAt" = now() AT TIME ZONE 'UTC',
         "messageCount" = "messageCount" + 1
       WHERE $6::boolean AND "userId" = $1
       RETURNING 1
     ), pending AS (
       SELECT "runId", "startedAt" FROM "UsageRecord" WHERE "userId" = $1 AND state = 'PENDING'
       UNION ALL SELECT "runId", "startedAt" FROM listed WHERE inserted
     )
     SELECT (SELECT array_agg("runId") FROM (SELECT "runId" FROM pending ORDER BY "startedAt" LIMIT $9) p) AS pending,
       EXISTS (SELECT 1 FROM activity) AS activity`,
    [
      userId, lettaConversationId, runs.map((r) => r.runId), runs.map((r) => r.startedAt.toISOString()), send?.runId ?? null,
      Boolean(send), (send?.at ?? new Date(0)).toISOString(), send?.day ?? null, pendingLimit,
    ],
  );
  return { pending: row?.pending ?? [], activity: Boolean(row?.activity) };
}

/** Every user's runs waiting since before `cutoff`, oldest first (the sweep). */
export async function pendingRunsBefore({ cutoff, limit }: { cutoff: Date; limit: number }): Promise<PendingRun[]> {
  return query<PendingRun>(
    `SELECT "runId", "userId", "lettaConversationId", "messageCharged" FROM "UsageRecord"
     WHERE state = 'PENDING' AND "startedAt" < ${UTC("$1")} ORDER BY "startedAt" LIMIT $2`,
    [cutoff.toISOString(), limit],
  );
}

/**
 * Counts a finished run, exactly once: the record goes PENDING → COUNTED and its tokens are added to the user's
 * day and month (of when the run started) in ONE statement. A second call for the same run (another instance,
 * the sweep, a retry) finds no PENDING row and adds nothing. Returns whether this call counted it.
 */
export async function countRun({ runId, usage, countedAt }: { runId: string; usage: RunUsage; countedAt: Date }): Promise<boolean> {
  const rows = await query<{ counted: number }>(
    `WITH done AS (
       UPDATE "UsageRecord" SET state = 'COUNTED', "promptTokens" = $2, "completionTokens" = $3, "totalTokens" = $4,
         "stepCount" = $5, "countedAt" = ${UTC("$6")}
       WHERE "runId" = $1 AND state = 'PENDING'
       RETURNING "userId", "startedAt", "totalTokens"
     ), day AS (
       INSERT INTO "UsageDay" AS d ("userId", day, tokens, runs)
       SELECT "userId", "startedAt"::date, "totalTokens", 1 FROM done
       ON CONFLICT ("userId", day) DO UPDATE SET tokens = d.tokens + EXCLUDED.tokens, runs = d.runs + 1
     ), month AS (
       INSERT INTO "UsageMonth" AS m ("userId", month, tokens, runs)
       SELECT "userId", date_trunc('month', "startedAt")::date, "totalTokens", 1 FROM done
       ON CONFLICT ("userId", month) DO UPDATE SET tokens = m.tokens + EXCLUDED.tokens, runs = m.runs + 1
     )
     SELECT count(*)::int AS counted FROM done`,
    [runId, usage.promptTokens, usage.completionTokens, usage.totalTokens, usage.stepCount, countedAt.toISOString()],
  );
  return rows[0]?.counted === 1;
}

/** Letta could not tell us a run's usage this time: noted, and tried again later. */
export async function noteUsageReadFailed({ runId }: { runId: string }): Promise<void> {
  await query(`UPDATE "UsageRecord" SET attempts = attempts + 1 WHERE "runId" = $1 AND state = 'PENDING'`, [runId]);
}

export type BudgetOverride = { messagesPerDay: number | null; tokensPerDay: number | null; tokensPerMonth: number | null };
export type UserUsageRow = { messagesToday: number; tokensToday: number; tokensThisMonth: number; override: BudgetOverride | null };

/** A user's use today and this month, and their override (null: none), in one statement. */
export async function readUserUsage({ userId, day, month }: { userId: string; day: string; month: string }): Promise<UserUsageRow> {
  const [row] = await query<Record<string, string | number | null>>(
    `SELECT
       (SELECT messages FROM "UsageDay" WHERE "userId" = $1 AND day = $2::date) AS "messagesToday",
       (SELECT tokens FROM "UsageDay" WHERE "userId" = $1 AND day = $2::date) AS "tokensToday",
       (SELECT tokens FROM "UsageMonth" WHERE "userId" = $1 AND month = $3::date) AS "tokensThisMonth",
       b."userId" AS "overrideUserId", b."messagesPerDay", b."tokensPerDay", b."tokensPerMonth"
     FROM (SELECT 1) one LEFT JOIN "UsageBudget" b ON b."userId" = $1`,
    [userId, day, month],
  );
  const n = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return {
    messagesToday: n(row?.messagesToday) ?? 0,
    tokensToday: n(row?.tokensToday) ?? 0,
    tokensThisMonth: n(row?.tokensThisMonth) ?? 0,
    override: row?.overrideUserId
      ? { messagesPerDay: n(row.messagesPerDay), tokensPerDay: n(row.tokensPerDay), tokensPerMonth: n(row.tokensPerMonth) }
      : null,
  };
}
