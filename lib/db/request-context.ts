import "server-only";
import type { Role } from "@/generated/prisma/client";
import { pool } from "./client";
import { databaseError } from "./errors";
import { consumePointSql, msBeforeNextSql } from "./rate-limits";
import type { SessionUser } from "./users";
import { BUDGET_COLUMNS, BUDGET_JOINS, BUDGET_SQL, budgetFromRow, type BudgetParams, type BudgetRow, type GateBudget } from "./usage-gate";

/**
 * Everything an API request needs from Postgres before it can do its work, in ONE statement (one round trip,
 * one implicit transaction): the signed-in user's row (role and disabled flag, read fresh on every request), only
 * while the cookie's session (`sid`, a "UserSession" row) is live, so a signed-out cookie stops working at once,
 * their conversation mapping when the route asks for it, and, when the route is rate limited, one point
 * consumed from their window (lib/db/rate-limits.ts owns the limit table and its format).
 * A point is only taken from an account that may use the route: not from a disabled account, nor from a
 * non-admin calling an admin route. It runs on the pg pool directly: none of Prisma's per-query work on the path
 * to the first byte. (Unnamed, not a named prepared statement, so it also works through transaction-mode poolers.)
 * On a send, the same statement also charges one message against the user's daily budget, only if the rate limit
 * let it through ($5: the limit's points) and the user is under every usage limit (lib/db/usage-gate.ts, $6–$10).
 * $11 is the cookie's session id: with a signed-out session, `u` is empty, so nothing is read, charged or limited.
 */
/** How stale a session's "last active" time may get: the gate writes it at most this often per session. */
const SEEN_EVERY_MINUTES = 5;

function gateSql({ withConversation }: { withConversation: boolean }): string {
  const consume = consumePointSql({
    key: "$2::text",
    seconds: "$3::int",
    from: "u",
    where: "$2::text IS NOT NULL AND NOT u.disabled AND (NOT $4::boolean OR u.role = 'ADMIN')",
  });
  return `
WITH u AS (
  SELECT id, email, name, image, role::text AS role, disabled FROM "User" WHERE id = $1
    AND EXISTS (SELECT 1 FROM "UserSession" s WHERE s.id = $11 AND s."userId" = $1 AND s."revokedAt" IS NULL)
), seen AS (
  UPDATE "UserSession" SET "lastSeenAt" = now()
  WHERE id = $11 AND "userId" = $1 AND "revokedAt" IS NULL AND "lastSeenAt" < now() - interval '${SEEN_EVERY_MINUTES} minutes'
), hit AS (${consume}
)${BUDGET_SQL}
SELECT u.id, u.email, u.name, u.image, u.role, u.disabled,
  ${withConversation ? `c."lettaConversationId", c."agentId"` : `NULL::text AS "lettaConversationId", NULL::text AS "agentId"`},
  hit.points AS "ratePoints",
  ${msBeforeNextSql("hit.expire")} AS "rateMsLeft",
  ${BUDGET_COLUMNS}
FROM u ${withConversation ? `LEFT JOIN "Conversation" c ON c."userId" = u.id ` : ""}LEFT JOIN hit ON TRUE${BUDGET_JOINS}`;
}

/** The gate of the user routes (exported for bench/usage-admin.ts, which times it with a charge). */
export const GATE_SQL = gateSql({ withConversation: true });
const GATE_SQL_WITHOUT_CONVERSATION = gateSql({ withConversation: false });

type Row = SessionUser & BudgetRow & {
  role: string; lettaConversationId: string | null; agentId: string | null; ratePoints: number | null; rateMsLeft: number | null;
};

export type RequestContext = {
  /** The account the session names, disabled or not; null when it no longer exists or the session was revoked. */
  user: SessionUser | null;
  /** The user's conversation mapping; null when they have none, or the route did not ask for it. */
  conversation: { userId: string; lettaConversationId: string; agentId: string } | null;
  /** Points used in the current window, including this request's, and when the window ends; null if none taken. */
  rate: { points: number; msBeforeNext: number } | null;
  /** The usage budget, when the route charges a message (else null), and whether runs wait to be counted. */
  budget: GateBudget | null;
  pendingUsage: boolean;
};

export async function loadRequestContext(
  { userId, sessionId, rateLimit, adminOnly = false, withConversation, budget }: {
    userId: string; sessionId: string; rateLimit?: { key: string; durationSeconds: number; points: number }; adminOnly?: boolean;
    withConversation: boolean; budget?: BudgetParams;
  },
): Promise<RequestContext> {
  let row: Row | undefined;
  try {
    const sql = withConversation ? GATE_SQL : GATE_SQL_WITHOUT_CONVERSATION;
    const result = await pool().query<Row>(sql, [
      userId, rateLimit?.key ?? null, rateLimit?.durationSeconds ?? 0, adminOnly, rateLimit?.points ?? null,
      Boolean(budget), budget?.day ?? null, budget?.month ?? null, budget?.userDefaults ?? null, budget?.adminDefaults ?? null,
      sessionId,
    ]);
    row = result.rows[0];
  } catch (cause) {
    throw databaseError(cause);
  }
  if (!row) return { user: null, conversation: null, rate: null, budget: null, pendingUsage: false };
  const { lettaConversationId, agentId, ratePoints, rateMsLeft, pendingUsage, ...rest } = row;
  const { budget: gateBudget, rest: user } = budgetFromRow(rest);
  return {
    user: { ...user, role: user.role as Role },
    conversation: lettaConversationId && agentId ? { userId: user.id, lettaConversationId, agentId } : null,
    rate: ratePoints === null ? null : { points: ratePoints, msBeforeNext: rateMsLeft ?? 0 },
    budget: budget ? gateBudget : null,
    pendingUsage: Boolean(pendingUsage),
  };
}
