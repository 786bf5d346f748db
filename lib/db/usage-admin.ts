import "server-only";
import { pool } from "./client";
import { databaseError } from "./errors";

// The admin console's usage queries. Each reads roll-ups, never the usage records themselves, through indexes
// made for it (README "Usage and budgets" shows them under EXPLAIN at 100,000 users / 10 million runs):
// - totals per day: an index-only scan of UsageDay_day_userId_idx (day, userId, INCLUDE messages, tokens, runs);
// - top users and the CSV: UsageMonth_month_tokens_userId_idx, in token order, a page at a time.

export type DayTotal = { day: string; messages: number; tokens: number; runs: number; users: number };
export type UserMonthUsage = { userId: string; email: string | null; name: string | null; role: string; tokens: number; runs: number; messages: number };

async function rows<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
  try {
    return (await pool().query<R>(sql, params)).rows;
  } catch (cause) {
    throw databaseError(cause);
  }
}

export const DAILY_TOTALS_SQL = `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(messages)::bigint AS messages, sum(tokens)::bigint AS tokens,
  sum(runs)::bigint AS runs, count(*)::int AS users
FROM "UsageDay" WHERE day BETWEEN $1::date AND $2::date GROUP BY day ORDER BY day`;

/** Totals for each day from `from` to `to` (UTC dates, inclusive); days without use are zeros. */
export async function dailyTotals({ from, to }: { from: string; to: string }): Promise<DayTotal[]> {
  const found = new Map(
    (await rows<Record<string, string | number>>(DAILY_TOTALS_SQL, [from, to])).map((r) => [String(r.day), r]),
  );
  const out: DayTotal[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    const day = d.toISOString().slice(0, 10);
    const r = found.get(day);
    out.push({ day, messages: Number(r?.messages ?? 0), tokens: Number(r?.tokens ?? 0), runs: Number(r?.runs ?? 0), users: Number(r?.users ?? 0) });
  }
  return out;
}

export const MONTH_USERS_SQL = `SELECT m."userId", u.email, u.name, u.role::text AS role, m.tokens, m.runs,
  (SELECT COALESCE(sum(d.messages), 0) FROM "UsageDay" d
    WHERE d."userId" = m."userId" AND d.day >= $1::date AND d.day < ($1::date + interval '1 month')) AS messages
FROM "UsageMonth" m JOIN "User" u ON u.id = m."userId"
WHERE m.month = $1::date AND ($3::bigint IS NULL OR (m.tokens, m."userId") < ($3::bigint, $4::text))
ORDER BY m.tokens DESC, m."userId" DESC LIMIT $2`;

/**
 * Users by tokens in the month (`month` = its first day), most first; `after` continues from the last row of the
 * previous page (the CSV export reads the whole month this way, a page at a time).
 */
export async function monthUsers(
  { month, limit, after }: { month: string; limit: number; after?: { tokens: number; userId: string } },
): Promise<UserMonthUsage[]> {
  const found = await rows<Record<string, string | number | null>>(MONTH_USERS_SQL, [month, limit, after?.tokens ?? null, after?.userId ?? null]);
  return found.map((r) => ({
    userId: String(r.userId), email: r.email === null ? null : String(r.email), name: r.name === null ? null : String(r.name), role: String(r.role),
    tokens: Number(r.tokens), runs: Number(r.runs), messages: Number(r.messages),
  }));
}

/** A user's recent runs, newest first (their admin page). */
export async function recentRuns({ userId, limit }: { userId: string; limit: number }) {
  return rows<{ runId: string; startedAt: Date; state: string; promptTokens: number; completionTokens: number; totalTokens: number; stepCount: number }>(
    `SELECT "runId", "startedAt", state::text AS state, "promptTokens", "completionTokens", "totalTokens", "stepCount"
     FROM "UsageRecord" WHERE "userId" = $1 ORDER BY "startedAt" DESC LIMIT $2`,
    [userId, limit],
  );
}
