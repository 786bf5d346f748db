"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { consumePasswordLimit, waitMessage } from "@/lib/auth/password-limits";
import { checkResetToken, publicOrigin, requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { TooManySignInAttempts, clientIp } from "@/lib/auth/sign-in-limits";
import { mailDelivery } from "@/lib/mail/mailer";
import { emailSchema, passwordWeakness } from "@/lib/validation/auth";

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
  const raw = text(form, "email");
  const parsed = emailSchema.safeParse(raw);
  if (!parsed.success) return { emailError: parsed.error.issues[0]?.message ?? "Enter a valid email address.", email: raw };
  if (mailDelivery() === "off") return { error: "Password reset by email isn’t set up on this server. Ask your administrator for help.", email: raw };
  const requestHeaders = await headers();
  try {
    await requestPasswordReset({ email: parsed.data, ip: clientIp(requestHeaders), origin: publicOrigin(requestHeaders) });
  } catch (error) {
    if (!(error instanceof TooManySignInAttempts)) throw error;
    return { error: `Too many reset requests. ${waitMessage(error.retryAfterSeconds)}`, email: raw };
  }
  return { sentTo: parsed.data };
}

/** The new-password form behind a reset link. On success: every session signed out, on to sign in. */
export async function resetPasswordAction(_prev: ResetPasswordState, form: FormData): Promise<ResetPasswordState> {
  try {
    await consumePasswordLimit("resetSubmitByIp", clientIp(await headers()));
  } catch (error) {
    if (!(error instanceof TooManySignInAttempts)) throw error;
    return { error: `Too many attempts. ${waitMessage(error.retryAfterSeconds)}` };
  }
  const token = text(form, "token");
  const password = text(form, "password");
  const confirm = text(form, "confirmPassword");
  const account = await checkResetToken(token);
  if (!account) return { linkUnusable: true };
  const weakness = password ? passwordWeakness(password, account.email ?? "") : "Choose a new password.";
  if (weakness) return { fieldErrors: { password: weakness } };
  if (confirm !== password) return { fieldErrors: { confirmPassword: "The two passwords don't match." } };
  if (!(await resetPassword({ token, password }))) return { linkUnusable: true };
  redirect("/sign-in?reset=done");
}
