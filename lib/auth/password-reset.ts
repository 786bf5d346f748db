import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { after } from "next/server";
import { hashPassword } from "@/lib/auth/password";
import { consumePasswordLimit } from "@/lib/auth/password-limits";
import { RESET_LINK_MINUTES } from "@/lib/auth/reset-link";
import { recordSuccessfulSignIn } from "@/lib/auth/sign-in-limits";
import { createPasswordResetToken, findUsableResetToken, getResetAccount, resetPasswordWithToken } from "@/lib/db/passwords";
import { env } from "@/lib/env";
import { sendMail, type Mail } from "@/lib/mail/mailer";
import { noPasswordMail, passwordResetMail } from "@/lib/mail/templates";

// Forgot password: a single-use link, valid 30 minutes, mailed to the account's address. Only the token's SHA-256
// is stored, so a read of the database yields no usable link. Asking never reveals whether an email has an
// account: the page's answer is the same, and whether a mail goes out is decided before the answer while the
// sending itself happens after it (`after`), so a slow mail server does not show in the response time either.

/** 32 random bytes, base64url: exactly 43 characters of [A-Za-z0-9_-]. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const hashResetToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");
export const newResetToken = () => randomBytes(32).toString("base64url");

/** Where links in mails point: AUTH_URL (required with SMTP in production), else this request's own origin (dev). */
export function publicOrigin(headers: Headers): string {
  const configured = env().AUTH_URL;
  if (configured) return new URL(configured).origin;
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost:3000";
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${host}`;
}

const PROVIDER_NAMES: Record<string, string> = { github: "GitHub", google: "Google" };

function deliver(mail: Mail) {
  after(async () => {
    try {
      await sendMail(mail);
    } catch (error) {
      console.error("[mail] could not send the email:", error);
    }
  });
}

/**
 * Handles a "forgot password" request for `email` (already validated and lowercased). Limited per email and per
 * client address (throws TooManySignInAttempts); otherwise returns nothing, whatever the email: an account with a
 * password gets a link, one that signs in through a provider gets a mail saying so, anything else gets nothing.
 */
export async function requestPasswordReset({ email, ip, origin }: { email: string; ip: string; origin: string }): Promise<void> {
  await consumePasswordLimit("resetByIp", ip);
  await consumePasswordLimit("resetByEmail", email);
  const account = await getResetAccount({ email });
  if (!account || account.disabled) return;
  if (!account.hasPassword) {
    const providers = account.providers.map((p) => (p === "oidc" ? env().AUTH_OIDC_NAME : PROVIDER_NAMES[p] ?? p));
    deliver(noPasswordMail({ to: account.email, signInUrl: `${origin}/sign-in`, providers: [...new Set(providers)] }));
    return;
  }
  const token = newResetToken();
  await createPasswordResetToken({
    userId: account.id, tokenHash: hashResetToken(token), expiresAt: new Date(Date.now() + RESET_LINK_MINUTES * 60_000),
  });
  const link = `${origin}/reset-password?token=${token}`;
  deliver(passwordResetMail({ to: account.email, link, minutes: RESET_LINK_MINUTES }));
}

/** The account a link is for, while it is unused and unexpired; null for anything else (tampered, used, expired). */
export async function checkResetToken(token: unknown): Promise<{ userId: string; email: string | null } | null> {
  if (typeof token !== "string" || !TOKEN_SHAPE.test(token)) return null;
  return findUsableResetToken({ tokenHash: hashResetToken(token) });
}

/**
 * Sets the new password through a link, spends the link and signs out every session of the account. The password
 * must already have passed the strength rules. False when the link cannot be used (nothing changed).
 */
export async function resetPassword({ token, password }: { token: string; password: string }): Promise<boolean> {
  if (!TOKEN_SHAPE.test(token)) return false;
  const done = await resetPasswordWithToken({ tokenHash: hashResetToken(token), passwordHash: await hashPassword(password) });
  if (done?.email) await recordSuccessfulSignIn({ email: done.email }); // a lockout from the forgotten password ends too
  return !!done;
}
