"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { PASSWORD_MIN } from "@/lib/validation/password-min";
import { resetPasswordAction, type ResetPasswordState } from "./password-reset-actions";
import { UnusableLink } from "./unusable-link";
import { useMessages } from "@/lib/i18n/client";

export function ResetPasswordForm({ token, email }: { token: string; email: string | null }) {
  const m = useMessages().auth;
  const [state, formAction, pending] = useActionState<ResetPasswordState, FormData>(resetPasswordAction, {});
  if (state.linkUnusable) return <UnusableLink />;
  return (
    <form action={formAction} className="space-y-4" noValidate data-testid="reset-password-form">
      <div className="mb-6">
        <h1 className="mb-1 text-xl font-semibold">{m.reset.heading}</h1>
        {email ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {m.reset.forBefore}<span className="font-medium break-all text-zinc-900 dark:text-zinc-100" data-testid="reset-email">{email}</span>
            {m.reset.forAfter}
          </p>
        ) : null}
      </div>
      {state.error ? <Alert testId="reset-error">{state.error}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      {/* For password managers: which account the new password belongs to. */}
      {email ? <input type="email" name="username" autoComplete="username" value={email} readOnly hidden /> : null}
      <TextField
        label={m.reset.newPassword} name="password" type="password" autoComplete="new-password" required autoFocus
        error={state.fieldErrors?.password} hint={m.passwordHint(PASSWORD_MIN)}
      />
      <TextField
        label={m.reset.confirm} name="confirmPassword" type="password" autoComplete="new-password" required
        error={state.fieldErrors?.confirmPassword}
      />
      <Button type="submit" className="w-full" disabled={pending} data-testid="reset-submit">
        {pending ? m.reset.submitting : m.reset.submit}
      </Button>
      <p className="text-center text-sm">
        <Link href="/sign-in" className="font-medium text-accent-600 underline-offset-4 hover:underline dark:text-accent-100">{m.backToSignIn}</Link>
      </p>
    </form>
  );
}
