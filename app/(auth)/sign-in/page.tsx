import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { oauthProviderInfo } from "@/lib/auth/providers";
import { env } from "@/lib/env";
import { mailDelivery } from "@/lib/mail/mailer";
import { Alert } from "@/components/ui/alert";
import { AuthForm } from "../auth-form";
import { safeCallbackUrl, signInErrorMessage } from "../messages";
import { OAuthButtons } from "../oauth-buttons";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<{ callbackUrl?: string; error?: string; code?: string; reset?: string; signedOut?: string }>;

/** After a password reset or "sign out everywhere", the page says what happened. */
function notice(params: Awaited<SearchParams>): string | null {
  if (params.reset === "done") return "Your password has been changed and every session signed out. Sign in with your new password.";
  if (params.signedOut === "everywhere") return "You have been signed out on every browser and device.";
  return null;
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const initialError = params.error ? signInErrorMessage(params.code ?? params.error) : undefined;
  const done = notice(params);
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">Welcome back. Pick up your thread where you left it.</p>
      {done ? <div className="mb-4"><Alert tone="success" testId="sign-in-notice">{done}</Alert></div> : null}
      <OAuthButtons providers={oauthProviderInfo(env())} callbackUrl={callbackUrl} />
      <AuthForm mode="sign-in" callbackUrl={callbackUrl} initialError={initialError} forgotPassword={mailDelivery() !== "off"} />
    </>
  );
}
