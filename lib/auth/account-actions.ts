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
import { getMessages } from "@/lib/i18n/server";
import { issueText, passwordWeakness } from "@/lib/validation/auth";
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
  const messages = await getMessages();
  const m = messages.settings.password.errors;

  const account = await getPasswordAccount({ userId: user.id });
  if (!account?.passwordHash) return { error: m.noPassword };
  try {
    await assertPasswordLimit("changeFailures", user.id);
  } catch (error) {
    if (error instanceof TooManySignInAttempts) return { error: `${m.tooManyWrong} ${waitMessage(error.retryAfterSeconds, messages.auth.errors)}` };
    throw error;
  }

  const fieldErrors: NonNullable<PasswordChangeState["fieldErrors"]> = {};
  if (!current) fieldErrors.currentPassword = m.currentEmpty;
  const weakness = passwordWeakness(next, account.email ?? "");
  if (!next) fieldErrors.newPassword = messages.auth.issues.newPasswordEmpty;
  else if (weakness) fieldErrors.newPassword = issueText(weakness, messages.auth.issues);
  else if (next === current) fieldErrors.newPassword = m.sameAsCurrent;
  if (!fieldErrors.newPassword && confirm !== next) fieldErrors.confirmPassword = m.mismatch;
  if (Object.keys(fieldErrors).length) return { fieldErrors };

  if (!(await verifyPassword(account.passwordHash, current))) {
    try {
      await consumePasswordLimit("changeFailures", user.id);
    } catch (error) {
      if (!(error instanceof TooManySignInAttempts)) throw error;
      return { error: `${m.tooManyWrong} ${waitMessage(error.retryAfterSeconds, messages.auth.errors)}` };
    }
    return { fieldErrors: { currentPassword: m.wrongCurrent } };
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
