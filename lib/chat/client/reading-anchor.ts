// The reader's place in a scrolled transcript: a row in view and its top in scroll-content coordinates, which
// do not change when the user scrolls, only when the layout above the row does. RowSlots records one and, after
// rows above it mounted, resized or were prepended, scrolls by exactly how far that row moved.
import type { Span } from "@/lib/chat/client/row-window";

export type ReadingAnchor = { key: string; contentTop: number };

/**
 * The first mounted row whose bottom is below the viewport's top, as an anchor (null when none is mounted).
 * `keyAt` gives a row's key by index; mounted rows (the span) are in order, so this is a binary search.
 */
export function anchorAt(scroller: HTMLElement, span: Span, keyAt: (index: number) => string | undefined, elements: ReadonlyMap<string, HTMLElement>): ReadingAnchor | null {
  const viewTop = scroller.getBoundingClientRect().top;
  const bottomOf = (i: number) => elements.get(keyAt(i) ?? "")?.getBoundingClientRect().bottom ?? -Infinity;
  let low = span.start;
  let high = span.end;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (bottomOf(mid) > viewTop) high = mid;
    else low = mid + 1;
  }
  const key = keyAt(low);
  const element = low < span.end && key ? elements.get(key) : undefined;
  return element && key ? { key, contentTop: element.getBoundingClientRect().top - viewTop + scroller.scrollTop } : null;
}

/** Scrolls by how far the anchor row moved in the content (not on screen: the user's own scrolling is not undone). */
export function keepAnchor(scroller: HTMLElement, anchor: ReadingAnchor | null, elements: ReadonlyMap<string, HTMLElement>): void {
  const element = anchor && elements.get(anchor.key);
  if (!anchor || !element) return;
  const contentTop = element.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
  const shift = contentTop - anchor.contentTop;
  if (Math.abs(shift) >= 0.5) scroller.scrollTop += shift;
}
