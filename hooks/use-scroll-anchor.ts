"use client";

// Scrolling for a chat transcript:
// - follow the bottom while new content arrives, unless the user scrolled up;
// - keep the message under the user's eyes still when older messages are prepended.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

/** Within this distance of the bottom counts as "at the bottom" (sub-pixel scroll positions, a last line). */
const BOTTOM_SLACK_PX = 48;

type Anchor = { element: Element; top: number };

/** Every transcript row carries it (message-row.tsx); anything else in the column is chrome. */
const ROW_ATTRIBUTE = "data-message-id";

export function useScrollAnchor() {
  const scrollerRef = useRef<HTMLDivElement | null>(null);
  const contentRef = useRef<HTMLDivElement | null>(null);
  const stuck = useRef(true);
  const lastTop = useRef(0);
  const anchor = useRef<Anchor | null>(null);
  const [showJump, setShowJump] = useState(false);

  const setStuck = useCallback((value: boolean) => {
    stuck.current = value;
    setShowJump(!value);
  }, []);

  useEffect(() => {
    const scroller = scrollerRef.current;
    const content = contentRef.current;
    if (!scroller || !content) return;
    const onScroll = () => {
      const distance = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
      if (distance <= BOTTOM_SLACK_PX) setStuck(true);
      // Only an upward move lets go: content growing below us must not.
      else if (scroller.scrollTop < lastTop.current - 1) setStuck(false);
      lastTop.current = scroller.scrollTop;
    };
    // A wheel turn upwards lets go at once, before a fast stream pulls the view back down.
    const onWheel = (event: WheelEvent) => {
      if (event.deltaY < 0 && scroller.scrollHeight > scroller.clientHeight) setStuck(false);
    };
    // Content grew (tokens, an opened disclosure, highlighted code) or the viewport shrank (composer, keyboard).
    const follow = new ResizeObserver(() => {
      if (!stuck.current) return;
      scroller.scrollTop = scroller.scrollHeight;
      lastTop.current = scroller.scrollTop;
    });
    follow.observe(content);
    follow.observe(scroller);
    scroller.addEventListener("scroll", onScroll, { passive: true });
    scroller.addEventListener("wheel", onWheel, { passive: true });
    return () => {
      follow.disconnect();
      scroller.removeEventListener("scroll", onScroll);
      scroller.removeEventListener("wheel", onWheel);
    };
  }, [setStuck]);

  /** Call right before rows are prepended: remembers the first row in view and where it is. */
  const captureAnchor = useCallback(() => {
    const scroller = scrollerRef.current;
    const content = contentRef.current;
    if (!scroller || !content) return;
    const viewTop = scroller.getBoundingClientRect().top;
    for (const element of Array.from(content.children)) {
      // Only message rows: the sentinel and the loading line above them are replaced by the prepend.
      if (!element.hasAttribute(ROW_ATTRIBUTE)) continue;
      const rect = element.getBoundingClientRect();
      if (rect.bottom > viewTop) {
        anchor.current = { element, top: rect.top };
        return;
      }
    }
  }, []);

  // After the prepend is in the DOM and before paint: move by exactly how far the anchor moved.
  // Measuring the element (not scrollHeight) stays right whether or not the browser's own
  // scroll anchoring already compensated.
  useLayoutEffect(() => {
    const saved = anchor.current;
    const scroller = scrollerRef.current;
    if (!saved || !scroller) return;
    anchor.current = null;
    if (!saved.element.isConnected) return;
    const delta = saved.element.getBoundingClientRect().top - saved.top;
    if (Math.abs(delta) >= 1) scroller.scrollTop += delta;
    lastTop.current = scroller.scrollTop;
  });

  const scrollToBottom = useCallback((behavior: ScrollBehavior = "auto") => {
    const scroller = scrollerRef.current;
    setStuck(true);
    if (scroller) scroller.scrollTo({ top: scroller.scrollHeight, behavior });
  }, [setStuck]);

  return { scrollerRef, contentRef, showJump, captureAnchor, scrollToBottom };
}
