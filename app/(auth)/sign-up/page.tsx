import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { oauthProviderInfo } from "@/lib/auth/providers";
import { env } from "@/lib/env";
import { AuthForm } from "../auth-form";
import { OAuthButtons } from "../oauth-buttons";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect("/");
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create your account</h1>
      <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">Your own private thread with the team&apos;s agent.</p>
      <OAuthButtons providers={oauthProviderInfo(env())} callbackUrl="/" />
      <AuthForm mode="sign-up" />
    </>
  );
}
