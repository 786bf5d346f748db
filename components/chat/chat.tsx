"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Transcript, transcriptStatus } from "@/components/thread/transcript";
import { useScrollAnchor } from "@/hooks/use-scroll-anchor";
import { useThread } from "@/hooks/use-thread";
import { usageNotice, useUsage } from "@/hooks/use-usage";
import { ChatBanner } from "./chat-banner";
import { Composer } from "./composer";
import { EmptyState } from "./empty-state";
import { QuotaNotice } from "./quota-notice";

/** The signed-in user's one conversation: transcript, banners and composer. */
export function Chat({ userId, firstName }: { userId: string; firstName: string | null }) {
  const anchor = useScrollAnchor();
  const { scrollToBottom } = anchor;
  const chat = useThread({ view: "chat", userId });
  const { state } = chat;
  const [draft, setDraft] = useState("");
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const { usage, refresh: refreshUsage } = useUsage({ idle: state.run.status === "idle" });
  const { clearQuota } = chat;
  // The window has reset: sending works again, and the notice reads the new numbers.
  const onQuotaReset = useCallback(() => {
    clearQuota();
    refreshUsage();
  }, [clearQuota, refreshUsage]);

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

  const { empty } = transcriptStatus(state);
  const busy = state.run.status !== "idle";

  return (
    <main className="relative flex min-h-0 flex-1 flex-col">
      {empty ? null : <h1 className="sr-only">Your conversation with the agent</h1>}
      <Transcript
        thread={chat} anchor={anchor} label="Conversation" inset="page"
        empty={<EmptyState name={firstName} onPick={pickExample} />}
        unavailable="Your earlier messages couldn’t be loaded. You can still write, or retry below."
      />
      {/* The transcript fades out above the composer instead of ending at a hard edge. */}
      <div className="relative mx-auto w-full max-w-3xl px-3 pb-[max(0.5rem,env(safe-area-inset-bottom))] before:pointer-events-none before:absolute before:inset-x-0 before:-top-5 before:h-5 before:bg-linear-to-t before:from-zinc-50 sm:px-4 dark:before:from-zinc-950">
        <div className="mb-2 flex flex-col gap-2 empty:mb-0">
          {state.notice ? (
            <ChatBanner tone="info" testId="chat-notice" message={state.notice} onDismiss={chat.dismissNotice} />
          ) : null}
          {state.quota ? <QuotaNotice quota={state.quota} onReset={onQuotaReset} /> : null}
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
          blocked={state.quota !== null}
          notice={state.quota ? null : usageNotice(usage)}
        />
      </div>
      <p aria-live="polite" className="sr-only" data-testid="chat-announcer">
        {state.announcement}
      </p>
    </main>
  );
}
