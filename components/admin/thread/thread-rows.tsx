"use client";

import { memo, useEffect, useRef, type RefObject } from "react";
import { MessageRow } from "@/components/chat/message-row";
import { TypingIndicator } from "@/components/chat/typing-indicator";
import type { Row } from "@/lib/chat/client/rows";

// The chat view's rows (components/chat/message-row.tsx) in a read-only transcript.
// components/chat/message-list.tsx is not reused as is: its start marker speaks to the
// signed-in user ("Start of your conversation"); this one names the user being read.

/** Loads the previous page well before the top is reached, as the chat view does. */
const PREFETCH_MARGIN = "800px 0px 0px 0px";
type OlderState = "idle" | "loading" | "error";

/** Watches for the top while idle, says "Loading…" while a page loads; same height either way. */
function OlderSlot({ state, onVisible, scrollerRef }: { state: OlderState; onVisible: () => void; scrollerRef: RefObject<HTMLDivElement | null> }) {
  const ref = useRef<HTMLDivElement>(null);
  const loading = state === "loading";
  useEffect(() => {
    const target = ref.current;
    if (!target || state !== "idle") return; // after a failure the banner offers Retry
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onVisible();
    }, { root: scrollerRef.current, rootMargin: PREFETCH_MARGIN });
    observer.observe(target);
    return () => observer.disconnect();
  }, [state, onVisible, scrollerRef]);
  return (
    <div ref={ref} data-testid={loading ? "older-loading" : "history-sentinel"} className="-mb-3 flex h-5 items-center justify-center text-xs text-zinc-500 dark:text-zinc-400">
      {loading ? "Loading earlier messages…" : null}
    </div>
  );
}

type Props = {
  rows: Row[];
  streamingKey: string | null;
  awaitingToken: boolean;
  /** What is above the first row: more history, the start of the conversation, or unknown (history failed). */
  top: "more" | "start" | "unknown";
  older: OlderState;
  onLoadOlder: () => void;
  scrollerRef: RefObject<HTMLDivElement | null>;
  ownerName: string;
};

export const ThreadRows = memo(function ThreadRows(props: Props) {
  const { rows, streamingKey, awaitingToken, top, older, onLoadOlder, scrollerRef, ownerName } = props;
  return (
    <>
      {top === "more" ? (
        // Remounted after each page, so a page too short to leave the margin still loads the next.
        <OlderSlot key={rows.length} state={older} onVisible={onLoadOlder} scrollerRef={scrollerRef} />
      ) : top === "unknown" ? null : (
        <p
          data-testid="conversation-start"
          className="flex items-center gap-3 text-xs font-medium text-zinc-500 before:h-px before:flex-1 before:bg-zinc-200 after:h-px after:flex-1 after:bg-zinc-200 dark:text-zinc-400 dark:before:bg-zinc-800 dark:after:bg-zinc-800"
        >
          Start of {ownerName}’s conversation
        </p>
      )}
      {rows.map((row) => (
        <MessageRow key={row.key} row={row} streaming={row.key === streamingKey} />
      ))}
      {awaitingToken ? <TypingIndicator /> : null}
    </>
  );
});
