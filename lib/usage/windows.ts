// The usage windows: the UTC day and the UTC calendar month a moment falls in, when they end, and how a wait
// until then reads. Pure functions (no clock of their own), shared by the server and the chat page.
import type { QuotaWindow } from "@/lib/errors";
import type { Messages } from "@/lib/i18n";
import { en } from "@/lib/i18n/messages/en";

/** When no reader's locale is given (tests, logs): British English, "1 Jan". */
const DEFAULT_LOCALE = "en-GB";

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

type QuotaWording = Messages["shell"]["quota"];

/** "3 h 12 min", "2 d 4 h", "45 s": the wait until `until`, rounded up to the unit shown last. */
export function formatWait(ms: number, m: QuotaWording = en.shell.quota): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return m.wait.seconds(seconds);
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return m.wait.minutes(minutes);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return m.wait.days(days, hours);
  return m.wait.hours(hours, minutes % 60);
}

/** "00:00" of a UTC time, and "1 Jan" (or "Jan 1", as the locale writes it) of a UTC date. */
export const utcTime = (at: Date, locale: string) =>
  new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" }).format(at);
export const utcDate = (at: Date, locale: string) =>
  new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).format(at);

/** "00:00 UTC" for a reset at midnight tomorrow, "00:00 UTC on 1 Jan" for a month's. */
export function formatResetAt(resetAt: Date, now: Date, m: QuotaWording = en.shell.quota, locale = DEFAULT_LOCALE): string {
  const sameDayOrNext = resetAt.getTime() - now.getTime() <= 24 * 3600 * 1000;
  const time = utcTime(resetAt, locale);
  return sameDayOrNext ? m.time(time) : m.timeOn(time, utcDate(resetAt, locale));
}

/**
 * "You've used today's 200 messages. You can write again at 00:00 UTC, in 3 h 12 min.": the refusal as a person
 * reads it, from the 429's fields; the chat re-renders it as the wait shrinks. `m` and `locale`: the reader's.
 */
export function quotaMessage(
  { window, limit, resetAt, now, m = en.shell.quota, locale = DEFAULT_LOCALE }:
  { window: QuotaWindow; limit: number; resetAt: Date; now: Date; m?: QuotaWording; locale?: string },
): string {
  const what = window === "messages_day" ? m.messagesDay(limit, locale)
    : window === "tokens_day" ? m.tokensDay(limit, locale)
      : m.tokensMonth(limit, locale);
  const used = limit === 0 ? m.switchedOff : m.used(what);
  return `${used} ${m.writeAgain(formatResetAt(resetAt, now, m, locale), formatWait(resetAt.getTime() - now.getTime(), m))}`;
}
