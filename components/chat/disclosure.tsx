"use client";

import { useState, type ReactNode } from "react";

// Reasoning and tool calls fold away behind one line. The body is
// only rendered while open: a long transcript keeps few DOM nodes.
const SUMMARY =
  "flex w-fit max-w-full cursor-pointer list-none items-center gap-1.5 rounded-md py-1 pr-2 text-sm text-zinc-500 select-none " +
  "hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200 [&::-webkit-details-marker]:hidden " +
  "before:inline-block before:size-1.5 before:-rotate-45 before:border-r-[1.5px] before:border-b-[1.5px] before:border-current " +
  "before:transition-transform before:content-[''] group-open:before:rotate-45";

type Props = {
  testId: string;
  toggleTestId: string;
  /** Always set: tests and the benchmark find rows by it. */
  messageId: string;
  summary: ReactNode;
  children: () => ReactNode;
  streaming?: boolean;
};

export function Disclosure({ testId, toggleTestId, messageId, summary, children, streaming }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <details
      data-testid={testId}
      data-message-id={messageId}
      data-streaming={streaming ? "true" : undefined}
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      className="group -mx-2 -my-1.5 px-2"
    >
      <summary data-testid={toggleTestId} className={SUMMARY}>
        {summary}
      </summary>
      {open ? <div className="mt-1 mb-2 border-l-2 border-zinc-200 pl-3.5 dark:border-zinc-800">{children()}</div> : null}
    </details>
  );
}
