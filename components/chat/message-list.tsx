"use client";

import { memo, useEffect, useLayoutEffect, useRef, type RefObject } from "react";
import { useRowWindow } from "@/hooks/use-row-window";
import type { RowSlots } from "@/lib/chat/client/row-slots";
import type { Row } from "@/lib/chat/client/rows";
import { useMessages } from "@/lib/i18n/client";
import { MessageRow } from "./message-row";
import { TypingIndicator } from "./typing-indicator";

type OlderState = "idle" | "loading" | "error";

type Props = {
  rows: Row[];
  streamingKey: string | null;
  awaitingToken: boolean;
  /** What is above the first row: more history, the start of the conversation, or unknown (history failed). */
  top: "more" | "start" | "unknown";
  older: OlderState;
  onLoadOlder: () => void;
  scrollerRef: RefObject<HTMLDivElement | null>;
  /** True while the view follows the bottom (use-scroll-anchor.ts). */
  stuckRef: RefObject<boolean>;
  /** Lets go of the bottom (use-scroll-anchor.ts). */
  release: () => void;
  /** The marker above the first message, once it is on screen. */
  startLabel?: string;
  /** Set to the list's row slots while it is mounted: a search result is scrolled to through it. */
  slotsRef?: RefObject<RowSlots | null>;
};

/** Starts loading the previous page well before the top is reached, so scrolling rarely waits. */
const PREFETCH_MARGIN = "800px 0px 0px 0px";

/**
 * The slot above the first row: watches for the top while idle, says "Loading…" while a page
 * loads. Same height in both states, so nothing under the user's eyes moves when loading starts.
 */
function OlderSlot({ state, onVisible, scrollerRef }: { state: OlderState; onVisible: () => void; scrollerRef: RefObject<HTMLDivElement | null> }) {
  const m = useMessages();
  const ref = useRef<HTMLDivElement>(null);
  const loading = state === "loading";
  useEffect(() => {
    const target = ref.current;
    // After a failure the banner offers Retry: watching again would retry in a loop.
    if (!target || state !== "idle") return;
    // Re-created after each page (the caller keys this slot on the row count), so a page too
    // short to push the slot out of range still triggers the next one.
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onVisible();
    }, { root: scrollerRef.current, rootMargin: PREFETCH_MARGIN });
    observer.observe(target);
    return () => observer.disconnect();
  }, [state, onVisible, scrollerRef]);
  return (
    <div ref={ref} data-testid={loading ? "older-loading" : "history-sentinel"} className="-mb-3 flex h-5 items-center justify-center text-xs text-zinc-500 dark:text-zinc-400">
      {loading ? m.chat.loadingOlder : null}
    </div>
  );
}

/**
 * One mounted row. The wrapper is what gets measured: as a flex container it holds its
 * row's margins (disclosures pull themselves out by -my-1.5) and keeps `self-end` working.
 * Memoised: a streaming token re-renders only the row it lands in.
 */
const RowSlot = memo(function RowSlot({ row, streaming, slots }: { row: Row; streaming: boolean; slots: RowSlots }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => slots.attach(row.key, row.kind, ref.current!), [slots, row.key, row.kind]);
  return (
    <div
      ref={ref}
      data-row-key={row.key}
      className="flex scroll-mt-4 flex-col rounded-lg data-search-hit:outline-2 data-search-hit:outline-offset-4 data-search-hit:outline-accent-500"
    >
      <MessageRow row={row} streaming={streaming} />
    </div>
  );
});

/**
 * The transcript: the start marker (or the slot that loads older pages), the rows near the
 * viewport (hooks/use-row-window.ts; the list's padding stands in for the others), and the
 * typing indicator. `data-row-count` says how many rows the transcript holds in all.
 */
export const MessageList = memo(function MessageList(props: Props) {
  const { rows, streamingKey, awaitingToken, top, older, onLoadOlder, scrollerRef, stuckRef, release } = props;
  const m = useMessages();
  const listRef = useRef<HTMLDivElement>(null);
  const { span, padTop, padBottom, slots } = useRowWindow({ rows, scrollerRef, listRef, stuckRef, release });
  const { slotsRef } = props;
  useEffect(() => {
    if (!slotsRef) return;
    slotsRef.current = slots;
    return () => {
      if (slotsRef.current === slots) slotsRef.current = null;
    };
  }, [slotsRef, slots]);
  return (
    <>
      {top === "more" ? (
        <OlderSlot key={rows.length} state={older} onVisible={onLoadOlder} scrollerRef={scrollerRef} />
      ) : top === "unknown" ? null : (
        <p
          data-testid="conversation-start"
          className="flex items-center gap-3 text-xs font-medium text-zinc-500 before:h-px before:flex-1 before:bg-zinc-200 after:h-px after:flex-1 after:bg-zinc-200 dark:text-zinc-400 dark:before:bg-zinc-800 dark:after:bg-zinc-800"
        >
          {props.startLabel ?? m.chat.conversationStart}
        </p>
      )}
      <div
        ref={listRef}
        data-testid="message-rows"
        data-row-count={rows.length}
        data-window={`${span.start}-${span.end}`}
        className="flex flex-col gap-5 empty:hidden"
        // No style attribute until there is padding: the page's CSP refuses inline styles in the server's HTML
        // (this list is server-rendered with the first page); set later from script, they go through the CSSOM.
        style={padTop || padBottom ? { paddingTop: padTop, paddingBottom: padBottom } : undefined}
      >
        {rows.slice(span.start, span.end).map((row) => (
          <RowSlot key={row.key} row={row} streaming={row.key === streamingKey} slots={slots} />
        ))}
      </div>
      {awaitingToken ? <TypingIndicator /> : null}
    </>
  );
});
