"use client";

// Scrolling for a chat transcript: follow the bottom while new content arrives,
// unless the user scrolled up. Keeping the message under the user's eyes still
// when rows above it change (older pages prepended, rows mounted by the window)
// is hooks/use-row-window.ts's job; it reads `stuckRef` to stay out of the way.
import { useCallback, useEffect, useRef, useState } from "react";

/** Within this distance of the bottom counts as "at the bottom" (sub-pixel scroll positions, a last line). */
const BOTTOM_SLACK_PX = 48;

/** Jump to latest scrolls smoothly only this many viewports; from further up it jumps (rows in between are not mounted). */
const SMOOTH_VIEWPORTS = 3;

export function useScrollAnchor() {
  const scrollerRef = useRef<HTMLDivElement | null>(null);
  const contentRef = useRef<HTMLDivElement | null>(null);
  const stuck = useRef(true);
  const lastTop = useRef(0);
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

  const scrollToBottom = useCallback((behavior: ScrollBehavior = "auto") => {
    const scroller = scrollerRef.current;
    setStuck(true);
    if (!scroller) return;
    const far = scroller.scrollHeight - scroller.scrollTop > SMOOTH_VIEWPORTS * scroller.clientHeight;
    scroller.scrollTo({ top: scroller.scrollHeight, behavior: far ? "auto" : behavior });
  }, [setStuck]);

  /** Stops following the bottom (before scrolling to a search result), as scrolling up by hand would. */
  const release = useCallback(() => setStuck(false), [setStuck]);

  return { scrollerRef, contentRef, stuckRef: stuck, showJump, scrollToBottom, release };
}
