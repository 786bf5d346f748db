"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/api/client/request";
import { deleteUserAccount } from "@/lib/admin/client/api";
import { ConfirmDialog } from "./confirm-dialog";

/** "Delete account" on a user's admin page, behind a confirmation; audited. Not offered for the admin's own account. */
export function DeleteUser({ userId, who }: { userId: string; who: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      await deleteUserAccount({ userId });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Something went wrong. Please try again.");
      setPending(false);
      return;
    }
    router.replace("/admin");
    router.refresh();
  };

  return (
    <div className="mt-4 border-t border-zinc-100 pt-4 dark:border-zinc-800">
      <Button
        variant="secondary"
        onClick={() => { setError(null); setOpen(true); }}
        data-testid="action-delete"
        className="text-red-700! hover:bg-red-50! dark:text-red-300! dark:hover:bg-red-950/40!"
      >
        Delete account…
      </Button>
      <ConfirmDialog
        open={open}
        testId="delete-user-dialog"
        title={`Delete ${who}?`}
        confirmLabel="Delete account"
        tone="danger"
        pending={pending}
        error={error}
        onConfirm={() => void confirm()}
        onClose={() => { if (!pending) setOpen(false); }}
      >
        Their conversation (on the assistant’s server too), their account, sign-in methods and sessions are deleted for good, and they
        are signed out at once. The audit log records that you deleted the account. This can’t be undone.
      </ConfirmDialog>
    </div>
  );
}
