import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/db/client";
import { AppError, type Surface } from "@/lib/errors";

// Per-user limits for API routes, shared by every instance through Postgres.
const LIMITS = {
  message: { points: 20, duration: 60, surface: "message" },
  history: { points: 240, duration: 60, surface: "conversation" },
  admin: { points: 300, duration: 60, surface: "admin" },
} as const satisfies Record<string, { points: number; duration: number; surface: Surface }>;

export type RateLimitName = keyof typeof LIMITS;

const limiters = new Map<RateLimitName, RateLimiterPrisma>();

function limiter(name: RateLimitName): RateLimiterPrisma {
  let found = limiters.get(name);
  if (!found) {
    const { points, duration } = LIMITS[name];
    found = new RateLimiterPrisma({ storeClient: db, keyPrefix: `api_${name}`, points, duration, clearExpiredByTimeout: false });
    limiters.set(name, found);
  }
  return found;
}

export async function enforceRateLimit(name: RateLimitName, userId: string): Promise<void> {
  try {
    await limiter(name).consume(userId);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError(`rate_limit:${LIMITS[name].surface}`, `You're going a bit fast. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`);
    }
    // A broken limiter store must not take the chat down with it.
    console.error("[rate-limit] store error", error);
  }
}
