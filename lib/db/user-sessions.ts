import "server-only";
import { db } from "./client";
import { databaseError } from "./errors";

// The server-side half of a session (the "UserSession" table). The session cookie is an Auth.js JWT that carries
// the row's id (`sid`); the request gate (request-context.ts) admits a cookie only while its row exists and is
// not revoked. Revoking is what sign-out, "sign out everywhere", a password change and a reset do.

export type UserSessionInfo = { id: string; createdAt: Date; lastSeenAt: Date; userAgent: string | null };

/** Rows older than the longest a cookie can live (30 days after its last re-issue) are of no use to anyone. */
const PRUNE_AFTER_DAYS = 31;

/** Records a new session at sign-in, and drops this account's revoked and long-idle rows. */
export async function createUserSession({ id, userId, userAgent }: { id: string; userId: string; userAgent: string | null }): Promise<void> {
  try {
    await db.$transaction([
      db.userSession.deleteMany({
        where: {
          userId,
          OR: [{ revokedAt: { not: null } }, { lastSeenAt: { lt: new Date(Date.now() - PRUNE_AFTER_DAYS * 24 * 60 * 60 * 1000) } }],
        },
      }),
      db.userSession.create({ data: { id, userId, userAgent: userAgent?.slice(0, 512) || null } }),
    ]);
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** Revokes one session of the user (sign-out). Unknown or foreign ids change nothing. */
export async function revokeUserSession({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  try {
    const { count } = await db.userSession.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
    return count > 0;
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** Revokes every session of the user, or every one but `exceptId` (the browser that asked). */
export async function revokeUserSessions({ userId, exceptId }: { userId: string; exceptId?: string }): Promise<number> {
  try {
    const { count } = await db.userSession.updateMany({
      where: { userId, revokedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
      data: { revokedAt: new Date() },
    });
    return count;
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** The user's sessions that still admit a cookie, most recently active first, and when they were read. */
export async function listActiveUserSessions({ userId }: { userId: string }): Promise<{ sessions: UserSessionInfo[]; asOf: number }> {
  try {
    const asOf = Date.now();
    const sessions = await db.userSession.findMany({
      where: {
        userId, revokedAt: null,
        lastSeenAt: { gte: new Date(Date.now() - PRUNE_AFTER_DAYS * 24 * 60 * 60 * 1000) },
      },
      select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true },
      orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
      take: 50,
    });
    return { sessions, asOf };
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** Whether the session still admits its cookie (for Auth.js's own session endpoint; API routes use the gate). */
export async function isUserSessionLive({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  try {
    return (await db.userSession.count({ where: { id, userId, revokedAt: null } })) > 0;
  } catch (cause) {
    throw databaseError(cause);
  }
}
