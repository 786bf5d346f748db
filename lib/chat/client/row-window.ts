// Windowing math for the transcript: which rows to mount, and how much room the
// unmounted ones take. Pure (unit-tested); hooks/use-row-window.ts feeds it heights
// measured in the DOM (or estimated, for rows never mounted).
//
// Coordinates are the list's own: row i starts at offset(i) = Σ_{j<i} (h_j + gap),
// which is where it would be if every row were mounted.

/** Mounted rows: [start, end). */
export type Span = { start: number; end: number };

/** A span kept by its first and last row keys; `hint` is where they were. */
export type Chosen = { startKey: string; endKey: string; hint: Span };

/**
 * Up to this many rows everything stays mounted: a short thread costs little
 * (about 5 elements a row), and keeps find-in-page and screen-reader browsing
 * of the whole transcript. Above it, only the rows near the viewport are.
 */
export const WINDOW_FROM_ROWS = 300;

/** Rows mounted beyond each edge of the viewport, in px: scrolling rarely shows an empty edge. */
export const OVERSCAN_PX = 900;

/** offsets[i]: top of row i; offsets[count]: the end of the list plus one trailing gap. */
export type Offsets = { offsets: Float64Array; gap: number };

/** Prefix sums of the rows' heights, each with the gap after it. O(n); callers cache it. */
export function offsetsOf(count: number, heightOf: (index: number) => number, gap: number): Offsets {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + heightOf(i) + gap;
  return { offsets, gap };
}

const countOf = ({ offsets }: Offsets) => offsets.length - 1;

/** Room the rows [from, to) take, each with the gap after it: the padding that stands in for them. */
export function spanHeight({ offsets }: Offsets, from: number, to: number): number {
  return offsets[to]! - offsets[from]!;
}

/** Height of the whole list with every row mounted. */
export function listHeight(layout: Offsets): number {
  const count = countOf(layout);
  return count === 0 ? 0 : layout.offsets[count]! - layout.gap;
}

/** First index in [low, high) where `test` holds (it must hold from some index on), else high. */
function firstWhere(low: number, high: number, test: (index: number) => boolean): number {
  while (low < high) {
    const mid = (low + high) >> 1;
    if (test(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * The rows that meet [viewTop - overscan, viewBottom + overscan] (list
 * coordinates), by binary search. Never empty when there are rows: past either
 * end it keeps the nearest row.
 */
export function windowFor(layout: Offsets, viewTop: number, viewBottom: number, overscan = OVERSCAN_PX): Span {
  const count = countOf(layout);
  if (count === 0) return { start: 0, end: 0 };
  const { offsets, gap } = layout;
  // Row i spans [offsets[i], offsets[i + 1] - gap).
  const start = Math.min(firstWhere(0, count, (i) => offsets[i + 1]! - gap > viewTop - overscan), count - 1);
  const end = Math.max(firstWhere(start, count, (i) => offsets[i]! >= viewBottom + overscan), start + 1);
  return { start, end };
}

/**
 * Where `key` is now. Rows only move by whole pages prepended above, or by a few
 * rows added or dropped near the end: search outwards from where it was.
 */
export function indexOfKey(keyAt: (index: number) => string, count: number, key: string, hint: number): number {
  const from = Math.min(Math.max(hint, 0), count - 1);
  for (let d = 0; d < count; d++) {
    const below = from + d;
    const above = from - d;
    if (below >= count && above < 0) break;
    if (below < count && keyAt(below) === key) return below;
    if (d > 0 && above >= 0 && keyAt(above) === key) return above;
  }
  return -1;
}

/**
 * The rows to mount this render, from the span the last layout chose (kept by
 * its first and last keys, so a page prepended above shifts it with its rows and
 * the row under the user's eyes stays mounted). Falls back to the newest rows
 * when those keys are gone (the conversation was replaced).
 */
export function resolveSpan(
  keyAt: (index: number) => string,
  count: number,
  chosen: Chosen | null,
  fallbackRows = 30,
): Span {
  if (count <= WINDOW_FROM_ROWS) return { start: 0, end: count };
  if (chosen) {
    const start = indexOfKey(keyAt, count, chosen.startKey, chosen.hint.start);
    const last = start < 0 ? -1 : indexOfKey(keyAt, count, chosen.endKey, chosen.hint.end - 1 + (start - chosen.hint.start));
    if (start >= 0 && last >= start) return { start, end: last + 1 };
  }
  return { start: Math.max(0, count - fallbackRows), end: count };
}

/**
 * Rows mounted per step while the window grows towards the span chosen for it (each step renders in a task of its
 * own): mounting a whole window of Markdown rows at once, after a jump from the top of a long thread to its bottom,
 * was a task of 60–190 ms.
 */
export const GROW_STEP_ROWS = 6;

const covers = (outer: Span, inner: Span) => outer.start <= inner.start && inner.end <= outer.end;

/** True when the mounted span holds every row in view. */
export function holdsInView(mounted: Span, inView: Span): boolean {
  return covers(mounted, inView);
}

/**
 * The next span on the way from `mounted` to `target`: the rows in view (`inView`, inside `target`) always; the
 * mounted rows still in `target` when they meet the rows in view (after a far jump they do not, and mounting the
 * rows between would be the whole jump at once); and at most `step` more rows of `target` at each end. Rows outside
 * `target` go at once (unmounting is cheap). Repeated, it reaches `target`.
 */
export function stepToward(mounted: Span, target: Span, inView: Span, step = GROW_STEP_ROWS): Span {
  let start = Math.max(inView.start, target.start);
  let end = Math.min(inView.end, target.end);
  const keptStart = Math.max(mounted.start, target.start);
  const keptEnd = Math.min(mounted.end, target.end);
  if (keptStart < keptEnd && keptStart <= end && keptEnd >= start) {
    start = Math.min(start, keptStart);
    end = Math.max(end, keptEnd);
  }
  return { start: Math.max(target.start, start - step), end: Math.min(target.end, end + step) };
}
