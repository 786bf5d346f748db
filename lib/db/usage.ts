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

/**
 * The run a send started: recorded PENDING (if the listing after another stream did not record it first), with
 * its message charged. Returns false when that message was already charged to this run: the send was a retry that
 * re-attached to its own run, so the caller gives the message back.
 */
export async function recordSendRun(
  { runId, userId, lettaConversationId, startedAt }: { runId: string; userId: string; lettaConversationId: string; startedAt: Date },
): Promise<boolean> {
  const rows = await query<{ runId: string }>(
    `INSERT INTO "UsageRecord" ("runId", "userId", "lettaConversationId", "startedAt", "messageCharged")
     VALUES ($1, $2, $3, ${UTC("$4")}, true)
     ON CONFLICT ("runId") DO UPDATE SET "messageCharged" = true WHERE NOT "UsageRecord"."messageCharged"
     RETURNING "runId"`,
    [runId, userId, lettaConversationId, startedAt.toISOString()],
  );
  return rows.length === 1;
}

/** Gives back a message the gate charged for a send that started no run of its own (Letta refused it, or a retry). */
export async function refundMessage({ userId, day }: { userId: string; day: string }): Promise<void> {
  await query(`UPDATE "UsageDay" SET messages = GREATEST(messages - 1, 0) WHERE "userId" = $1 AND day = $2::date`, [userId, day]);
}

/** The user's runs still waiting to be counted, oldest first. */
export async function pendingRunsOfUser({ userId, limit }: { userId: string; limit: number }): Promise<PendingRun[]> {
  return query<PendingRun>(
    `SELECT "runId", "userId", "lettaConversationId", "messageCharged" FROM "UsageRecord"
     WHERE "userId" = $1 AND state = 'PENDING' ORDER BY "startedAt" LIMIT $2`,
    [userId, limit],
  );
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
