"use client";

import { ChatBanner } from "@/components/chat/chat-banner";
import { Transcript, transcriptStatus } from "@/components/thread/transcript";
import { useScrollAnchor } from "@/hooks/use-scroll-anchor";
import { useThread } from "@/hooks/use-thread";
import type { InitialHistory } from "@/lib/chat/types";
import { CompactButton } from "./compact-button";

/**
 * A user's conversation as they see it (the chat's own transcript: markdown, reasoning,
 * tool calls), read-only: no composer, no stop. Scrolling up loads older pages with
 * the viewport anchored; a reply the user is getting right now streams in live.
 */
export function ThreadViewer({ userId, ownerName, initial }: { userId: string; ownerName: string; initial?: InitialHistory | null }) {
  const anchor = useScrollAnchor();
  const thread = useThread({ view: "admin", userId, initial });
  const { state } = thread;
  const { ready, empty } = transcriptStatus(state);
  const live = state.run.status !== "idle";
  // "Retry to ask again" is the user's to do: here the banner can only be dismissed.
  const canRetry = state.banner?.retry && state.banner.retry.type !== "send";

  return (
    <section
      aria-label={`${ownerName}’s conversation`}
      data-testid="admin-thread"
      className="relative flex h-[75dvh] min-h-[26rem] flex-col overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs lg:h-[calc(100dvh-11.5rem)] dark:border-zinc-800 dark:bg-zinc-900/40"
    >
      <div className="flex items-center gap-2 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
        <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Conversation</h2>
        <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">Read-only</span>
        <span className="ml-auto" />
        {ready && !empty ? <CompactButton userId={userId} ownerName={ownerName} disabled={live} onCompacted={thread.reload} /> : null}
        <span
          data-testid="live-indicator"
          data-live={live ? "true" : "false"}
          className={`flex items-center gap-1.5 text-xs font-medium whitespace-nowrap ${live ? "text-emerald-700 dark:text-emerald-400" : "text-zinc-500 dark:text-zinc-400"}`}
        >
          <span aria-hidden className={`size-2 rounded-full ${live ? "bg-emerald-500 motion-safe:animate-pulse" : "bg-zinc-300 dark:bg-zinc-600"}`} />
          <span>{live ? "Replying now" : <>Watching<span className="hidden sm:inline"> for new messages</span></>}</span>
        </span>
      </div>
      <Transcript
        thread={thread} anchor={anchor} label="Messages" inset="panel"
        startLabel={`Start of ${ownerName}’s conversation`}
        unavailable="The conversation couldn’t be loaded. Retry below."
        empty={
          <div data-testid="thread-empty" className="my-auto py-10 text-center">
            <p className="font-medium text-zinc-900 dark:text-zinc-100">No messages yet</p>
            <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
              {ownerName} hasn’t written to the agent. New messages appear here as they arrive.
            </p>
          </div>
        }
      />
      {state.banner ? (
        <div className="border-t border-zinc-200 p-2 dark:border-zinc-800">
          <ChatBanner
            tone="error"
            testId="thread-error"
            message={state.banner.message}
            onDismiss={thread.dismissBanner}
            onRetry={canRetry ? thread.retry : undefined}
          />
        </div>
      ) : null}
    </section>
  );
}
