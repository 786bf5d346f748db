"use client";

import { useSyncExternalStore, type ReactNode, type RefObject } from "react";
import { HistorySkeleton } from "@/components/chat/history-skeleton";
import { MessageList } from "@/components/chat/message-list";
import type { RowSlots } from "@/lib/chat/client/row-slots";
import type { useScrollAnchor } from "@/hooks/use-scroll-anchor";
import { useMessages } from "@/lib/i18n/client";
import { isAwaitingToken, type ChatState } from "@/lib/chat/client/reducer";

/** What the transcript shows: loading (skeleton), nothing yet (the view's empty state), or rows. */
export function transcriptStatus(state: ChatState): { ready: boolean; empty: boolean } {
  const ready = state.history !== "loading";
  return { ready, empty: ready && state.history === "ready" && state.rows.length === 0 && state.run.status === "idle" };
}

type Props = {
  /** The thread on screen (hooks/use-thread.ts). */
  thread: { state: ChatState; loadOlder: () => void };
  anchor: ReturnType<typeof useScrollAnchor>;
  /** The scrolling region's accessible name. */
  label: string;
  /** Shown when the thread has no messages yet. */
  empty: ReactNode;
  /** Shown when the history could not be loaded and there is nothing else to show. */
  unavailable: string;
  /** The marker above the first message, once it is on screen. */
  startLabel?: string;
  /** A page (the chat) breathes more than a panel (the admin's view). */
  inset: "page" | "panel";
  /** The rows' slots while they are mounted: how a search result is scrolled to (components/chat/use-reveal.ts). */
  slotsRef?: RefObject<RowSlots | null>;
};

/**
 * A thread's scrolling transcript, for the user's chat and an admin's read-only view alike:
 * the scroller (kept at the bottom while a reply streams, unless the user scrolled up),
 * the skeleton, empty and unavailable states, the rows (components/chat/message-list.tsx)
 * and "Jump to latest".
 */
const subscribeNever = () => () => {};

/** False in the server's HTML and while React hydrates it, true once the view is live (tests wait for it). */
function useHydrated(): boolean {
  return useSyncExternalStore(subscribeNever, () => true, () => false);
}

export function Transcript({ thread, anchor, label, empty, unavailable, startLabel, inset, slotsRef }: Props) {
  const { state, loadOlder } = thread;
  const m = useMessages();
  const hydrated = useHydrated();
  const { scrollerRef, contentRef, stuckRef, release, showJump, scrollToBottom } = anchor;
  const { ready, empty: isEmpty } = transcriptStatus(state);
  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scrollerRef}
        role="region"
        aria-label={label}
        tabIndex={0}
        data-testid="message-list"
        data-hydrated={hydrated ? "true" : "false"}
        className="flex min-h-0 flex-1 flex-col overflow-y-auto overscroll-contain [overflow-anchor:none] focus-visible:outline-offset-[-2px]"
      >
        <div ref={contentRef} className={`mx-auto flex w-full max-w-3xl flex-1 flex-col gap-5 px-4 ${inset === "page" ? "pt-6 pb-8" : "pt-5 pb-6"}`}>
          {!ready ? (
            <HistorySkeleton />
          ) : isEmpty ? (
            empty
          ) : state.history === "error" && state.rows.length === 0 ? (
            <p data-testid="history-unavailable" className="my-auto text-center text-sm text-zinc-500 dark:text-zinc-400">
              {unavailable}
            </p>
          ) : (
            <MessageList
              rows={state.rows}
              streamingKey={state.run.streamingKey}
              awaitingToken={isAwaitingToken(state)}
              top={state.history !== "ready" ? "unknown" : state.cursor ? "more" : "start"}
              older={state.older}
              onLoadOlder={loadOlder}
              scrollerRef={scrollerRef}
              stuckRef={stuckRef}
              release={release}
              startLabel={startLabel}
              slotsRef={slotsRef}
            />
          )}
        </div>
      </div>
      {showJump && ready && !isEmpty ? (
        <button
          type="button"
          data-testid="jump-to-latest"
          onClick={() => scrollToBottom("smooth")}
          className="absolute bottom-3 left-1/2 z-10 flex -translate-x-1/2 items-center gap-1.5 rounded-full border border-zinc-200 bg-white/95 px-3.5 py-1.5 text-sm font-medium text-zinc-700 shadow-md backdrop-blur hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900/95 dark:text-zinc-200 dark:hover:bg-zinc-800"
        >
          <span aria-hidden>↓</span> {m.chat.jumpToLatest}
        </button>
      ) : null}
    </div>
  );
}
