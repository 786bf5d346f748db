"use client";

import { ChatBanner } from "@/components/chat/chat-banner";
import { HistorySkeleton } from "@/components/chat/history-skeleton";
import { MessageList } from "@/components/chat/message-list";
import { useScrollAnchor } from "@/hooks/use-scroll-anchor";
import { isAwaitingToken } from "@/lib/chat/client/reducer";
import { CompactButton } from "./compact-button";
import { useUserThread } from "./use-user-thread";

/**
 * A user's conversation as they see it (same rows: markdown, reasoning, tool
 * calls), read-only: no composer, no stop. Scrolling up loads older pages with
 * the viewport anchored; a reply the user is getting right now streams in live.
 */
export function ThreadViewer({ userId, ownerName }: { userId: string; ownerName: string }) {
  const { scrollerRef, contentRef, stuckRef, showJump, scrollToBottom } = useScrollAnchor();
  const thread = useUserThread({ userId });
  const { state } = thread;
  const ready = state.history !== "loading";
  const empty = ready && state.history === "ready" && state.rows.length === 0 && state.run.status === "idle";
  const live = state.run.status !== "idle";

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
      <div
        ref={scrollerRef}
        role="region"
        aria-label="Messages"
        tabIndex={0}
        data-testid="message-list"
        className="flex min-h-0 flex-1 flex-col overflow-y-auto overscroll-contain [overflow-anchor:none] focus-visible:outline-offset-[-2px]"
      >
        <div ref={contentRef} className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-5 px-4 pt-5 pb-6">
          {!ready ? (
            <HistorySkeleton />
          ) : empty ? (
            <div data-testid="thread-empty" className="my-auto py-10 text-center">
              <p className="font-medium text-zinc-900 dark:text-zinc-100">No messages yet</p>
              <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
                {ownerName} hasn’t written to the agent. New messages appear here as they arrive.
              </p>
            </div>
          ) : state.history === "error" && state.rows.length === 0 ? (
            <p data-testid="history-unavailable" className="my-auto text-center text-sm text-zinc-500 dark:text-zinc-400">
              The conversation couldn’t be loaded. Retry below.
            </p>
          ) : (
            // The chat's own transcript (windowed rows, summaries, disclosures); only the start marker names the owner.
            <MessageList
              rows={state.rows}
              streamingKey={state.run.streamingKey}
              awaitingToken={isAwaitingToken(state)}
              top={state.history !== "ready" ? "unknown" : state.cursor ? "more" : "start"}
              older={state.older}
              onLoadOlder={thread.loadOlder}
              scrollerRef={scrollerRef}
              stuckRef={stuckRef}
              startLabel={`Start of ${ownerName}’s conversation`}
            />
          )}
        </div>
      </div>
      {showJump && ready && !empty ? (
        <button
          type="button"
          data-testid="jump-to-latest"
          onClick={() => scrollToBottom("smooth")}
          className="absolute bottom-4 left-1/2 flex -translate-x-1/2 items-center gap-1.5 rounded-full border border-zinc-200 bg-white/95 px-3.5 py-1.5 text-sm font-medium text-zinc-700 shadow-md backdrop-blur hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900/95 dark:text-zinc-200 dark:hover:bg-zinc-800"
        >
          <span aria-hidden>↓</span> Jump to latest
        </button>
      ) : null}
      {state.banner ? (
        <div className="border-t border-zinc-200 p-2 dark:border-zinc-800">
          <ChatBanner
            tone="error"
            testId="thread-error"
            message={state.banner.message}
            onDismiss={thread.dismissBanner}
            onRetry={state.banner.retry ? thread.retry : undefined}
          />
        </div>
      ) : null}
    </section>
  );
}
