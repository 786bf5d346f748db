"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "2 days ago"; null past a week (a date reads better). */
export function relativeTime(then: number, now: number): string | null {
  const ago = now - then;
  if (ago < 0 || ago >= 7 * DAY) return null;
  if (ago < MINUTE) return "just now";
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  const days = Math.floor(ago / DAY);
  return days === 1 ? "yesterday" : `${days} days ago`;
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
  const date = new Date(iso);
  const timeZone = inBrowser ? undefined : "UTC";
  const suffix = inBrowser ? "" : " UTC";
  const full = `${date.toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone })}${suffix}`;
  const day = date.toLocaleDateString("en", { dateStyle: "medium", timeZone });
  const text = format === "datetime" ? full : format === "date" ? day : (now !== undefined ? relativeTime(date.getTime(), now) : null) ?? day;
  return (
    <time dateTime={iso} title={full} className={className}>
      {text}
    </time>
  );
}
