"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useMessages } from "@/lib/i18n/client";

type Status = "idle" | "copied" | "failed";

/** How long "Copied" stays on the button. */
const CONFIRM_MS = 2_000;

// A copy button inside a Suspense boundary that React has not hydrated yet (a code block of the server-rendered
// history, while the Markdown renderer's chunk is on its way: components/chat/lazy-markdown.tsx) has no handler.
// React's own listener then tries to hydrate the boundary on the spot, cannot (it waits for the chunk) and drops the
// click: it replays discrete events only on a root or boundary it can hydrate synchronously. So a button whose text
// is in the page (`markupId`) is also served by this listener, on the window in the capture phase (it runs before
// React's, which are on the document): once the click has been dispatched, unless a hydrated button has handled it,
// it copies the text from the server's markup, and the button says so once it is hydrated.
const handledClicks = new WeakSet<Event>();
/** The hydrated buttons that copy from the markup, each with its way to show a status. */
const showStatusOf = new WeakMap<Element, (status: Status) => void>();
/** What a copy before hydration ended in, until the button is hydrated and shows it. */
const statusBeforeHydration = new WeakMap<Element, Status>();

function copyBeforeHydration(event: MouseEvent) {
  const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>("button[data-copy-of]") : null;
  if (!button) return;
  setTimeout(() => {
    if (handledClicks.has(event)) return;
    const text = document.getElementById(button.dataset.copyOf!)?.textContent ?? "";
    void navigator.clipboard.writeText(text).then(
      () => "copied" as const,
      () => "failed" as const,
    ).then((status) => {
      const show = showStatusOf.get(button);
      if (show) show(status);
      else statusBeforeHydration.set(button, status);
    });
  });
}

if (typeof window !== "undefined") window.addEventListener("click", copyBeforeHydration, true);

type Props = {
  /** What goes on the clipboard: read when clicked (a code block's text, a message's Markdown). */
  text: () => string;
  /** The button's accessible name, e.g. "Copy code". */
  label: string;
  testId: string;
  /**
   * The id of the element whose text `text` returns, for a button that may be clicked before React has hydrated it:
   * that click copies the element's text from the page (see above).
   */
  markupId?: string;
  /** Show the word "Copy" next to the icon (code blocks); otherwise the icon alone until copied. */
  showLabel?: boolean;
  className?: string;
};

/**
 * Copies text to the clipboard and says so: the button reads "Copied" (or "Couldn’t copy") for two
 * seconds, and a polite live region tells a screen reader the same. A plain button: Enter and Space work.
 */
export function CopyButton({ text, label, testId, markupId, showLabel = false, className = "" }: Props) {
  const [status, setStatus] = useState<Status>("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const show = useCallback((next: Status) => {
    setStatus(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus("idle"), CONFIRM_MS);
  }, []);

  // Hydrated: a copy made from the markup before now is shown, and one still writing will be.
  useEffect(() => {
    const button = buttonRef.current;
    if (!markupId || !button) return;
    showStatusOf.set(button, show);
    const before = statusBeforeHydration.get(button);
    statusBeforeHydration.delete(button);
    if (before) show(before);
    return () => void showStatusOf.delete(button);
  }, [markupId, show]);

  const copy = async () => {
    let next: Status = "copied";
    try {
      await navigator.clipboard.writeText(text());
    } catch {
      next = "failed";
    }
    show(next);
  };

  const m = useMessages().shell.copy;
  const message = status === "copied" ? m.copied : status === "failed" ? m.failed : "";
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        data-testid={testId}
        data-copy-of={markupId}
        data-status={status}
        aria-label={label}
        title={label}
        onClick={(event) => {
          handledClicks.add(event.nativeEvent);
          void copy();
        }}
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
