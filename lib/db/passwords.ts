import "server-only";
import { db } from "./client";
import { databaseError } from "./errors";

// Password changes and reset links. Every change of password also revokes sessions (lib/db/user-sessions.ts) and
// spends any reset link still outstanding, in the same transaction: nothing is half-changed.

/** The account's password hash (null for an account that only signs in through OAuth/OIDC), or null if none. */
export async function getPasswordAccount({ userId }: { userId: string }): Promise<{ email: string | null; passwordHash: string | null } | null> {
  try {
    return await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** Sets a new password and signs out every session of the account but `keepSessionId` (the browser that asked). */
export async function changePassword({ userId, passwordHash, keepSessionId }: { userId: string; passwordHash: string; keepSessionId: string }): Promise<void> {
  const now = new Date();
  try {
    await db.$transaction([
      db.user.update({ where: { id: userId }, data: { passwordHash } }),
      db.userSession.updateMany({ where: { userId, revokedAt: null, id: { not: keepSessionId } }, data: { revokedAt: now } }),
      db.passwordResetToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } }),
    ]);
  } catch (cause) {
    throw databaseError(cause);
  }
}

export async function createPasswordResetToken({ userId, tokenHash, expiresAt }: { userId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
  try {
    await db.passwordResetToken.create({ data: { userId, tokenHash, expiresAt } });
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** The account a reset link belongs to, while the link is unused and unexpired; null otherwise. */
export async function findUsableResetToken({ tokenHash }: { tokenHash: string }): Promise<{ userId: string; email: string | null } | null> {
  try {
    const row = await db.passwordResetToken.findFirst({
      where: { tokenHash, usedAt: null, expiresAt: { gt: new Date() } },
      select: { userId: true, user: { select: { email: true } } },
    });
    return row ? { userId: row.userId, email: row.user.email } : null;
  } catch (cause) {
    throw databaseError(cause);
  }
}

/**
 * Spends the link and sets the new password, in one transaction: the link is claimed with a conditional update
 * (two submissions of one link cannot both win), every other link of the account is spent too, and every session
 * of the account is signed out. Null when the link is unknown, used or expired (nothing changed).
 */
export async function resetPasswordWithToken({ tokenHash, passwordHash }: { tokenHash: string; passwordHash: string }): Promise<{ userId: string; email: string | null } | null> {
  const now = new Date();
  try {
    return await db.$transaction(async (tx) => {
      const [claimed] = await tx.passwordResetToken.updateManyAndReturn({
        where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
        select: { userId: true },
      });
      if (!claimed) return null;
      const { userId } = claimed;
      const user = await tx.user.update({ where: { id: userId }, data: { passwordHash }, select: { email: true } });
      await tx.passwordResetToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
      await tx.userSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
      return { userId, email: user.email };
    });
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** What a reset request needs to know about the account of an email, or null when there is none. */
export async function getResetAccount({ email }: { email: string }): Promise<{ id: string; email: string; hasPassword: boolean; disabled: boolean; providers: string[] } | null> {
  try {
    const user = await db.user.findUnique({
      where: { email },
      select: { id: true, email: true, passwordHash: true, disabled: true, accounts: { select: { provider: true } } },
    });
    if (!user?.email) return null;
    return { id: user.id, email: user.email, hasPassword: !!user.passwordHash, disabled: user.disabled, providers: user.accounts.map((a) => a.provider) };
  } catch (cause) {
    throw databaseError(cause);
  }
}
