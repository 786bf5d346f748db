"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/api/client/request";
import { compactUserThread } from "@/lib/admin/client/api";
import { ConfirmDialog } from "../confirm-dialog";

/**
 * "Summarise": Letta compacts the user's conversation now, as it would when the
 * context window fills. Behind a confirmation, because the model then remembers
 * the older messages only through the summary; recorded in the audit log.
 */
export function CompactButton({ userId, ownerName, disabled, onCompacted }: {
  userId: string;
  ownerName: string;
  disabled: boolean;
  onCompacted: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      const result = await compactUserThread({ userId });
      setDone(`Summarised: ${result.messagesBefore} → ${result.messagesAfter} messages`);
      setOpen(false);
      onCompacted();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Something went wrong. Please try again.");
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <span aria-live="polite" data-testid="compact-status" title="Messages in the agent’s context, before → after" className="hidden text-xs whitespace-nowrap text-emerald-700 empty:hidden md:inline dark:text-emerald-400">
        {done ?? ""}
      </span>
      <Button
        variant="ghost"
        data-testid="compact-thread"
        disabled={disabled}
        title={disabled ? "Wait for the reply in progress to finish" : undefined}
        onClick={() => {
          setError(null);
          setDone(null);
          setOpen(true);
        }}
        className="px-2.5! py-1! text-xs!"
      >
        Summarise
      </Button>
      {/* Mounted only while asked: the page's account actions have a dialog of their own. */}
      {open ? <ConfirmDialog
        open
        title={`Summarise ${ownerName}’s conversation?`}
        confirmLabel="Summarise now"
        tone="primary"
        pending={pending}
        error={error}
        onConfirm={() => void confirm()}
        onClose={() => {
          if (!pending) setOpen(false);
        }}
      >
        Letta replaces the older messages in the agent’s context with a summary, as it does by itself when the context
        window fills up. {ownerName} keeps every message in their history and sees where the summary begins. This is
        recorded in the audit log.
      </ConfirmDialog> : null}
    </>
  );
}
