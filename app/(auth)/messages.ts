// Pure helpers for the auth forms (no "use server": they are not actions).
import type { Messages } from "@/lib/i18n";
import { en } from "@/lib/i18n/messages/en";

/** Only same-origin paths are honoured as a post-sign-in destination. */
export function safeCallbackUrl(value: unknown): string {
  const url = typeof value === "string" ? value : "";
  return url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\") ? url : "/";
}

/** Maps Auth.js error codes (also seen as `?error=`/`?code=` on redirects) to readable messages. */
export function signInErrorMessage(code: string | undefined | null, m: Messages["auth"]["errors"] = en.auth.errors): string {
  if (!code) return m.failed;
  if (code.startsWith("rate_limited")) {
    const minutes = Number(code.split("_").pop()) || 15;
    return m.rateLimited(minutes);
  }
  switch (code) {
    case "credentials":
    case "CredentialsSignin":
      return m.credentials;
    case "account_disabled":
    case "AccountDisabled":
    case "AccessDenied":
      return m.disabled;
    case "OAuthAccountNotLinked":
      return m.notLinked;
    default:
      return m.failed;
  }
}
