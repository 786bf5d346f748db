"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signIn } from "@/auth";
import { hashPassword } from "@/lib/auth/password";
import { isAdminEmail } from "@/lib/auth/providers";
import { TooManySignInAttempts, clientIp, consumeSignUp } from "@/lib/auth/sign-in-limits";
import { createPasswordUser } from "@/lib/db/users";
import { env } from "@/lib/env";
import type { Messages } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { issueText, signInSchema, signUpSchema } from "@/lib/validation/auth";
import { safeCallbackUrl, signInErrorMessage } from "./messages";

export type AuthFormState = {
  error?: string;
  fieldErrors?: Partial<Record<"name" | "email" | "password", string>>;
  values?: { name?: string; email?: string };
};

/** The first refusal of each field, worded in the reader's language (the schemas give codes). */
function fieldErrors(issues: { path: PropertyKey[]; message: string }[], m: Messages["auth"]["issues"]): AuthFormState["fieldErrors"] {
  const errors: AuthFormState["fieldErrors"] = {};
  for (const issue of issues) {
    const field = issue.path[0] as "name" | "email" | "password";
    errors[field] ??= issueText(issue.message, m);
  }
  return errors;
}

async function signInWithPassword(email: string, password: string, callbackUrl: string): Promise<AuthFormState> {
  const m = (await getMessages()).auth.errors;
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin) return { error: signInErrorMessage(error.code, m), values: { email } };
    if (error instanceof AuthError) return { error: signInErrorMessage(error.type, m), values: { email } };
    throw error;
  }
  redirect(callbackUrl);
}

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const raw = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error.issues, (await getMessages()).auth.issues), values: { email: raw.email } };
  return signInWithPassword(parsed.data.email, parsed.data.password, safeCallbackUrl(form.get("callbackUrl")));
}

export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const raw = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    password: String(form.get("password") ?? ""),
  };
  const values = { name: raw.name, email: raw.email };
  const m = (await getMessages()).auth;
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error.issues, m.issues), values };
  const { name, email, password } = parsed.data;
  try {
    await consumeSignUp({ ip: clientIp(await headers()) });
  } catch (error) {
    if (!(error instanceof TooManySignInAttempts)) throw error;
    return { error: `${m.errors.tooManyAccounts} ${m.errors.tryAgainIn(Math.max(1, Math.ceil(error.retryAfterSeconds / 60)))}`, values };
  }
  const user = await createPasswordUser({
    email,
    name: name || null,
    passwordHash: await hashPassword(password),
    role: isAdminEmail(env(), email) ? "ADMIN" : "USER",
  });
  if (!user) {
    return { fieldErrors: { email: m.errors.emailTaken }, values };
  }
  return signInWithPassword(email, password, "/");
}
