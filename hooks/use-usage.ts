"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { fetchUsage, type ChatUsage } from "@/lib/chat/client/api";
import type { Messages } from "@/lib/i18n";

/**
 * The signed-in user's use against their limits, for the composer's notice: read when the chat opens and again
 * each time a reply ends (`idle` turns true), when its tokens have just been counted. A failure just hides the
 * notice: it is a hint, never in the way of the chat.
 */
export function useUsage({ idle }: { idle: boolean }): { usage: ChatUsage | null; refresh: () => void } {
  const [usage, setUsage] = useState<ChatUsage | null>(null);
  const alive = useRef<AbortController | null>(null);

  const refresh = useCallback(() => {
    alive.current?.abort();
    const controller = new AbortController();
    alive.current = controller;
    fetchUsage({ signal: controller.signal }).then(setUsage, () => undefined);
  }, []);

  useEffect(() => {
    if (idle) refresh();
  }, [idle, refresh]);
  useEffect(() => () => alive.current?.abort(), []);
  return { usage, refresh };
}

/** From this share of any limit on, the composer says how much is used. */
export const USAGE_NOTICE_FROM = 0.8;

/** The most used limit at or over 80%, as a sentence ("You've used 85% of today's messages (170 of 200)."), else null. */
export function usageNotice(usage: ChatUsage | null, m: Messages["chat"]["usage"], locale: string): string | null {
  if (!usage) return null;
  const windows = [
    { used: usage.today.messages, limit: usage.limits.messagesPerDay, what: m.todaysMessages },
    { used: usage.today.tokens, limit: usage.limits.tokensPerDay, what: m.todaysTokens },
    { used: usage.month.tokens, limit: usage.limits.tokensPerMonth, what: m.monthsTokens },
  ].filter((w): w is { used: number; limit: number; what: string } => w.limit !== null && w.limit > 0);
  const top = windows.sort((a, b) => b.used / b.limit - a.used / a.limit)[0];
  if (!top || top.used / top.limit < USAGE_NOTICE_FROM) return null;
  const percent = Math.min(100, Math.floor((top.used / top.limit) * 100));
  return m.notice(percent, top.what, top.used, top.limit, locale);
}
