"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useChat } from "@/hooks/use-chat";
import { useScrollAnchor } from "@/hooks/use-scroll-anchor";
import { isAwaitingToken } from "@/lib/chat/client/reducer";
import { ChatBanner } from "./chat-banner";
import { Composer } from "./composer";
import { EmptyState } from "./empty-state";
import { HistorySkeleton } from "./history-skeleton";
import { MessageList } from "./message-list";

/** The signed-in user's one conversation: transcript, banners and composer. */
export function Chat({ userId, firstName }: { userId: string; firstName: string | null }) {
  const { scrollerRef, contentRef, stuckRef, showJump, scrollToBottom } = useScrollAnchor();
  const chat = useChat({ userId });
  const { state } = chat;
  const [draft, setDraft] = useState("");
  const inputRef = useRef<HTMLTextAreaElement>(null);

  // Keyboard users land in the composer instead of tabbing through every disclosure in the
  // transcript; on touch screens this would pop the keyboard over the conversation, so not there.
  useEffect(() => {
    if (window.matchMedia("(pointer: fine)").matches) inputRef.current?.focus({ preventScroll: true });
  }, []);

  const submit = useCallback(async (text: string, otid?: string) => {
    // Clear at once (the message shows in the transcript); put it back if it was not taken.
    setDraft((current) => (current.trim() === text.trim() ? "" : current));
    scrollToBottom();
    const taken = await chat.send(text, otid);
    if (!taken) setDraft((current) => (current.trim() ? current : text));
  }, [chat, scrollToBottom]);

  const retry = () => {
    const action = state.banner?.retry;
    if (action?.type === "send") void submit(action.text, action.otid);
    else chat.retry();
  };

  const pickExample = (prompt: string) => {
    setDraft(prompt);
    inputRef.current?.focus();
  };

  const ready = state.history !== "loading";
  const empty = ready && state.rows.length === 0 && state.history === "ready" && state.run.status === "idle";
  const busy = state.run.status !== "idle";

  return (
    <main className="relative flex min-h-0 flex-1 flex-col">
      {empty ? null : <h1 className="sr-only">Your conversation with the agent</h1>}
      <div
        ref={scrollerRef}
        role="region"
        aria-label="Conversation"
        tabIndex={0}
        data-testid="message-list"
        className="flex min-h-0 flex-1 flex-col overflow-y-auto overscroll-contain [overflow-anchor:none] focus-visible:outline-offset-[-2px]"
      >
        <div ref={contentRef} className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-5 px-4 pt-6 pb-8">
          {!ready ? (
            <HistorySkeleton />
          ) : empty ? (
            <EmptyState name={firstName} onPick={pickExample} />
          ) : state.history === "error" && state.rows.length === 0 ? (
            <p data-testid="history-unavailable" className="my-auto text-center text-sm text-zinc-500 dark:text-zinc-400">
              Your earlier messages couldn’t be loaded. You can still write, or retry below.
            </p>
          ) : (
            <MessageList
              rows={state.rows}
              streamingKey={state.run.streamingKey}
              awaitingToken={isAwaitingToken(state)}
              top={state.history !== "ready" ? "unknown" : state.cursor ? "more" : "start"}
              older={state.older}
              onLoadOlder={chat.loadOlder}
              scrollerRef={scrollerRef}
              stuckRef={stuckRef}
            />
          )}
        </div>
      </div>
      {/* The transcript fades out above the composer instead of ending at a hard edge. */}
      <div className="relative mx-auto w-full max-w-3xl px-3 pb-[max(0.5rem,env(safe-area-inset-bottom))] before:pointer-events-none before:absolute before:inset-x-0 before:-top-5 before:h-5 before:bg-linear-to-t before:from-zinc-50 sm:px-4 dark:before:from-zinc-950">
        {showJump && !empty && ready ? (
          <button
            type="button"
            data-testid="jump-to-latest"
            onClick={() => scrollToBottom("smooth")}
            className="absolute bottom-full left-1/2 mb-3 flex -translate-x-1/2 items-center gap-1.5 rounded-full border border-zinc-200 bg-white/95 px-3.5 py-1.5 text-sm font-medium text-zinc-700 shadow-md backdrop-blur hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900/95 dark:text-zinc-200 dark:hover:bg-zinc-800"
          >
            <span aria-hidden>↓</span> Jump to latest
          </button>
        ) : null}
        <div className="mb-2 flex flex-col gap-2 empty:mb-0">
          {state.notice ? (
            <ChatBanner tone="info" testId="chat-notice" message={state.notice} onDismiss={chat.dismissNotice} />
          ) : null}
          {state.banner ? (
            <ChatBanner
              tone="error"
              testId="chat-error"
              message={state.banner.message}
              onDismiss={chat.dismissBanner}
              onRetry={state.banner.retry ? retry : undefined}
              retryDisabled={busy}
            />
          ) : null}
        </div>
        <Composer
          value={draft}
          onChange={setDraft}
          onSubmit={() => void submit(draft)}
          onStop={chat.stop}
          status={state.run.status}
          stopping={state.run.cancelling}
          inputRef={inputRef}
        />
      </div>
      <p aria-live="polite" className="sr-only" data-testid="chat-announcer">
        {state.announcement}
      </p>
    </main>
  );
}
