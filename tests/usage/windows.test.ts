// The window arithmetic and wording the server and the chat share, and the CSV export's cells.
import { describe, expect, it } from "vitest";
import { csvField, csvLine } from "@/lib/usage/csv";
import { formatResetAt, formatWait, nextUtcDay, nextUtcMonth, quotaMessage, utcDay, utcMonth } from "@/lib/usage/windows";

describe("usage windows", () => {
  it("the UTC day and month, and when they end, across a year end and a leap day", () => {
    const nye = new Date("2026-12-31T23:59:59.999Z");
    expect([utcDay(nye), utcMonth(nye)]).toEqual(["2026-12-31", "2026-12-01"]);
    expect(nextUtcDay(nye).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(nextUtcMonth(nye).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(nextUtcDay(new Date("2028-02-28T12:00:00Z")).toISOString()).toBe("2028-02-29T00:00:00.000Z");
    expect(nextUtcMonth(new Date("2028-02-29T12:00:00Z")).toISOString()).toBe("2028-03-01T00:00:00.000Z");
    // A time zone far from UTC changes nothing: all of it is UTC.
    expect(utcDay(new Date("2026-06-01T00:30:00+05:00"))).toBe("2026-05-31");
  });

  it("waits read as a person would say them, rounded up", () => {
    expect([formatWait(0), formatWait(999), formatWait(59_000), formatWait(61_000)]).toEqual(["0 s", "1 s", "59 s", "2 min"]);
    expect(formatWait((3 * 60 + 12) * 60_000)).toBe("3 h 12 min");
    expect(formatWait(3 * 3_600_000)).toBe("3 h");
    expect(formatWait((26 * 60) * 60_000)).toBe("1 d 2 h");
    expect(formatWait(2 * 86_400_000)).toBe("2 d");
  });

  it("the refusal sentence for each window", () => {
    const now = new Date("2026-12-02T20:48:00Z");
    expect(quotaMessage({ window: "messages_day", limit: 200, resetAt: nextUtcDay(now), now }))
      .toBe("You've used today's 200 messages. You can write again at 00:00 UTC, in 3 h 12 min.");
    expect(quotaMessage({ window: "tokens_day", limit: 50_000, resetAt: nextUtcDay(now), now }))
      .toBe("You've used today's 50,000 tokens. You can write again at 00:00 UTC, in 3 h 12 min.");
    expect(quotaMessage({ window: "tokens_month", limit: 1_000_000, resetAt: nextUtcMonth(now), now }))
      .toBe("You've used this month's 1,000,000 tokens. You can write again at 00:00 UTC on 1 Jan, in 29 d 3 h.");
    expect(quotaMessage({ window: "messages_day", limit: 0, resetAt: nextUtcDay(now), now })).toMatch(/^Chat is switched off for your account\./);
    expect(formatResetAt(nextUtcDay(now), now)).toBe("00:00 UTC");
  });

  it("CSV cells: quoted when needed, formulas defused", () => {
    expect([csvField("plain"), csvField(42), csvField(null)]).toEqual(["plain", "42", ""]);
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(["=1+1", "+1", "-1", "@SUM(A1)", "\tx"].map(csvField)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx"]);
    expect(csvLine(["a", 1, null])).toBe("a,1,\r\n");
  });
});
