import "server-only";
import { persistentLimiter, RateLimiterRes } from "@/lib/db/rate-limits";
import type { Messages } from "@/lib/i18n";
import { en } from "@/lib/i18n/messages/en";
import { TooManySignInAttempts } from "./sign-in-limits";

// Limits of the password flows, on the same Postgres-backed limiter as sign-in (lib/auth/sign-in-limits.ts).
const HOUR = 60 * 60;
const limiters = {
  /** Wrong current passwords on /settings, per account: the form must not become a password oracle. */
  changeFailures: persistentLimiter({ keyPrefix: "password_change", points: 5, durationSeconds: 15 * 60, blockDurationSeconds: 15 * 60 }),
  /** Reset emails per address asked for: a mailbox is not flooded, whoever asks. */
  resetByEmail: persistentLimiter({ keyPrefix: "reset_email", points: 3, durationSeconds: HOUR }),
  /** Reset requests per client address: one office behind a NAT is fine, a script is not. */
  resetByIp: persistentLimiter({ keyPrefix: "reset_ip", points: 20, durationSeconds: HOUR }),
  /** New-password submissions (a link's form) per client address. */
  resetSubmitByIp: persistentLimiter({ keyPrefix: "reset_submit_ip", points: 20, durationSeconds: 15 * 60 }),
} as const;

export type PasswordLimit = keyof typeof limiters;

/** Takes a point; throws TooManySignInAttempts (with the wait) once the window is used up. */
export async function consumePasswordLimit(name: PasswordLimit, key: string): Promise<void> {
  try {
    await limiters[name].consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new TooManySignInAttempts(Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

/** Throws TooManySignInAttempts while the window is used up, without taking a point. */
export async function assertPasswordLimit(name: PasswordLimit, key: string): Promise<void> {
  const res = await limiters[name].get(key);
  if (res && res.remainingPoints <= 0) throw new TooManySignInAttempts(Math.ceil(res.msBeforeNext / 1000));
}

export async function clearPasswordLimit(name: PasswordLimit, key: string): Promise<void> {
  await limiters[name].delete(key).catch(() => undefined);
}

/** "Try again in 12 minutes.", in the reader's language (`m`: the catalogue's auth.errors). */
export function waitMessage(seconds: number, m: Messages["auth"]["errors"] = en.auth.errors): string {
  return m.tryAgainIn(Math.max(1, Math.ceil(seconds / 60)));
}
