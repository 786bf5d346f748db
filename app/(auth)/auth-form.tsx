"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { PASSWORD_MIN } from "@/lib/validation/password-min";
import { useMessages } from "@/lib/i18n/client";
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
  const m = useMessages().auth;

  return (
    <form action={formAction} className="space-y-4" noValidate data-testid={`${mode}-form`}>
      {state.error ? <Alert testId="auth-error">{state.error}</Alert> : null}
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      {signUp ? (
        <TextField
          label={m.name} name="name" autoComplete="name" defaultValue={state.values?.name}
          error={state.fieldErrors?.name} placeholder={m.namePlaceholder}
        />
      ) : null}
      <TextField
        label={m.email} name="email" type="email" autoComplete="email" required
        defaultValue={state.values?.email} error={state.fieldErrors?.email} placeholder={m.emailPlaceholder}
      />
      <TextField
        label={m.password} name="password" type="password" required
        autoComplete={signUp ? "new-password" : "current-password"}
        error={state.fieldErrors?.password}
        hint={signUp ? m.passwordHint(PASSWORD_MIN) : undefined}
      />
      {!signUp && forgotPassword ? (
        <p className="-mt-2 text-right text-sm">
          <Link
            href="/forgot-password" data-testid="forgot-password-link"
            className="font-medium text-accent-600 underline-offset-4 hover:underline dark:text-accent-100"
          >
            {m.forgotLink}
          </Link>
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending} data-testid="auth-submit">
        {pending ? (signUp ? m.signUp.submitting : m.signIn.submitting) : signUp ? m.signUp.submit : m.signIn.submit}
      </Button>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        {signUp ? m.signUp.haveAccount : m.signIn.newHere}
        <Link
          href={signUp ? "/sign-in" : "/sign-up"}
          className="font-medium text-accent-600 underline-offset-4 hover:underline dark:text-accent-100"
        >
          {signUp ? m.signUp.signInLink : m.signIn.createLink}
        </Link>
      </p>
    </form>
  );
}
