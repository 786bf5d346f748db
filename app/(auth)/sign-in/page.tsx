import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { oauthProviderInfo } from "@/lib/auth/providers";
import { env } from "@/lib/env";
import { AuthForm } from "../auth-form";
import { safeCallbackUrl, signInErrorMessage } from "../messages";
import { OAuthButtons } from "../oauth-buttons";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<{ callbackUrl?: string; error?: string; code?: string }>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const initialError = params.error ? signInErrorMessage(params.code ?? params.error) : undefined;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">Welcome back. Pick up your thread where you left it.</p>
      <OAuthButtons providers={oauthProviderInfo(env())} callbackUrl={callbackUrl} />
      <AuthForm mode="sign-in" callbackUrl={callbackUrl} initialError={initialError} />
    </>
  );
}
