import "server-only";
import type { Role } from "@/generated/prisma/client";
import { pool } from "./client";
import { databaseError } from "./errors";
import type { SessionUser } from "./users";

/**
 * Everything an API request needs from Postgres before it can do its work, in ONE statement (one round trip,
 * one implicit transaction): the signed-in user's row (role and disabled flag, read fresh on every request),
 * their conversation mapping, and, when the route is rate limited, one point consumed from their window.
 *
 * The limit is a fixed window per key, as rate-limiter-flexible's store keeps it, in the same table and with
 * the same keys (`api_message:<userId>`): an expired row starts a new window, any other is incremented in
 * place (`ON CONFLICT … DO UPDATE` locks the row, so concurrent requests on any instance are all counted).
 * A point is only taken from an account that may use the route: not from a disabled account, nor from a
 * non-admin calling an admin route. It runs on the pg pool directly: none of Prisma's per-query work on the path
 * to the first byte. (Unnamed, not a named prepared statement, so it also works through transaction-mode poolers.)
 * Timestamps are UTC wall-clock `timestamp(3)`, as Prisma stores them.
 */
const GATE_SQL = `
WITH u AS (
  SELECT id, email, name, image, role::text AS role, disabled FROM "User" WHERE id = $1
), hit AS (
  INSERT INTO "RateLimiterFlexible" AS r (key, points, expire)
  SELECT $2::text, 1, (now() AT TIME ZONE 'UTC') + make_interval(secs => $3::int)
  FROM u WHERE $2::text IS NOT NULL AND NOT u.disabled AND (NOT $4::boolean OR u.role = 'ADMIN')
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN r.expire IS NULL OR r.expire > (now() AT TIME ZONE 'UTC') THEN r.points + 1 ELSE 1 END,
    expire = CASE WHEN r.expire IS NULL OR r.expire > (now() AT TIME ZONE 'UTC') THEN r.expire ELSE EXCLUDED.expire END
  RETURNING points, expire
)
SELECT u.id, u.email, u.name, u.image, u.role, u.disabled,
  c."lettaConversationId", c."agentId",
  hit.points AS "ratePoints",
  GREATEST(0, CEIL(EXTRACT(EPOCH FROM hit.expire - (now() AT TIME ZONE 'UTC')) * 1000))::int AS "rateMsLeft"
FROM u LEFT JOIN "Conversation" c ON c."userId" = u.id LEFT JOIN hit ON TRUE`;

type Row = SessionUser & { role: string; lettaConversationId: string | null; agentId: string | null; ratePoints: number | null; rateMsLeft: number | null };

export type RequestContext = {
  /** The account the session names, disabled or not; null when it no longer exists. */
  user: SessionUser | null;
  conversation: { userId: string; lettaConversationId: string; agentId: string } | null;
  /** Points used in the current window, including this request's, and when the window ends; null if none taken. */
  rate: { points: number; msBeforeNext: number } | null;
};

export async function loadRequestContext(
  { userId, rateLimit, adminOnly = false }:
  { userId: string; rateLimit?: { key: string; durationSeconds: number }; adminOnly?: boolean },
): Promise<RequestContext> {
  let row: Row | undefined;
  try {
    const result = await pool().query<Row>(GATE_SQL, [userId, rateLimit?.key ?? null, rateLimit?.durationSeconds ?? 0, adminOnly]);
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
