import "server-only";
import type { Role } from "@/generated/prisma/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { BudgetParams } from "@/lib/db/usage-gate";
import { nextUtcDay, nextUtcMonth, quotaMessage, utcDay, utcMonth } from "./windows";

/** A user's limits over the three windows; null = unlimited. */
export type UsageLimits = { messagesPerDay: number | null; tokensPerDay: number | null; tokensPerMonth: number | null };
/** What a user used in the current windows. */
export type UsageUsed = { messagesToday: number; tokensToday: number; tokensThisMonth: number };
export type { QuotaWindow as UsageWindow } from "./windows";
import type { QuotaWindow as UsageWindow } from "./windows";

/** The role's defaults from CHAT_* (unset or 0 = unlimited). */
export function roleDefaults(role: Role): UsageLimits {
  const e = env();
  return role === "ADMIN"
    ? { messagesPerDay: e.CHAT_ADMIN_MESSAGES_PER_DAY, tokensPerDay: e.CHAT_ADMIN_TOKENS_PER_DAY, tokensPerMonth: e.CHAT_ADMIN_TOKENS_PER_MONTH }
    : { messagesPerDay: e.CHAT_MESSAGES_PER_DAY, tokensPerDay: e.CHAT_TOKENS_PER_DAY, tokensPerMonth: e.CHAT_TOKENS_PER_MONTH };
}

/** The defaults as the gate statement takes them: [messages/day, tokens/day, tokens/month], NULL = unlimited. */
export function defaultsParam(role: Role): (number | null)[] {
  const l = roleDefaults(role);
  return [l.messagesPerDay, l.tokensPerDay, l.tokensPerMonth];
}

/** What the gate statement needs to charge a send at `now`. */
export function budgetParams(now: Date): BudgetParams {
  return { day: utcDay(now), month: utcMonth(now), userDefaults: defaultsParam("USER"), adminDefaults: defaultsParam("ADMIN") };
}

/** The first window whose limit is used up, or null while the user is under every limit. */
export function exhaustedWindow(used: UsageUsed, limits: UsageLimits): UsageWindow | null {
  if (limits.messagesPerDay !== null && used.messagesToday >= limits.messagesPerDay) return "messages_day";
  if (limits.tokensPerDay !== null && used.tokensToday >= limits.tokensPerDay) return "tokens_day";
  if (limits.tokensPerMonth !== null && used.tokensThisMonth >= limits.tokensPerMonth) return "tokens_month";
  return null;
}

/**
 * The refusal of a send over a budget: 429 `quota:chat` with when it resets and the limit, and a sentence a person
 * can act on. `window` is null when the statement refused the last message to a concurrent send: the daily
 * message limit.
 */
export function quotaError(window: UsageWindow | null, limits: UsageLimits, now: Date): AppError {
  const which = window ?? "messages_day";
  const resetAt = which === "tokens_month" ? nextUtcMonth(now) : nextUtcDay(now);
  const limit = (which === "messages_day" ? limits.messagesPerDay : which === "tokens_day" ? limits.tokensPerDay : limits.tokensPerMonth) ?? 0;
  return new AppError("quota:chat", quotaMessage({ window: which, limit, resetAt, now }), {
    details: { resetAt: resetAt.toISOString(), limit, window: which },
  });
}

/** Limits in force: the override's where it sets one (-1 = unlimited), else the role's default. */
export function effectiveLimits(role: Role, override: UsageLimits | null): UsageLimits {
  const defaults = roleDefaults(role);
  const pick = (own: number | null | undefined, fallback: number | null) => (own === null || own === undefined ? fallback : own < 0 ? null : own);
  return {
    messagesPerDay: pick(override?.messagesPerDay, defaults.messagesPerDay),
    tokensPerDay: pick(override?.tokensPerDay, defaults.tokensPerDay),
    tokensPerMonth: pick(override?.tokensPerMonth, defaults.tokensPerMonth),
  };
}
