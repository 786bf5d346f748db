import "server-only";
import { verifyPassword } from "@/lib/auth/password";
import { countActiveAdmins } from "@/lib/db/admin-users";
import { deleteUserRows, getDeletableAccount, type DeletableAccount } from "@/lib/db/account-deletion";
import { recordAudit } from "@/lib/db/audit";
import { getConversationByUserId } from "@/lib/db/conversations";
import { withAdvisoryLock, type Tx } from "@/lib/db/locks";
import { persistentLimiter, RateLimiterRes } from "@/lib/db/rate-limits";
import { AppError } from "@/lib/errors";
import { cancelRuns, deleteConversation } from "@/lib/letta/conversations";

// Deleting an account, by its owner (Settings) or by an admin (the user's admin page). The order makes a failure
// harmless and a retry complete:
//   1. checks that need no change: the confirmation, "never the last admin";
//   2. Letta: stop a reply in progress, delete the conversation (404 = already gone, so a retry passes here);
//   3. one Postgres transaction: the audit record, then the user and every row of theirs (cascading keys).
// If Letta fails, nothing in Postgres has changed: the error says so and is retryable. If Postgres fails after
// Letta succeeded, the account still exists with a conversation Letta no longer has: the retry finds it gone
// (step 2 passes) and finishes; had the person gone on chatting instead, it would read as a lost conversation.

/** The same lock as role and status changes (lib/admin/account-actions.ts): "count the admins, then change one". */
const LOCK = "admin-accounts";

export type DeletionConfirmation = { password?: string; email?: string };
export type DeletedBy = "self" | "admin";

const who = (user: { email: string | null; name: string | null }) => user.email ?? user.name ?? "This user";

/** Admins deleting accounts: a ceiling well above any real use, so a stolen admin session cannot empty the table. */
const adminDeletions = persistentLimiter({ keyPrefix: "account_delete_admin", points: 30, durationSeconds: 60 * 60 });

async function assertNotLastAdmin(target: DeletableAccount, self: boolean, tx: Tx): Promise<void> {
  if (target.role !== "ADMIN" || target.disabled) return;
  if ((await countActiveAdmins({ tx })) > 1) return;
  throw new AppError("conflict:admin", self
    ? "You are the last admin: promote someone else before you delete your account."
    : `${who(target)} is the last admin. Promote someone else first.`);
}

async function checkConfirmation(account: DeletableAccount, confirmation: DeletionConfirmation): Promise<void> {
  if (account.passwordHash) {
    const ok = !!confirmation.password && (await verifyPassword(account.passwordHash, confirmation.password));
    if (!ok) throw new AppError("bad_request:auth", "That password is not right. Your account was not deleted.");
    return;
  }
  // An account that signs in only through GitHub, Google or single sign-on confirms by typing its email.
  const typed = confirmation.email?.trim().toLowerCase();
  if (!typed || !account.email || typed !== account.email.toLowerCase()) {
    throw new AppError("bad_request:auth", "That is not your account's email. Your account was not deleted.");
  }
}

/** Step 2: the user's Letta conversation, gone for good (or already gone). */
async function deleteLettaConversation(userId: string): Promise<string | null> {
  const conversation = await getConversationByUserId({ userId });
  if (!conversation) return null;
  const conversationId = conversation.lettaConversationId;
  try {
    await cancelRuns({ conversationId });
    await deleteConversation({ conversationId });
  } catch (cause) {
    throw new AppError(
      "offline:conversation",
      "Your conversation could not be deleted from the assistant's server, so nothing was deleted. Please try again in a moment.",
      { cause },
    );
  }
  return conversationId;
}

/** An admin acting is re-checked under the lock: one demoted or disabled a moment ago can no longer delete. */
async function assertActorMayDelete(actorId: string, by: DeletedBy, tx: Tx): Promise<void> {
  if (by === "self") return;
  const actor = await getDeletableAccount({ id: actorId, tx });
  if (!actor || actor.role !== "ADMIN" || actor.disabled) throw new AppError("not_found:api", "Not found.");
}

async function deleteAccount({ actor, target, by }: { actor: { id: string; email: string | null }; target: DeletableAccount; by: DeletedBy }) {
  const self = by === "self";
  await withAdvisoryLock(LOCK, async (tx) => {
    await assertActorMayDelete(actor.id, by, tx);
    await assertNotLastAdmin(target, self, tx);
  });
  const deletedConversation = await deleteLettaConversation(target.id);
  await withAdvisoryLock(LOCK, async (tx) => {
    const current = await getDeletableAccount({ id: target.id, tx });
    if (!current) return; // a concurrent attempt finished first
    await assertActorMayDelete(actor.id, by, tx);
    await assertNotLastAdmin(current, self, tx);
    // A first message sent in another tab between steps 2 and 3 created a new conversation: not deleted yet.
    const mapping = await getConversationByUserId({ userId: target.id, tx });
    if (mapping && mapping.lettaConversationId !== deletedConversation) {
      throw new AppError("conflict:conversation", "A new message arrived while deleting. Nothing was deleted; please try again.");
    }
    await recordAudit({
      tx,
      admin: actor,
      target: { id: current.id, email: current.email },
      action: "ACCOUNT_DELETED",
      details: { by, role: current.role, hadConversation: deletedConversation !== null },
    });
    await deleteUserRows({ user: current, tx });
  });
}

/** The signed-in user deletes their own account, confirming with their password (or, without one, their email). */
export async function deleteOwnAccount({ userId, confirmation }: { userId: string; confirmation: DeletionConfirmation }): Promise<void> {
  const account = await getDeletableAccount({ id: userId });
  if (!account) throw new AppError("unauthorized:auth", "Please sign in again.");
  await checkConfirmation(account, confirmation);
  await deleteAccount({ actor: { id: account.id, email: account.email }, target: account, by: "self" });
}

/** An admin deletes someone else's account (their own goes through Settings, with their password). */
export async function deleteAccountAsAdmin({ admin, targetId }: { admin: { id: string; email: string | null }; targetId: string }): Promise<void> {
  if (targetId === admin.id) {
    throw new AppError("forbidden:admin", "You can't delete your own account here. Use Settings, where you confirm with your password.");
  }
  try {
    await adminDeletions.consume(admin.id);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const minutes = Math.max(1, Math.ceil(error.msBeforeNext / 60_000));
    throw new AppError("rate_limit:admin", `Too many accounts deleted in a short time. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
  const target = await getDeletableAccount({ id: targetId });
  if (!target) throw new AppError("not_found:admin", "There is no user with this id.");
  await deleteAccount({ actor: admin, target, by: "admin" });
}
