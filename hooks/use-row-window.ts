"use client";

// Windowing for a long transcript: only the rows near the viewport are mounted, the others stood in for by the
// list's padding, and the reader's place kept while rows come and go. The mechanism is RowSlots
// (lib/chat/client/row-slots.ts); this hook connects it to the list's renders, scrolling and focus.
import { useEffect, useLayoutEffect, useState, type RefObject } from "react";
import type { Row } from "@/lib/chat/client/rows";
import type { Chosen } from "@/lib/chat/client/row-window";
import { RowSlots } from "@/lib/chat/client/row-slots";

type Options = {
  rows: Row[];
  scrollerRef: RefObject<HTMLDivElement | null>;
  listRef: RefObject<HTMLDivElement | null>;
  /** True while the view follows the bottom (use-scroll-anchor.ts). */
  stuckRef: RefObject<boolean>;
  /** Lets go of the bottom (use-scroll-anchor.ts). */
  release: () => void;
};

export function useRowWindow({ rows, scrollerRef, listRef, stuckRef, release }: Options) {
  const [slots] = useState(() => new RowSlots());
  const [shown, show] = useState<Chosen | null>(null);
  const { span, padTop, padBottom } = slots.layout(rows, shown);

  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    const list = listRef.current;
    if (scroller && list) slots.committed(rows, span, { scroller, list, stuck: stuckRef, release, show });
    // `span` is a new object each render: this runs after every commit of the list, as it must.
  }, [scrollerRef, listRef, slots, rows, span, stuckRef, release]);

  useEffect(() => {
    const scroller = scrollerRef.current;
    const list = listRef.current;
    if (!scroller || !list) return;
    const onScroll = () => slots.scrolled(); // keep the place (layout moved, not the user), new anchor, new span
    const onFocusIn = (event: FocusEvent) => slots.focusMoved(event.target);
    scroller.addEventListener("scroll", onScroll, { passive: true });
    list.addEventListener("focusin", onFocusIn);
    return () => {
      scroller.removeEventListener("scroll", onScroll);
      list.removeEventListener("focusin", onFocusIn);
      slots.dispose();
    };
  }, [scrollerRef, listRef, slots]);

  return { span, padTop, padBottom, slots };
}
