"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { changePasswordAction } from "@/lib/auth/account-actions";
import type { PasswordChangeState } from "@/lib/auth/password-change-state";
import { PASSWORD_MIN } from "@/lib/validation/password-min";
import { useMessages } from "@/lib/i18n/client";

/** Change password: the current one, then the new one twice. Other sessions are signed out on success. */
export function PasswordForm({ email }: { email: string }) {
  const m = useMessages().settings.password;
  const [state, formAction, pending] = useActionState<PasswordChangeState, FormData>(changePasswordAction, {});
  return (
    <form action={formAction} noValidate className="mt-4 space-y-4" data-testid="password-form">
      {state.done ? (
        <Alert tone="success" testId="password-changed">
          <strong className="font-semibold">{m.changed}</strong>{m.changedMore}
        </Alert>
      ) : null}
      {state.error ? <Alert testId="password-error">{state.error}</Alert> : null}
      {/* For password managers: which account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <div className="space-y-4 sm:max-w-sm">
        <TextField
          label={m.current} name="currentPassword" type="password" autoComplete="current-password" required
          error={state.fieldErrors?.currentPassword}
        />
        <TextField
          label={m.new} name="newPassword" type="password" autoComplete="new-password" required
          error={state.fieldErrors?.newPassword}
          hint={m.newHint(PASSWORD_MIN)}
        />
        <TextField
          label={m.confirm} name="confirmPassword" type="password" autoComplete="new-password" required
          error={state.fieldErrors?.confirmPassword}
        />
      </div>
      <Button type="submit" disabled={pending} data-testid="password-submit" className="w-full sm:w-auto">
        {pending ? m.submitting : m.submit}
      </Button>
    </form>
  );
}
