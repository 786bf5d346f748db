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
import { getMessages } from "@/lib/i18n/server";
import type { Messages } from "@/lib/i18n";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).auth.signIn.title };
}

type SearchParams = Promise<{ callbackUrl?: string; error?: string; code?: string; reset?: string; signedOut?: string }>;

/** After a password reset or "sign out everywhere", the page says what happened. */
function notice(params: Awaited<SearchParams>, m: Messages["auth"]["signIn"]): string | null {
  if (params.reset === "done") return m.resetDone;
  if (params.signedOut === "everywhere") return m.signedOutEverywhere;
  return null;
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const messages = await getMessages();
  const m = messages.auth.signIn;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const initialError = params.error ? signInErrorMessage(params.code ?? params.error, messages.auth.errors) : undefined;
  const done = notice(params, m);
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">{m.title}</h1>
      <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">{m.intro}</p>
      {done ? <div className="mb-4"><Alert tone="success" testId="sign-in-notice">{done}</Alert></div> : null}
      <OAuthButtons providers={oauthProviderInfo(env())} callbackUrl={callbackUrl} />
      <AuthForm mode="sign-in" callbackUrl={callbackUrl} initialError={initialError} forgotPassword={mailDelivery() !== "off"} />
    </>
  );
}
