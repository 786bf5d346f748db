"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { consumePasswordLimit, waitMessage } from "@/lib/auth/password-limits";
import { checkResetToken, publicOrigin, requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { TooManySignInAttempts, clientIp } from "@/lib/auth/sign-in-limits";
import { mailDelivery } from "@/lib/mail/mailer";
import { getMessages } from "@/lib/i18n/server";
import { emailSchema, issueText, passwordWeakness } from "@/lib/validation/auth";

export type ForgotPasswordState = { sentTo?: string; error?: string; emailError?: string; email?: string };
export type ResetPasswordState = {
  error?: string;
  linkUnusable?: boolean;
  fieldErrors?: Partial<Record<"password" | "confirmPassword", string>>;
};

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value.slice(0, 1024) : "";
};

/** "Forgot password?": the same answer whether or not the email has an account. */
export async function forgotPasswordAction(_prev: ForgotPasswordState, form: FormData): Promise<ForgotPasswordState> {
  const m = (await getMessages()).auth;
  const raw = text(form, "email");
  const parsed = emailSchema.safeParse(raw);
  if (!parsed.success) return { emailError: issueText(parsed.error.issues[0]?.message ?? "emailInvalid", m.issues), email: raw };
  if (mailDelivery() === "off") return { error: m.errors.resetOff, email: raw };
  const requestHeaders = await headers();
  try {
    await requestPasswordReset({ email: parsed.data, ip: clientIp(requestHeaders), origin: publicOrigin(requestHeaders) });
  } catch (error) {
    if (!(error instanceof TooManySignInAttempts)) throw error;
    return { error: `${m.errors.tooManyResets} ${waitMessage(error.retryAfterSeconds, m.errors)}`, email: raw };
  }
  return { sentTo: parsed.data };
}

/** The new-password form behind a reset link. On success: every session signed out, on to sign in. */
export async function resetPasswordAction(_prev: ResetPasswordState, form: FormData): Promise<ResetPasswordState> {
  const m = (await getMessages()).auth;
  try {
    await consumePasswordLimit("resetSubmitByIp", clientIp(await headers()));
  } catch (error) {
    if (!(error instanceof TooManySignInAttempts)) throw error;
    return { error: `${m.errors.tooManyAttempts} ${waitMessage(error.retryAfterSeconds, m.errors)}` };
  }
  const token = text(form, "token");
  const password = text(form, "password");
  const confirm = text(form, "confirmPassword");
  const account = await checkResetToken(token);
  if (!account) return { linkUnusable: true };
  const weakness = password ? passwordWeakness(password, account.email ?? "") : "newPasswordEmpty";
  if (weakness) return { fieldErrors: { password: issueText(weakness, m.issues) } };
  if (confirm !== password) return { fieldErrors: { confirmPassword: m.errors.passwordsDiffer } };
  if (!(await resetPassword({ token, password }))) return { linkUnusable: true };
  redirect("/sign-in?reset=done");
}
