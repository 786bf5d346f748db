"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useMessages } from "@/lib/i18n/client";
import { forgotPasswordAction, type ForgotPasswordState } from "./password-reset-actions";

const LINK = "font-medium text-accent-600 underline-offset-4 hover:underline dark:text-accent-100";

type Props = { minutes: number; devConsole: boolean; initialEmail?: string };

/** The request form, and then what happens next; "try again" starts over with a fresh form. */
export function ForgotPasswordForm(props: Props) {
  const [attempt, setAttempt] = useState(0);
  return <ForgotPasswordRequest key={attempt} {...props} onRetry={() => setAttempt((n) => n + 1)} />;
}

function ForgotPasswordRequest({ minutes, devConsole, initialEmail, onRetry }: Props & { onRetry: () => void }) {
  const m = useMessages().auth;
  const [state, formAction, pending] = useActionState<ForgotPasswordState, FormData>(forgotPasswordAction, {});

  if (state.sentTo) {
    return (
      <div className="space-y-4" data-testid="reset-requested">
        <div>
          <h1 className="mb-1 text-xl font-semibold">{m.forgot.checkHeading}</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {m.forgot.checkBefore}<span className="font-medium break-all text-zinc-900 dark:text-zinc-100">{state.sentTo}</span>
            {m.forgot.checkAfter(minutes)}
          </p>
        </div>
        {devConsole ? (
          <Alert tone="info" testId="dev-mail-note">
            <strong className="font-semibold">{m.forgot.devLabel}</strong>{m.forgot.devNo}<code className="font-mono text-[13px]">SMTP_URL</code>
            {m.forgot.devMiddle}<code className="font-mono text-[13px]">npm run dev</code>{m.forgot.devEnd}
          </Alert>
        ) : null}
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {m.forgot.noEmail}{" "}
          <button type="button" className={`${LINK} cursor-pointer`} onClick={onRetry} data-testid="reset-try-again">{m.forgot.tryAgain}</button>.
        </p>
        <p className="border-t border-zinc-200 pt-4 text-center text-sm dark:border-zinc-800">
          <Link href="/sign-in" className={LINK}>{m.backToSignIn}</Link>
        </p>
      </div>
    );
  }

  return (
    <form action={formAction} className="space-y-4" noValidate data-testid="forgot-password-form">
      <div className="mb-6">
        <h1 className="mb-1 text-xl font-semibold">{m.forgot.heading}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{m.forgot.intro}</p>
      </div>
      {state.error ? <Alert testId="forgot-error">{state.error}</Alert> : null}
      <TextField
        label={m.email} name="email" type="email" autoComplete="email" required autoFocus
        defaultValue={state.email ?? initialEmail} error={state.emailError} placeholder={m.emailPlaceholder}
      />
      <Button type="submit" className="w-full" disabled={pending} data-testid="forgot-submit">
        {pending ? m.forgot.submitting : m.forgot.submit}
      </Button>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        {m.forgot.remembered}<Link href="/sign-in" className={LINK}>{m.forgot.signInLink}</Link>
      </p>
    </form>
  );
}
