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
import { signInSchema, signUpSchema } from "@/lib/validation/auth";
import { safeCallbackUrl, signInErrorMessage } from "./messages";

export type AuthFormState = {
  error?: string;
  fieldErrors?: Partial<Record<"name" | "email" | "password", string>>;
  values?: { name?: string; email?: string };
};

function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): AuthFormState["fieldErrors"] {
  const errors: AuthFormState["fieldErrors"] = {};
  for (const issue of issues) {
    const field = issue.path[0] as "name" | "email" | "password";
    errors[field] ??= issue.message;
  }
  return errors;
}

async function signInWithPassword(email: string, password: string, callbackUrl: string): Promise<AuthFormState> {
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin) return { error: signInErrorMessage(error.code), values: { email } };
    if (error instanceof AuthError) return { error: signInErrorMessage(error.type), values: { email } };
    throw error;
  }
  redirect(callbackUrl);
}

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const raw = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error.issues), values: { email: raw.email } };
  return signInWithPassword(parsed.data.email, parsed.data.password, safeCallbackUrl(form.get("callbackUrl")));
}

export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const raw = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    password: String(form.get("password") ?? ""),
  };
  const values = { name: raw.name, email: raw.email };
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error.issues), values };
  const { name, email, password } = parsed.data;
  try {
    await consumeSignUp({ ip: clientIp(await headers()) });
  } catch (error) {
    if (!(error instanceof TooManySignInAttempts)) throw error;
    const minutes = Math.ceil(error.retryAfterSeconds / 60);
    return { error: `Too many accounts were created from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, values };
  }
  const user = await createPasswordUser({
    email,
    name: name || null,
    passwordHash: await hashPassword(password),
    role: isAdminEmail(env(), email) ? "ADMIN" : "USER",
  });
  if (!user) {
    return { fieldErrors: { email: "An account with this email already exists. Sign in instead." }, values };
  }
  return signInWithPassword(email, password, "/");
}
