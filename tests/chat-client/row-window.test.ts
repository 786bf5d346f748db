import { describe, expect, it } from "vitest";
import {
  GROW_STEP_ROWS, holdsInView, indexOfKey, listHeight, offsetsOf, OVERSCAN_PX, resolveSpan, spanHeight, stepToward, WINDOW_FROM_ROWS,
  windowFor, type Span,
} from "@/lib/chat/client/row-window";

/** `count` rows of `height` px, `gap` px apart. */
const uniform = (count: number, height = 100, gap = 20) => offsetsOf(count, () => height, gap);
const keys = (count: number) => Array.from({ length: count }, (_, i) => `row:${i}`);

describe("row window: sizes", () => {
  it("padding above and below adds up to the whole list with the mounted rows", () => {
    const heights = offsetsOf(5, (i) => [10, 20, 30, 40, 50][i]!, 5);
    expect(listHeight(heights)).toBe(150 + 4 * 5);
    const padTop = spanHeight(heights, 0, 2); // rows 0-1, each with its gap
    const mounted = 30 + 5 + 40; // rows 2-3 and the gap between them
    const padBottom = spanHeight(heights, 4, 5); // row 4 and the gap above it
    // The list's flex gap sits between the padding and the first/last mounted row.
    expect(padTop + mounted + padBottom).toBe(listHeight(heights));
    expect(listHeight(uniform(0))).toBe(0);
  });
});

describe("row window: which rows to mount", () => {
  it("mounts the rows that meet the viewport plus the overscan on each side", () => {
    // Rows every 120 px; viewport 6,000–6,900.
    const span = windowFor(uniform(1000), 6000, 6900, 300);
    expect(span).toStrictEqual({ start: Math.floor((6000 - 300) / 120), end: Math.ceil((6900 + 300) / 120) });
  });

  it("keeps the mount count bounded by the viewport, not by the thread length", () => {
    for (const count of [400, 3000, 100_000]) {
      const { start, end } = windowFor(uniform(count), 20_000, 20_900);
      expect(end - start).toBeLessThanOrEqual(Math.ceil((900 + 2 * OVERSCAN_PX) / 120) + 2);
    }
  });

  it("clamps at both ends and never returns an empty span for a non-empty list", () => {
    expect(windowFor(uniform(50), -500, 400, 0)).toStrictEqual({ start: 0, end: 4 });
    expect(windowFor(uniform(50), 1e6, 1e6 + 900, 0)).toStrictEqual({ start: 49, end: 50 });
    expect(windowFor(uniform(0), 0, 900)).toStrictEqual({ start: 0, end: 0 });
  });
});

describe("row window: following rows as the list changes", () => {
  it("finds a key near its old index, or says it is gone", () => {
    const list = keys(500);
    const at = (i: number) => list[i]!;
    expect(indexOfKey(at, 500, "row:250", 250)).toBe(250);
    expect(indexOfKey(at, 500, "row:175", 100)).toBe(175);
    expect(indexOfKey(at, 500, "row:3", 400)).toBe(3);
    expect(indexOfKey(at, 500, "missing", 10)).toBe(-1);
  });

  it("mounts everything up to the threshold", () => {
    const list = keys(WINDOW_FROM_ROWS);
    expect(resolveSpan((i) => list[i]!, list.length, { startKey: "row:10", endKey: "row:20", hint: { start: 10, end: 21 } }))
      .toStrictEqual({ start: 0, end: WINDOW_FROM_ROWS });
  });

  it("shifts with a page prepended above, so the rows in view stay mounted", () => {
    const before = keys(400);
    const chosen = { startKey: "row:10", endKey: "row:40", hint: { start: 10, end: 41 } };
    expect(resolveSpan((i) => before[i]!, before.length, chosen)).toStrictEqual({ start: 10, end: 41 });
    const after = [...Array.from({ length: 75 }, (_, i) => `older:${i}`), ...before];
    expect(resolveSpan((i) => after[i]!, after.length, chosen)).toStrictEqual({ start: 85, end: 116 });
  });

  it("falls back to the newest rows when the chosen rows are gone", () => {
    const list = keys(400);
    const gone = { startKey: "old:1", endKey: "old:9", hint: { start: 1, end: 10 } };
    expect(resolveSpan((i) => list[i]!, list.length, gone, 30)).toStrictEqual({ start: 370, end: 400 });
    expect(resolveSpan((i) => list[i]!, list.length, null, 30)).toStrictEqual({ start: 370, end: 400 });
  });
});

