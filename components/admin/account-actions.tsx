"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/api/client/request";
import { postAccountAction, type AccountAction } from "@/lib/admin/client/api";
import { ConfirmDialog } from "./confirm-dialog";

type Props = {
  userId: string;
  /** How to name the user in the dialogs: their email, else their name. */
  who: string;
  role: "USER" | "ADMIN";
  disabled: boolean;
  isSelf: boolean;
};

type Copy = { title: string; body: string; confirm: string; done: string; tone: "primary" | "danger" };

function copyFor(action: AccountAction, who: string, isSelf: boolean): Copy {
  switch (action) {
    case "promote":
      return {
        title: `Make ${who} an admin?`,
        body: "They will see every account, can read users’ threads where this deployment allows it, and can change roles and disable accounts. It takes effect at once and is recorded in the audit log.",
        confirm: "Make admin", done: "Now an admin.", tone: "primary",
      };
    case "demote":
      return isSelf
        ? {
            title: "Step down as admin?",
            body: "You keep your account and your conversation, but lose access to the admin console as soon as you confirm. Another admin can promote you again.",
            confirm: "Step down", done: "You are no longer an admin.", tone: "danger",
          }
        : {
            title: `Remove admin rights from ${who}?`,
            body: "They keep their account and their conversation, but lose access to the admin console at once.",
            confirm: "Remove admin", done: "No longer an admin.", tone: "danger",
          };
    case "disable":
      return {
        title: `Disable ${who}?`,
        body: "They are signed out at once, can’t sign in again and can’t send messages. Their conversation is kept, and you can re-enable the account at any time.",
        confirm: "Disable account", done: "Account disabled.", tone: "danger",
      };
    case "enable":
      return {
        title: `Re-enable ${who}?`,
        body: "They can sign in and chat again straight away.",
        confirm: "Re-enable account", done: "Account re-enabled.", tone: "primary",
      };
  }
}

/** Promote / demote / disable / re-enable, each behind a confirmation; the page refreshes with the result. */
export function AccountActions({ userId, who, role, disabled, isSelf }: Props) {
  const router = useRouter();
  const [action, setAction] = useState<AccountAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [refreshing, startRefresh] = useTransition();
  const [done, setDone] = useState<string | null>(null);
  const copy = action ? copyFor(action, who, isSelf) : null;

  const open = (next: AccountAction) => {
    setError(null);
    setDone(null);
    setAction(next);
  };

  const confirm = async () => {
    if (!action || !copy) return;
    setSending(true);
    setError(null);
    try {
      await postAccountAction({ userId, action });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Something went wrong. Please try again.");
      setSending(false);
      return;
    }
    setSending(false);
    setAction(null);
    if (isSelf && action === "demote") {
      router.replace("/"); // the admin console is no longer ours
      router.refresh();
      return;
    }
    setDone(copy.done);
    startRefresh(() => router.refresh());
  };

  return (
    <div data-testid="account-actions">
      <div className="flex flex-wrap gap-2">
        {role === "ADMIN" ? (
          <Button variant="secondary" onClick={() => open("demote")} data-testid="action-demote">
            {isSelf ? "Step down as admin" : "Remove admin"}
          </Button>
        ) : (
          <Button variant="secondary" onClick={() => open("promote")} data-testid="action-promote">Make admin</Button>
        )}
        {disabled ? (
          <Button variant="secondary" onClick={() => open("enable")} data-testid="action-enable">Re-enable account</Button>
        ) : isSelf ? null : (
          <Button
            variant="secondary"
            onClick={() => open("disable")}
            data-testid="action-disable"
            className="text-red-700! hover:bg-red-50! dark:text-red-300! dark:hover:bg-red-950/40!"
          >
            Disable account
          </Button>
        )}
      </div>
      {isSelf ? (
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">This is you. You can’t disable your own account; another admin can.</p>
      ) : null}
      <p aria-live="polite" data-testid="action-status" className="mt-2 text-sm text-emerald-700 empty:mt-0 dark:text-emerald-400">
        {done && !refreshing ? done : ""}
      </p>
      <ConfirmDialog
        open={action !== null}
        title={copy?.title ?? ""}
        confirmLabel={copy?.confirm ?? ""}
        tone={copy?.tone ?? "primary"}
        pending={sending}
        error={error}
        onConfirm={() => void confirm()}
        onClose={() => {
          if (!sending) setAction(null);
        }}
      >
        {copy?.body}
      </ConfirmDialog>
    </div>
  );
}
