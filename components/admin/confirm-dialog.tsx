"use client";

import { useMessages } from "@/lib/i18n/client";
import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

type Props = {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  tone: "primary" | "danger";
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
  /** For pages with more than one dialog. */
  testId?: string;
};

/**
 * A modal confirmation on the native <dialog>: focus moves in and is trapped,
 * Escape and Cancel close it, the page behind is inert. Cancel has the initial focus.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, tone, pending, error, onConfirm, onClose, testId = "confirm-dialog" }: Props) {
  const m = useMessages().common;
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      data-testid={testId}
      aria-labelledby="confirm-title"
      // A close event comes a task after the dialog closed; should it have been opened again in between, it is not
      // a close any more (the shortcuts dialog's race, where a key can reopen it within that task).
      onClose={() => {
        if (!ref.current?.open) onClose();
      }}
      onCancel={(event) => {
        if (pending) event.preventDefault();
      }}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-2xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/50 backdrop:backdrop-blur-[2px] dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open ? (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            onConfirm();
          }}
          className="p-5 sm:p-6"
        >
          <h2 id="confirm-title" className="text-lg font-semibold">{title}</h2>
          <div className="mt-2 text-sm leading-6 text-zinc-600 dark:text-zinc-400">{children}</div>
          {error ? (
            <p role="alert" data-testid="confirm-error" className="mt-4 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/50 dark:text-red-200">
              {error}
            </p>
          ) : null}
          <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={onClose} disabled={pending} autoFocus data-testid="confirm-cancel">
              {m.cancel}
            </Button>
            <Button type="submit" variant={tone} disabled={pending} data-testid="confirm-submit">
              {pending ? m.working : confirmLabel}
            </Button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
