"use client";

import { useEffect, useState } from "react";
import type { QuotaRefusal } from "@/lib/errors";
import { useLocale, useMessages } from "@/lib/i18n/client";
import { quotaMessage } from "@/lib/usage/windows";

/** Calls `fn` at the time `at` (ms since the epoch), or at once if it has passed; returns the cancel. */
function callAt(at: number, fn: () => void): () => void {
  const timer = setTimeout(fn, Math.max(0, at - Date.now()));
  return () => clearTimeout(timer);
}

/**
 * A send refused over a usage budget: when the user can write again, counting down, instead of an error with
 * Retry (retrying cannot help before then). At the reset it calls `onReset`, which re-enables the composer.
 */
export function QuotaNotice({ quota, onReset }: { quota: QuotaRefusal; onReset: () => void }) {
  const m = useMessages().shell.quota;
  const locale = useLocale();
  const resetAt = new Date(quota.resetAt);
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    const tick = setInterval(() => setNow(new Date()), 30_000);
    const cancelReset = callAt(Date.parse(quota.resetAt), onReset);
    return () => {
      clearInterval(tick);
      cancelReset();
    };
  }, [quota.resetAt, onReset]);

  return (
    <div
      role="status"
      data-testid="quota-notice"
      className="flex items-start gap-2.5 rounded-2xl border border-amber-200 bg-amber-50 px-3.5 py-2.5 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200"
    >
      <svg aria-hidden viewBox="0 0 20 20" className="mt-0.5 size-4 shrink-0" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round">
        <circle cx="10" cy="10" r="7.25" />
        <path d="M10 6v4.25l2.75 1.75" />
      </svg>
      <p className="min-w-0 flex-1">{quotaMessage({ window: quota.window, limit: quota.limit, resetAt, now, m, locale })}</p>
    </div>
  );
}
