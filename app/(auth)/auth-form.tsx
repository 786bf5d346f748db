"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { PASSWORD_MIN } from "@/lib/validation/password-min";
import { signInAction, signUpAction, type AuthFormState } from "./actions";

type Props = {
  mode: "sign-in" | "sign-up";
  callbackUrl?: string;
  initialError?: string;
  /** Offer "Forgot password?" (sign-in, when this server can send mail). */
  forgotPassword?: boolean;
};

export function AuthForm({ mode, callbackUrl, initialError, forgotPassword = false }: Props) {
  const action = mode === "sign-in" ? signInAction : signUpAction;
  const [state, formAction, pending] = useActionState<AuthFormState, FormData>(action, { error: initialError });
  const signUp = mode === "sign-up";

  return (
    <form action={formAction} className="space-y-4" noValidate data-testid={`${mode}-form`}>
      {state.error ? <Alert testId="auth-error">{state.error}</Alert> : null}
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      {signUp ? (
        <TextField
          label="Name" name="name" autoComplete="name" defaultValue={state.values?.name}
          error={state.fieldErrors?.name} placeholder="Ada Lovelace"
        />
      ) : null}
      <TextField
        label="Email" name="email" type="email" autoComplete="email" required
        defaultValue={state.values?.email} error={state.fieldErrors?.email} placeholder="you@example.com"
      />
      <TextField
        label="Password" name="password" type="password" required
        autoComplete={signUp ? "new-password" : "current-password"}
        error={state.fieldErrors?.password}
        hint={signUp ? `At least ${PASSWORD_MIN} characters, mixing letters with numbers or symbols.` : undefined}
      />
      {!signUp && forgotPassword ? (
        <p className="-mt-2 text-right text-sm">
          <Link
            href="/forgot-password" data-testid="forgot-password-link"
            className="font-medium text-accent-600 underline-offset-4 hover:underline dark:text-accent-100"
          >
            Forgot password?
          </Link>
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending} data-testid="auth-submit">
        {pending ? (signUp ? "Creating account…" : "Signing in…") : signUp ? "Create account" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        {signUp ? "Already have an account? " : "New to Threadline? "}
        <Link
          href={signUp ? "/sign-in" : "/sign-up"}
          className="font-medium text-accent-600 underline-offset-4 hover:underline dark:text-accent-100"
        >
          {signUp ? "Sign in" : "Create an account"}
        </Link>
      </p>
    </form>
  );
}
