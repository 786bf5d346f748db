import { describe, expect, it } from "vitest";
import {
  indexOfKey, listHeight, offsetsOf, OVERSCAN_PX, resolveSpan, spanHeight, WINDOW_FROM_ROWS, windowFor,
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
