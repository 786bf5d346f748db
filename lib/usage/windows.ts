// The usage windows: the UTC day and the UTC calendar month a moment falls in, when they end, and how a wait
// until then reads. Pure functions (no clock of their own), shared by the server and the chat page.
import type { QuotaWindow } from "@/lib/errors";

export type { QuotaWindow };

/** `YYYY-MM-DD` of the UTC day `at` falls in (what a Postgres `date` column takes). */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** `YYYY-MM-01` of the UTC month `at` falls in. */
export function utcMonth(at: Date): string {
  return `${at.toISOString().slice(0, 7)}-01`;
}

/** The next UTC midnight after `at`: when today's limits reset. */
export function nextUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

/** 00:00 UTC on the first of the next month: when this month's limit resets. */
export function nextUtcMonth(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

/** "3 h 12 min", "2 d 4 h", "45 s": the wait until `until`, rounded up to the unit shown last. */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
}

/** "00:00 UTC" for a reset at midnight tomorrow, "00:00 UTC on 1 Jan" for a month's. */
export function formatResetAt(resetAt: Date, now: Date): string {
  const sameDayOrNext = resetAt.getTime() - now.getTime() <= 24 * 3600 * 1000;
  const time = `${String(resetAt.getUTCHours()).padStart(2, "0")}:${String(resetAt.getUTCMinutes()).padStart(2, "0")} UTC`;
  if (sameDayOrNext) return time;
  const month = resetAt.toLocaleString("en-GB", { month: "short", timeZone: "UTC" });
  return `${time} on ${resetAt.getUTCDate()} ${month}`;
}

/**
 * "You've used today's 200 messages. You can write again at 00:00 UTC, in 3 h 12 min.": the refusal as a person
 * reads it, from the 429's fields; the chat re-renders it as the wait shrinks.
 */
export function quotaMessage({ window, limit, resetAt, now }: { window: QuotaWindow; limit: number; resetAt: Date; now: Date }): string {
  const n = limit.toLocaleString("en-US");
  const what =
    window === "messages_day" ? `today's ${n} message${limit === 1 ? "" : "s"}`
      : window === "tokens_day" ? `today's ${n} tokens`
        : `this month's ${n} tokens`;
  const used = limit === 0 ? "Chat is switched off for your account." : `You've used ${what}.`;
  return `${used} You can write again at ${formatResetAt(resetAt, now)}, in ${formatWait(resetAt.getTime() - now.getTime())}.`;
}
