"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/admin/confirm-dialog";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { deleteMyAccount } from "@/lib/account/client/api";
import { ApiError, withRef } from "@/lib/api/client/request";
import { signOutAction } from "@/lib/auth/sign-out";
import { apiErrorText } from "@/lib/i18n/api-errors";
import { useMessages } from "@/lib/i18n/client";

/** The button and its confirmation dialog; once deleted, the session ends and the browser goes to sign-in. */
export function DeleteAccountForm({ withPassword, email }: { withPassword: boolean; email: string | null }) {
  const messages = useMessages();
  const m = messages.settings.deleteAccount;
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    if (pending) return;
    setOpen(false);
    setValue("");
    setError(null);
  };

  // The route's codes, worded here: the form knows which confirmation it asked for.
  const refusal = (error: ApiError): string => {
    const worded = error.code === "bad_request:auth" ? (withPassword ? m.wrongPassword : m.wrongEmail)
      : error.code === "conflict:admin" ? m.lastAdmin
        : error.code === "conflict:conversation" ? m.newMessage
          : error.code === "offline:conversation" ? m.lettaOffline
            : null;
    return worded === null ? apiErrorText(error, messages.common.errors) : withRef(worded, error.requestId);
  };

  const confirm = async () => {
    if (!value.trim()) {
      setError(withPassword ? m.needPassword : m.needEmail);
      return;
    }
    setPending(true);
    setError(null);
    try {
      await deleteMyAccount(withPassword ? { password: value } : { email: value });
    } catch (caught) {
      setError(caught instanceof ApiError ? refusal(caught) : m.failed);
      if (withPassword) setValue("");
      setPending(false);
      return;
    }
    // The account is gone: end the session (clears the cookie) and go to sign-in.
    await signOutAction();
  };

  return (
    <>
      <Button variant="danger" className="mt-4 w-full sm:w-auto" onClick={() => setOpen(true)} data-testid="delete-account-open">
        {m.open}
      </Button>
      <ConfirmDialog
        open={open}
        title={m.dialogTitle}
        confirmLabel={m.confirm}
        tone="danger"
        pending={pending}
        error={error}
        onConfirm={() => void confirm()}
        onClose={close}
      >
        <p>{m.warning}</p>
        <div className="mt-4 text-left">
          {withPassword ? (
            <TextField
              label={m.password}
              name="delete-confirm-password"
              type="password"
              autoComplete="current-password"
              value={value}
              onChange={(event) => setValue(event.target.value)}
              disabled={pending}
              data-testid="delete-account-confirm"
            />
          ) : (
            <TextField
              label={m.email}
              name="delete-confirm-email"
              type="email"
              autoComplete="off"
              placeholder={email ?? undefined}
              value={value}
              onChange={(event) => setValue(event.target.value)}
              disabled={pending}
              data-testid="delete-account-confirm"
            />
          )}
        </div>
      </ConfirmDialog>
    </>
  );
}
