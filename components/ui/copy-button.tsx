"use client";

import { useEffect, useRef, useState } from "react";
import { useMessages } from "@/lib/i18n/client";

type Status = "idle" | "copied" | "failed";

/** How long "Copied" stays on the button. */
const CONFIRM_MS = 2_000;

type Props = {
  /** What goes on the clipboard: read when clicked (a code block's text, a message's Markdown). */
  text: () => string;
  /** The button's accessible name, e.g. "Copy code". */
  label: string;
  testId: string;
  /** Show the word "Copy" next to the icon (code blocks); otherwise the icon alone until copied. */
  showLabel?: boolean;
  className?: string;
};

/**
 * Copies text to the clipboard and says so: the button reads "Copied" (or "Couldn’t copy") for two
 * seconds, and a polite live region tells a screen reader the same. A plain button: Enter and Space work.
 */
export function CopyButton({ text, label, testId, showLabel = false, className = "" }: Props) {
  const [status, setStatus] = useState<Status>("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const copy = async () => {
    let next: Status = "copied";
    try {
      await navigator.clipboard.writeText(text());
    } catch {
      next = "failed";
    }
    setStatus(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus("idle"), CONFIRM_MS);
  };

  const m = useMessages().shell.copy;
  const message = status === "copied" ? m.copied : status === "failed" ? m.failed : "";
  return (
    <>
      <button
        type="button"
        data-testid={testId}
        data-status={status}
        aria-label={label}
        title={label}
        onClick={() => void copy()}
        className={`inline-flex items-center gap-1 rounded-md px-1.5 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-200/70 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 ${className}`}
      >
        {status === "copied" ? (
          <svg aria-hidden viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-3.5">
            <path d="m3.5 8.5 3 3 6-7" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        ) : (
          <svg aria-hidden viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-3.5">
            <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
            <path d="M10.5 5.5V4A1.5 1.5 0 0 0 9 2.5H4A1.5 1.5 0 0 0 2.5 4v5A1.5 1.5 0 0 0 4 10.5h1.5" />
          </svg>
        )}
        {message ? <span aria-hidden>{message}</span> : showLabel ? <span aria-hidden>{m.copy}</span> : null}
      </button>
      <span role="status" className="sr-only">{message}</span>
    </>
  );
}
