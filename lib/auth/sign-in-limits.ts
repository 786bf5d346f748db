import "server-only";
import { persistentLimiter, RateLimiterRes } from "@/lib/db/rate-limits";

// Brute-force protection for password sign-in, stored in Postgres so every
// serverless instance shares the counts. Only failures are counted; a success
// clears the account's counter.
const WINDOW_SECONDS = 15 * 60;
const byAccount = persistentLimiter({ keyPrefix: "signin_account", points: 5, durationSeconds: WINDOW_SECONDS, blockDurationSeconds: WINDOW_SECONDS });
const byIp = persistentLimiter({ keyPrefix: "signin_ip", points: 30, durationSeconds: WINDOW_SECONDS, blockDurationSeconds: WINDOW_SECONDS });

// Account creation per address: generous for an office behind one NAT, tight for a script.
const signUpsByIp = persistentLimiter({ keyPrefix: "signup_ip", points: 20, durationSeconds: 60 * 60 });

/** Counts a sign-up attempt; throws TooManySignInAttempts past the hourly limit. */
export async function consumeSignUp({ ip }: { ip: string }): Promise<void> {
  try {
    await signUpsByIp.consume(ip);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new TooManySignInAttempts(Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

export class TooManySignInAttempts extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many sign-in attempts");
  }
}

async function remaining(limiter: ReturnType<typeof persistentLimiter>, key: string): Promise<number> {
  const res = await limiter.get(key);
  return res && res.remainingPoints <= 0 ? Math.ceil(res.msBeforeNext / 1000) : 0;
}

/** Throws TooManySignInAttempts when the account or the address is locked out. */
export async function assertSignInAllowed({ email, ip }: { email: string; ip: string }): Promise<void> {
  const waits = await Promise.all([remaining(byAccount, email), remaining(byIp, ip)]);
  const wait = Math.max(...waits);
  if (wait > 0) throw new TooManySignInAttempts(wait);
}

export async function recordFailedSignIn({ email, ip }: { email: string; ip: string }): Promise<void> {
  await Promise.all([
    byAccount.consume(email).catch(ignoreLimit),
    byIp.consume(ip).catch(ignoreLimit),
  ]);
}

export async function recordSuccessfulSignIn({ email }: { email: string }): Promise<void> {
  await byAccount.delete(email).catch(() => undefined);
}

/** `consume` rejects with a RateLimiterRes once over the limit; that is expected here. */
function ignoreLimit(error: unknown) {
  if (!(error instanceof RateLimiterRes)) throw error;
}

/** The caller's address as the platform reports it (Vercel and most proxies set x-forwarded-for). */
export function clientIp(headers: Headers | undefined): string {
  const forwarded = headers?.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers?.get("x-real-ip") || "unknown";
}
