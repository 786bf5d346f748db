"use client";

import { useMessages } from "@/lib/i18n/client";

const BAR = "rounded-md bg-zinc-200 dark:bg-zinc-800";

/** Placeholder while the first history page loads: the shape of a conversation, nothing to read. */
export function HistorySkeleton() {
  const m = useMessages();
  return (
    <div data-testid="chat-skeleton" aria-busy="true" className="flex flex-col gap-6 motion-safe:animate-pulse">
      <span className="sr-only">{m.chat.loadingConversation}</span>
      <div className={`${BAR} h-10 w-2/3 self-end rounded-2xl sm:w-1/2`} />
      <div className="flex flex-col gap-2.5">
        <div className={`${BAR} h-3.5 w-11/12`} />
        <div className={`${BAR} h-3.5 w-4/5`} />
        <div className={`${BAR} h-3.5 w-3/5`} />
      </div>
      <div className={`${BAR} h-10 w-1/2 self-end rounded-2xl sm:w-2/5`} />
      <div className="flex flex-col gap-2.5">
        <div className={`${BAR} h-3.5 w-10/12`} />
        <div className={`${BAR} h-3.5 w-2/3`} />
      </div>
    </div>
  );
}
