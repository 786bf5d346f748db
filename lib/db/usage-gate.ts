import "server-only";

// The usage-budget part of the one-statement request gate (lib/db/request-context.ts): its CTEs, columns and
// joins, kept here so the gate itself stays readable. Parameters $6..$10 of the gate statement:
//   $6 charge a message? · $7 today (UTC date) · $8 this month's first day · $9 / $10 the USER / ADMIN defaults
//   as [messages/day, tokens/day, tokens/month], NULL = unlimited.
// The day and month come from the app's clock (lib/clock.ts), so tests can cross midnight and month ends.
// Rows are looked up by $1 (the user id) rather than through the `u` CTE, so each is a primary-key probe: joined
// on u.id, the planner can pick the day index and scan every user's row for today (seen at 10 million runs).
//
// Exactly one message per send is counted, and never one over the limit, whatever the concurrency, on any
// instance: the charge is one INSERT … ON CONFLICT DO UPDATE … WHERE on the user's UsageDay row. Postgres locks
// that row and re-checks the WHERE against its newest version, so 50 parallel sends with one message left
// charge exactly one. Tokens are only known after a run, so they are checked against what is counted so far:
// a send is let through while the user is under every limit, and the run that crosses one finishes.

export const BUDGET_SQL = `, budget AS (
  SELECT
    CASE WHEN b."messagesPerDay" IS NULL THEN d.v[1] WHEN b."messagesPerDay" < 0 THEN NULL ELSE b."messagesPerDay" END AS "limitMessagesDay",
    CASE WHEN b."tokensPerDay" IS NULL THEN d.v[2] WHEN b."tokensPerDay" < 0 THEN NULL ELSE b."tokensPerDay" END AS "limitTokensDay",
    CASE WHEN b."tokensPerMonth" IS NULL THEN d.v[3] WHEN b."tokensPerMonth" < 0 THEN NULL ELSE b."tokensPerMonth" END AS "limitTokensMonth"
  FROM u
  CROSS JOIN LATERAL (SELECT CASE WHEN u.role = 'ADMIN' THEN $10::bigint[] ELSE $9::bigint[] END AS v) d
  LEFT JOIN "UsageBudget" b ON b."userId" = $1
  WHERE $6::boolean
), used AS (
  SELECT COALESCE(ud.messages, 0) AS "usedMessagesDay", COALESCE(ud.tokens, 0) AS "usedTokensDay", COALESCE(um.tokens, 0) AS "usedTokensMonth"
  FROM u
  LEFT JOIN "UsageDay" ud ON ud."userId" = $1 AND ud.day = $7::date
  LEFT JOIN "UsageMonth" um ON um."userId" = $1 AND um.month = $8::date
  WHERE $6::boolean
), charge AS (
  INSERT INTO "UsageDay" AS d ("userId", day, messages)
  SELECT u.id, $7::date, 1
  FROM u JOIN budget ON TRUE JOIN used ON TRUE LEFT JOIN hit ON TRUE
  WHERE NOT u.disabled AND (hit.points IS NULL OR hit.points <= $5::int)
    AND (budget."limitMessagesDay" IS NULL OR budget."limitMessagesDay" > 0)
    AND (budget."limitTokensDay" IS NULL OR used."usedTokensDay" < budget."limitTokensDay")
    AND (budget."limitTokensMonth" IS NULL OR used."usedTokensMonth" < budget."limitTokensMonth")
  ON CONFLICT ("userId", day) DO UPDATE SET messages = d.messages + 1
    WHERE d.messages < COALESCE((SELECT "limitMessagesDay" FROM budget), 2147483647)
  RETURNING messages
)`;

export const BUDGET_COLUMNS = `budget."limitMessagesDay", budget."limitTokensDay", budget."limitTokensMonth",
  used."usedMessagesDay", used."usedTokensDay", used."usedTokensMonth", charge.messages AS "chargedMessages",
  EXISTS (SELECT 1 FROM "UsageRecord" p WHERE p."userId" = $1 AND p.state = 'PENDING') AS "pendingUsage"`;

export const BUDGET_JOINS = ` LEFT JOIN budget ON TRUE LEFT JOIN used ON TRUE LEFT JOIN charge ON TRUE`;

/** What the route passes when a request charges a message. */
export type BudgetParams = { day: string; month: string; userDefaults: (number | null)[]; adminDefaults: (number | null)[] };

// pg returns bigint columns as strings.
type Big = string | number | null;
export type BudgetRow = {
  limitMessagesDay: Big; limitTokensDay: Big; limitTokensMonth: Big;
  usedMessagesDay: Big; usedTokensDay: Big; usedTokensMonth: Big;
  chargedMessages: number | null; pendingUsage: boolean;
};

export type GateBudget = {
  /** The send's message was counted (it is within every limit). */
  charged: boolean;
  limits: { messagesPerDay: number | null; tokensPerDay: number | null; tokensPerMonth: number | null };
  /** Before this request. */
  used: { messagesToday: number; tokensToday: number; tokensThisMonth: number };
};

const num = (v: Big) => (v === null ? null : Number(v));

/** Splits the gate's row into the budget and the rest. */
type BudgetColumns = Omit<BudgetRow, "pendingUsage">;
export function budgetFromRow<T extends BudgetColumns>(row: T): { budget: GateBudget; rest: Omit<T, keyof BudgetColumns> } {
  const { limitMessagesDay, limitTokensDay, limitTokensMonth, usedMessagesDay, usedTokensDay, usedTokensMonth, chargedMessages, ...rest } = row;
  return {
    rest,
    budget: {
      charged: chargedMessages !== null,
      limits: { messagesPerDay: num(limitMessagesDay), tokensPerDay: num(limitTokensDay), tokensPerMonth: num(limitTokensMonth) },
      used: { messagesToday: num(usedMessagesDay) ?? 0, tokensToday: num(usedTokensDay) ?? 0, tokensThisMonth: num(usedTokensMonth) ?? 0 },
    },
  };
}
