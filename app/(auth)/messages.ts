// Pure helpers for the auth forms (no "use server": they are not actions).

/** Only same-origin paths are honoured as a post-sign-in destination. */
export function safeCallbackUrl(value: unknown): string {
  const url = typeof value === "string" ? value : "";
  return url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\") ? url : "/";
}

/** Maps Auth.js error codes (also seen as `?error=`/`?code=` on redirects) to readable messages. */
export function signInErrorMessage(code: string | undefined | null): string {
  if (!code) return "Sign-in failed. Please try again.";
  if (code.startsWith("rate_limited")) {
    const minutes = Number(code.split("_").pop()) || 15;
    return `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  switch (code) {
    case "credentials":
    case "CredentialsSignin":
      return "Incorrect email or password.";
    case "account_disabled":
    case "AccountDisabled":
    case "AccessDenied":
      return "This account has been disabled. Contact your administrator.";
    case "OAuthAccountNotLinked":
      return "This email is already registered with another sign-in method.";
    default:
      return "Sign-in failed. Please try again.";
  }
}
