"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { changePasswordAction } from "@/lib/auth/account-actions";
import type { PasswordChangeState } from "@/lib/auth/password-change-state";
import { PASSWORD_MIN } from "@/lib/validation/password-min";

/** Change password: the current one, then the new one twice. Other sessions are signed out on success. */
export function PasswordForm({ email }: { email: string }) {
  const [state, formAction, pending] = useActionState<PasswordChangeState, FormData>(changePasswordAction, {});
  return (
    <form action={formAction} noValidate className="mt-4 space-y-4" data-testid="password-form">
      {state.done ? (
        <Alert tone="success" testId="password-changed">
          <strong className="font-semibold">Password changed.</strong> Every other browser signed in to your account has been signed out; this one
          stays signed in.
        </Alert>
      ) : null}
      {state.error ? <Alert testId="password-error">{state.error}</Alert> : null}
      {/* For password managers: which account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <div className="space-y-4 sm:max-w-sm">
        <TextField
          label="Current password" name="currentPassword" type="password" autoComplete="current-password" required
          error={state.fieldErrors?.currentPassword}
        />
        <TextField
          label="New password" name="newPassword" type="password" autoComplete="new-password" required
          error={state.fieldErrors?.newPassword}
          hint={`At least ${PASSWORD_MIN} characters, mixing letters with numbers or symbols.`}
        />
        <TextField
          label="Confirm new password" name="confirmPassword" type="password" autoComplete="new-password" required
          error={state.fieldErrors?.confirmPassword}
        />
      </div>
      <Button type="submit" disabled={pending} data-testid="password-submit" className="w-full sm:w-auto">
        {pending ? "Changing password…" : "Change password"}
      </Button>
    </form>
  );
}