describe("row window: growing towards the chosen span a few rows per step", () => {
  /** Steps from `mounted` until nothing changes; the spans on the way. */
  const walk = (mounted: Span, target: Span, inView: Span, step = GROW_STEP_ROWS) => {
    const spans: Span[] = [];
    for (let next = stepToward(mounted, target, inView, step); next.start !== mounted.start || next.end !== mounted.end; next = stepToward(mounted, target, inView, step)) {
      spans.push(next);
      mounted = next;
      if (spans.length > 1000) throw new Error("never reaches the target");
    }
    return spans;
  };

  it("after a far jump mounts only the rows in view first, not the rows between nor the old ones", () => {
    // The top of a 3,000-row thread was mounted; a send jumps to its bottom.
    const mounted = { start: 0, end: 40 };
    const target = { start: 2970, end: 3001 };
    const inView = { start: 2992, end: 3001 };
    expect(holdsInView(mounted, inView)).toBe(false);
    expect(stepToward(mounted, target, inView, 0)).toStrictEqual(inView);
    const spans = walk(inView, target, inView, 6);
    expect(spans.at(-1)).toStrictEqual(target);
    // Each step mounts at most 6 rows more, and the rows in view stay mounted throughout.
    let previous = inView;
    for (const span of spans) {
      expect(previous.start - span.start).toBeLessThanOrEqual(6);
      expect(span.end - previous.end).toBeLessThanOrEqual(6);
      expect(holdsInView(span, inView)).toBe(true);
      previous = span;
    }
  });

  it("keeps the mounted rows that meet the rows in view, drops those outside the target at once", () => {
    // Scrolled down a little: the window moves down by 10 rows.
    const next = stepToward({ start: 100, end: 140 }, { start: 110, end: 150 }, { start: 120, end: 130 }, 6);
    expect(next).toStrictEqual({ start: 110, end: 146 });
    expect(stepToward(next, { start: 110, end: 150 }, { start: 120, end: 130 }, 6)).toStrictEqual({ start: 110, end: 150 });
  });

  it("with no step, changes nothing while the rows in view are mounted, except dropping rows", () => {
    expect(stepToward({ start: 10, end: 50 }, { start: 0, end: 60 }, { start: 20, end: 30 }, 0)).toStrictEqual({ start: 10, end: 50 });
    expect(stepToward({ start: 10, end: 50 }, { start: 15, end: 45 }, { start: 20, end: 30 }, 0)).toStrictEqual({ start: 15, end: 45 });
  });

  it("reaches any target from any mounted span, the rows in view mounted all along", () => {
    for (const [mounted, target, inView] of [
      [{ start: 0, end: 1 }, { start: 0, end: 100 }, { start: 0, end: 5 }],
      [{ start: 500, end: 560 }, { start: 20, end: 70 }, { start: 40, end: 50 }],
      [{ start: 20, end: 70 }, { start: 40, end: 120 }, { start: 60, end: 100 }],
    ] as [Span, Span, Span][]) {
      const first = stepToward(mounted, target, inView, 0);
      expect(holdsInView(first, inView)).toBe(true);
      const spans = walk(first, target, inView);
      expect(spans.at(-1) ?? first).toStrictEqual(target);
      expect(spans.every((span) => holdsInView(span, inView))).toBe(true);
    }
  });
});
