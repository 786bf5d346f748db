"use server";

// The settings page's account actions (server actions; components/ import nothing from app/).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { assertPasswordLimit, clearPasswordLimit, consumePasswordLimit, waitMessage } from "@/lib/auth/password-limits";
import { getSession } from "@/lib/auth/session";
import { TooManySignInAttempts, recordSuccessfulSignIn } from "@/lib/auth/sign-in-limits";
import { changePassword, getPasswordAccount } from "@/lib/db/passwords";
import { revokeUserSession } from "@/lib/db/user-sessions";
import { passwordWeakness } from "@/lib/validation/auth";
import type { PasswordChangeState } from "./password-change-state";

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value.slice(0, 1024) : "";
};

/**
 * Changes the password: the current one is required, the new one follows sign-up's rules, and every other session
 * of the account is signed out at once (this one stays). Wrong current passwords are limited per account.
 */
export async function changePasswordAction(_prev: PasswordChangeState, form: FormData): Promise<PasswordChangeState> {
  const session = await getSession();
  if (!session || session.user.disabled) redirect("/sign-in");
  const { user, sessionId } = session;
  const current = field(form, "currentPassword");
  const next = field(form, "newPassword");
  const confirm = field(form, "confirmPassword");

  const account = await getPasswordAccount({ userId: user.id });
  if (!account?.passwordHash) return { error: "This account signs in through an identity provider and has no password to change." };
  try {
    await assertPasswordLimit("changeFailures", user.id);
  } catch (error) {
    if (error instanceof TooManySignInAttempts) return { error: `Too many wrong passwords. ${waitMessage(error.retryAfterSeconds)}` };
    throw error;
  }

  const fieldErrors: NonNullable<PasswordChangeState["fieldErrors"]> = {};
  if (!current) fieldErrors.currentPassword = "Enter your current password.";
  const weakness = passwordWeakness(next, account.email ?? "");
  if (!next) fieldErrors.newPassword = "Choose a new password.";
  else if (weakness) fieldErrors.newPassword = weakness;
  else if (next === current) fieldErrors.newPassword = "Choose a password different from your current one.";
  if (!fieldErrors.newPassword && confirm !== next) fieldErrors.confirmPassword = "The two new passwords don't match.";
  if (Object.keys(fieldErrors).length) return { fieldErrors };

  if (!(await verifyPassword(account.passwordHash, current))) {
    try {
      await consumePasswordLimit("changeFailures", user.id);
    } catch (error) {
      if (!(error instanceof TooManySignInAttempts)) throw error;
      return { error: `Too many wrong passwords. ${waitMessage(error.retryAfterSeconds)}` };
    }
    return { fieldErrors: { currentPassword: "That isn't your current password." } };
  }

  await changePassword({ userId: user.id, passwordHash: await hashPassword(next), keepSessionId: sessionId });
  await clearPasswordLimit("changeFailures", user.id);
  if (account.email) await recordSuccessfulSignIn({ email: account.email });
  return { done: true };
}

/** Signs out one other browser of the signed-in account (its row on /settings). */
export async function signOutSessionAction(form: FormData): Promise<void> {
  const session = await getSession();
  if (!session) redirect("/sign-in");
  const id = field(form, "sessionId");
  // Scoped to the signed-in user: another account's session id changes nothing.
  if (id && id !== session.sessionId) await revokeUserSession({ id, userId: session.user.id });
  revalidatePath("/settings");
}
