import "server-only";
import type { Role } from "@/generated/prisma/client";
import { readUserUsage } from "@/lib/db/usage";
import { effectiveLimits, type UsageLimits } from "./limits";
import { nextUtcDay, nextUtcMonth, utcDay, utcMonth } from "./windows";

/** What a user has used and may use: GET /api/chat/usage, /settings and the user's admin page. */
export type UsageSummary = {
  today: { messages: number; tokens: number };
  month: { tokens: number };
  limits: UsageLimits;
  /** The admin's override, as stored (null: the role's defaults apply). */
  override: UsageLimits | null;
  resets: { day: string; month: string };
};

export async function usageSummary({ userId, role, now }: { userId: string; role: Role; now: Date }): Promise<UsageSummary> {
  const usage = await readUserUsage({ userId, day: utcDay(now), month: utcMonth(now) });
  return {
    today: { messages: usage.messagesToday, tokens: usage.tokensToday },
    month: { tokens: usage.tokensThisMonth },
    limits: effectiveLimits(role, usage.override),
    override: usage.override,
    resets: { day: nextUtcDay(now).toISOString(), month: nextUtcMonth(now).toISOString() },
  };
}
