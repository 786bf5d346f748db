import "server-only";
import type { Role } from "@/generated/prisma/client";
import { db } from "./client";
import { databaseError } from "./errors";
import type { Tx } from "./locks";

// Account deletion's rows. Deleting the User row removes everything that hangs off it through ON DELETE CASCADE
// foreign keys (OAuth accounts, sessions, the conversation mapping, and any per-user table added later with a
// cascading key); the rate-limit windows are keyed by text, so they are deleted here by key. The audit log has
// no foreign keys on purpose and keeps every record.

export type DeletableAccount = {
  id: string; email: string | null; name: string | null; role: Role; disabled: boolean; passwordHash: string | null;
};

export async function getDeletableAccount({ id, tx }: { id: string; tx?: Tx }): Promise<DeletableAccount | null> {
  try {
    return await (tx ?? db).user.findUnique({
      where: { id }, select: { id: true, email: true, name: true, role: true, disabled: true, passwordHash: true },
    });
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** Deletes the user and every row of theirs; false when there was no such user (already deleted). */
export async function deleteUserRows({ user, tx }: { user: { id: string; email: string | null }; tx: Tx }): Promise<boolean> {
  try {
    // API windows are `api_<name>:<userId>`; the sign-in window of the account is `signin_account:<email>`.
    const keys = [`api\\_%:${user.id}`, ...(user.email ? [`signin\\_account:${user.email}`] : [])];
    await tx.$executeRaw`DELETE FROM "RateLimiterFlexible" WHERE key LIKE ANY(${keys}::text[])`;
    const { count } = await tx.user.deleteMany({ where: { id: user.id } });
    return count === 1;
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** Which of these user ids no longer have an account (for the audit views' "deleted" marks). */
export async function missingUserIds({ ids }: { ids: string[] }): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  try {
    const found = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const present = new Set(found.map((row) => row.id));
    return new Set(ids.filter((id) => !present.has(id)));
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** Whether the account has a password (deletion asks for it) or signs in only through OAuth/OIDC (asks for the email). */
export async function hasPassword({ id }: { id: string }): Promise<boolean> {
  try {
    return ((await db.user.findUnique({ where: { id }, select: { passwordHash: true } }))?.passwordHash ?? null) !== null;
  } catch (cause) {
    throw databaseError(cause);
  }
}
