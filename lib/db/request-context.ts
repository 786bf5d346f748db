import "server-only";
import type { Role } from "@/generated/prisma/client";
import { pool } from "./client";
import { databaseError } from "./errors";
import { consumePointSql, msBeforeNextSql } from "./rate-limits";
import type { SessionUser } from "./users";

/**
 * Everything an API request needs from Postgres before it can do its work, in ONE statement (one round trip,
 * one implicit transaction): the signed-in user's row (role and disabled flag, read fresh on every request), only
 * while the cookie's session (`sid`, a "UserSession" row) is live, so a signed-out cookie stops working at once,
 * their conversation mapping when the route asks for it, and, when the route is rate limited, one point
 * consumed from their window (lib/db/rate-limits.ts owns the limit table and its format).
 * A point is only taken from an account that may use the route: not from a disabled account, nor from a
 * non-admin calling an admin route. It runs on the pg pool directly: none of Prisma's per-query work on the path
 * to the first byte. (Unnamed, not a named prepared statement, so it also works through transaction-mode poolers.)
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
    AND EXISTS (SELECT 1 FROM "UserSession" s WHERE s.id = $5 AND s."userId" = $1 AND s."revokedAt" IS NULL)
), seen AS (
  UPDATE "UserSession" SET "lastSeenAt" = now()
  WHERE id = $5 AND "userId" = $1 AND "revokedAt" IS NULL AND "lastSeenAt" < now() - interval '${SEEN_EVERY_MINUTES} minutes'
), hit AS (${consume}
)
SELECT u.id, u.email, u.name, u.image, u.role, u.disabled,
  ${withConversation ? `c."lettaConversationId", c."agentId"` : `NULL::text AS "lettaConversationId", NULL::text AS "agentId"`},
  hit.points AS "ratePoints",
  ${msBeforeNextSql("hit.expire")} AS "rateMsLeft"
FROM u ${withConversation ? `LEFT JOIN "Conversation" c ON c."userId" = u.id ` : ""}LEFT JOIN hit ON TRUE`;
}

const GATE_SQL = gateSql({ withConversation: true });
const GATE_SQL_WITHOUT_CONVERSATION = gateSql({ withConversation: false });

type Row = SessionUser & { role: string; lettaConversationId: string | null; agentId: string | null; ratePoints: number | null; rateMsLeft: number | null };

export type RequestContext = {
  /** The account the session names, disabled or not; null when it no longer exists or the session was revoked. */
  user: SessionUser | null;
  /** The user's conversation mapping; null when they have none, or the route did not ask for it. */
  conversation: { userId: string; lettaConversationId: string; agentId: string } | null;
  /** Points used in the current window, including this request's, and when the window ends; null if none taken. */
  rate: { points: number; msBeforeNext: number } | null;
};

export async function loadRequestContext(
  { userId, sessionId, rateLimit, adminOnly = false, withConversation }:
  { userId: string; sessionId: string; rateLimit?: { key: string; durationSeconds: number }; adminOnly?: boolean; withConversation: boolean },
): Promise<RequestContext> {
  let row: Row | undefined;
  try {
    const sql = withConversation ? GATE_SQL : GATE_SQL_WITHOUT_CONVERSATION;
    const result = await pool().query<Row>(sql, [userId, rateLimit?.key ?? null, rateLimit?.durationSeconds ?? 0, adminOnly, sessionId]);
    row = result.rows[0];
  } catch (cause) {
    throw databaseError(cause);
  }
  if (!row) return { user: null, conversation: null, rate: null };
  const { lettaConversationId, agentId, ratePoints, rateMsLeft, ...user } = row;
  return {
    user: { ...user, role: user.role as Role },
    conversation: lettaConversationId && agentId ? { userId: user.id, lettaConversationId, agentId } : null,
    rate: ratePoints === null ? null : { points: ratePoints, msBeforeNext: rateMsLeft ?? 0 },
  };
}
