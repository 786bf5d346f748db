import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { AppError, type Surface } from "@/lib/errors";
import { db } from "./client";

// The one owner of the "RateLimiterFlexible" table: every limit in Threadline is a fixed window per key in it,
// shared by every instance. One format, rate-limiter-flexible's (`<keyPrefix>:<key>`, points used, the window's
// end as a UTC `timestamp(3)`), written two ways:
// - through the library (`persistentLimiter`): sign-in and sign-up limits, a few calls off the hot path;
// - as SQL inside the request gate's one statement (`consumePointSql`, lib/db/request-context.ts): the API limits,
//   so a send costs one database round trip, not two. tests/db/rate-limits.test.ts reads the one with the other.

export { RateLimiterRes };

/** A limiter on the shared table (rate-limiter-flexible), e.g. for sign-in attempts. */
export function persistentLimiter(
  { keyPrefix, points, durationSeconds, blockDurationSeconds }:
  { keyPrefix: string; points: number; durationSeconds: number; blockDurationSeconds?: number },
): RateLimiterPrisma {
  return new RateLimiterPrisma({
    storeClient: db, keyPrefix, points, duration: durationSeconds, blockDuration: blockDurationSeconds,
    // Expired rows are overwritten by the next consume; no per-instance timers.
    clearExpiredByTimeout: false,
  });
}

// Per-user limits of the API routes, consumed in the request gate.
const API_LIMITS = {
  message: { points: 20, durationSeconds: 60, surface: "message" }, // points: CHAT_MESSAGES_PER_MINUTE (default 20)
  history: { points: 240, durationSeconds: 60, surface: "conversation" },
  admin: { points: 300, durationSeconds: 60, surface: "admin" },
  /** Deleting one's account: each attempt (a wrong password too) costs a point. */
  account: { points: 10, durationSeconds: 15 * 60, surface: "auth" },
} as const satisfies Record<string, { points: number; durationSeconds: number; surface: Surface }>;

export type ApiLimitName = keyof typeof API_LIMITS;

/** The limit's points per window: sends per minute are configurable (the burst limit beside the usage budgets). */
export const apiLimitPoints = (name: ApiLimitName): number => (name === "message" ? env().CHAT_MESSAGES_PER_MINUTE : API_LIMITS[name].points);

/**
 * The window a request of `userId` consumes a point from (the key rate-limiter-flexible would use: `api_<name>`),
 * and its points (the gate charges a send's message only if the point was within them).
 */
export function apiLimitWindow(name: ApiLimitName, userId: string): { key: string; durationSeconds: number; points: number } {
  return { key: `api_${name}:${userId}`, durationSeconds: API_LIMITS[name].durationSeconds, points: apiLimitPoints(name) };
}

/** Throws `rate_limit:<surface>` once more than the limit's points were used in the current window. */
export function assertWithinApiLimit(name: ApiLimitName, used: { points: number; msBeforeNext: number } | null): void {
  if (!used || used.points <= apiLimitPoints(name)) return;
  const seconds = Math.max(1, Math.ceil(used.msBeforeNext / 1000));
  throw new AppError(`rate_limit:${API_LIMITS[name].surface}`, `You're going a bit fast. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`);
}

const NOW = `(now() AT TIME ZONE 'UTC')`;

/**
 * The body of a CTE that consumes one point of the window `key` (`seconds` long), once per row of `from` that
 * passes `where`, and returns the window's `points` and `expire`: an expired row starts a new window, any other is
 * incremented in place (`ON CONFLICT … DO UPDATE` locks the row, so concurrent requests on any instance are all
 * counted). The arguments are SQL expressions (placeholders, a CTE name), never values.
 */
export function consumePointSql({ key, seconds, from, where }: { key: string; seconds: string; from: string; where: string }): string {
  return `
  INSERT INTO "RateLimiterFlexible" AS r (key, points, expire)
  SELECT ${key}, 1, ${NOW} + make_interval(secs => ${seconds})
  FROM ${from} WHERE ${where}
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN r.expire IS NULL OR r.expire > ${NOW} THEN r.points + 1 ELSE 1 END,
    expire = CASE WHEN r.expire IS NULL OR r.expire > ${NOW} THEN r.expire ELSE EXCLUDED.expire END
  RETURNING points, expire`;
}

/** Milliseconds until the window whose end is `expire` (a column from consumePointSql) closes, as an int. */
export const msBeforeNextSql = (expire: string) => `GREATEST(0, CEIL(EXTRACT(EPOCH FROM ${expire} - ${NOW}) * 1000))::int`;
