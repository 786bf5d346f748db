"use client";

import { useSyncExternalStore } from "react";
import { useLocale, useMessages } from "@/lib/i18n/client";
import type { Messages } from "@/lib/i18n";
import { en } from "@/lib/i18n/messages/en";

const subscribe = () => () => {};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "2 days ago"; null past a week (a date reads better). */
export function relativeTime(then: number, now: number, m: Messages["settings"]["time"] = en.settings.time): string | null {
  const ago = now - then;
  if (ago < 0 || ago >= 7 * DAY) return null;
  if (ago < MINUTE) return m.justNow;
  if (ago < HOUR) return m.minutesAgo(Math.floor(ago / MINUTE));
  if (ago < DAY) return m.hoursAgo(Math.floor(ago / HOUR));
  const days = Math.floor(ago / DAY);
  return days === 1 ? m.yesterday : m.daysAgo(days);
}

type Props = {
  iso: string;
  /** relative: "3 h ago" (a date past a week); date: "Mar 4, 2026"; datetime: "Mar 4, 2026, 9:41 AM". */
  format?: "relative" | "date" | "datetime";
  /** The render time from the server, so server and browser agree on "ago". */
  now?: number;
  className?: string;
};

/**
 * A timestamp in the reader's time zone. The server renders UTC (it cannot know
 * the zone); the browser re-renders in local time right after hydration.
 */
export function LocalTime({ iso, format = "datetime", now, className }: Props) {
  const inBrowser = useSyncExternalStore(subscribe, () => true, () => false);
  // The page's locale (from the request, lib/i18n): server and browser format alike, only the zone differs.
  const locale = useLocale();
  const m = useMessages().settings.time;
  const date = new Date(iso);
  const timeZone = inBrowser ? undefined : "UTC";
  const suffix = inBrowser ? "" : m.utc;
  const full = `${date.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short", timeZone })}${suffix}`;
  const day = date.toLocaleDateString(locale, { dateStyle: "medium", timeZone });
  const text = format === "datetime" ? full : format === "date" ? day : (now !== undefined ? relativeTime(date.getTime(), now, m) : null) ?? day;
  return (
    <time dateTime={iso} title={full} className={className}>
      {text}
    </time>
  );
}
