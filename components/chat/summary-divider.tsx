"use client";

import { useState } from "react";
import { useMessages } from "@/lib/i18n/client";
import { LazyMarkdown } from "./lazy-markdown";

// Where Letta compacted the conversation: the messages above were folded into a
// summary, which is what the agent remembers of them now. A rule across the
// transcript with a pill that discloses the summary (collapsed by default; the
// body is only rendered while open).
const RULE = "h-px flex-1 bg-zinc-200 dark:bg-zinc-800";

export function SummaryDivider({ messageId, text }: { messageId: string; text: string }) {
  const m = useMessages().chat.summary;
  const [open, setOpen] = useState(false);
  return (
    <details
      data-testid="message-summary"
      data-message-id={messageId}
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      className="group py-1"
    >
      <summary
        data-testid="summary-toggle"
        className="group/toggle flex cursor-pointer list-none items-center gap-3 select-none focus-visible:outline-none [&::-webkit-details-marker]:hidden"
      >
        <span aria-hidden className={RULE} />
        <span className="flex items-center gap-2 rounded-full border border-zinc-200 bg-white px-3 py-1 text-xs font-medium text-zinc-600 shadow-xs transition-colors group-focus-visible/toggle:outline-2 group-focus-visible/toggle:outline-offset-2 group-focus-visible/toggle:outline-accent-600 group-hover/toggle:border-zinc-300 group-hover/toggle:text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:group-hover/toggle:border-zinc-600 dark:group-hover/toggle:text-zinc-100">
          <svg aria-hidden viewBox="0 0 16 16" className="size-3.5 text-zinc-400 dark:text-zinc-500" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round">
            <path d="M3 4h10M3 8h7M3 12h4" />
          </svg>
          {m.toggle}
          <svg aria-hidden viewBox="0 0 16 16" className="size-3.5 text-zinc-400 transition-transform group-open:rotate-180 dark:text-zinc-500" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round">
            <path d="M4 6l4 4 4-4" />
          </svg>
        </span>
        <span aria-hidden className={RULE} />
      </summary>
      {open ? (
        <div data-testid="summary-text" className="mx-auto mt-3 max-w-2xl rounded-xl border border-zinc-200 bg-zinc-50 px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900/60">
          <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">
            {m.explanation}
          </p>
          {/* Secondary to the transcript: smaller and quieter than a message (overrides .md's 15px and strong). */}
          <div className="md mt-2 text-sm! leading-6! text-zinc-700 dark:text-zinc-300 [&_strong]:font-medium! [&_strong]:text-zinc-800! dark:[&_strong]:text-zinc-200!">
            <LazyMarkdown text={text} />
          </div>
        </div>
      ) : null}
    </details>
  );
}
