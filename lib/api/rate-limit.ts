import "server-only";
import { AppError, type Surface } from "@/lib/errors";

// Per-user limits for API routes: fixed windows shared by every instance through Postgres. The point is
// consumed in the same statement that loads the user (lib/db/request-context.ts); this file holds the limits.
const LIMITS = {
  message: { points: 20, duration: 60, surface: "message" },
  history: { points: 240, duration: 60, surface: "conversation" },
  admin: { points: 300, duration: 60, surface: "admin" },
} as const satisfies Record<string, { points: number; duration: number; surface: Surface }>;

export type RateLimitName = keyof typeof LIMITS;

/** The window to consume a point from (same keys as rate-limiter-flexible's `keyPrefix:key`). */
export function rateLimitWindow(name: RateLimitName, userId: string): { key: string; durationSeconds: number } {
  return { key: `api_${name}:${userId}`, durationSeconds: LIMITS[name].duration };
}

/** Throws `rate_limit:<surface>` once more than the limit's points were used in the current window. */
export function assertWithinRateLimit(name: RateLimitName, used: { points: number; msBeforeNext: number } | null): void {
  if (!used || used.points <= LIMITS[name].points) return;
  const seconds = Math.max(1, Math.ceil(used.msBeforeNext / 1000));
  throw new AppError(`rate_limit:${LIMITS[name].surface}`, `You're going a bit fast. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`);
}
