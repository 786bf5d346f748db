// Direct database access for browser tests: arrange accounts in states the UI
// cannot reach on its own (an admin, a disabled user) and assert what was stored.
import { randomUUID } from "node:crypto";
import { hash } from "@node-rs/argon2";
import pg from "pg";

let pool: pg.Pool | undefined;
export function database(): pg.Pool {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL must be set for browser tests (npm test sets it).");
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 2 });
    // An idle connection that the server closes (the cluster test stops Postgres) must not crash the worker.
    pool.on("error", () => undefined);
  }
  return pool;
}

export const PASSWORD = "correct-horse-9";

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
}

export async function createUser(options: { email?: string; name?: string; role?: "USER" | "ADMIN"; disabled?: boolean } = {}) {
  const email = options.email ?? uniqueEmail("user");
  const id = `e2e_${randomUUID().replace(/-/g, "")}`;
  const passwordHash = await hash(PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  await database().query(
    `INSERT INTO "User" (id, email, name, "passwordHash", role, disabled, "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5::"Role", $6, now(), now())`,
    [id, email, options.name ?? email.split("@")[0], passwordHash, options.role ?? "USER", options.disabled ?? false],
  );
  return { id, email, password: PASSWORD, name: options.name ?? email.split("@")[0]! };
}

export async function setDisabled(userId: string, disabled: boolean) {
  await database().query(`UPDATE "User" SET disabled = $2 WHERE id = $1`, [userId, disabled]);
}

export type AuditRow = { id: string; adminId: string; adminEmail: string | null; targetUserId: string; targetEmail: string | null; action: string; details: Record<string, unknown> | null };

/** The audit records about a user, oldest first. */
export async function auditRows(targetUserId: string): Promise<AuditRow[]> {
  const { rows } = await database().query(
    `SELECT id::text, "adminId", "adminEmail", "targetUserId", "targetEmail", action::text, details FROM "AuditLog" WHERE "targetUserId" = $1 ORDER BY id`,
    [targetUserId],
  );
  return rows as AuditRow[];
}

export async function accountState(userId: string): Promise<{ role: string; disabled: boolean }> {
  const { rows } = await database().query(`SELECT role::text, disabled FROM "User" WHERE id = $1`, [userId]);
  return rows[0] as { role: string; disabled: boolean };
}

/**
 * "Never the last admin" is about the whole deployment: to test it, a spec first makes its own admins
 * the only active ones by disabling every other admin left in the (throwaway, shared) test database.
 */
export async function disableAdminsExcept(keep: string[]): Promise<void> {
  await database().query(`UPDATE "User" SET disabled = true WHERE role = 'ADMIN' AND NOT disabled AND NOT (id = ANY($1::text[]))`, [keep]);
}

/**
 * Empties these users' per-minute API windows. For tests that make more requests than a person would in a minute
 * on purpose (many turns in a row, hostile input): what they test is not the limiter, which has its own tests.
 */
export async function resetRateLimits(...userIds: string[]): Promise<void> {
  await database().query(`DELETE FROM "RateLimiterFlexible" WHERE key LIKE ANY($1::text[])`, [userIds.map((id) => `api_%:${id}`)]);
}

/** A server-side session for a hand-made session cookie (its `sid`), as sign-in would create one. */
export async function createSessionRow(userId: string): Promise<string> {
  const id = `e2e_${randomUUID().replace(/-/g, "")}`;
  await database().query(`INSERT INTO "UserSession" (id, "userId") VALUES ($1, $2)`, [id, userId]);
  return id;
}
