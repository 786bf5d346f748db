import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { oauthProviderInfo } from "@/lib/auth/providers";
import { env } from "@/lib/env";
import { AuthForm } from "../auth-form";
import { OAuthButtons } from "../oauth-buttons";
import { getMessages } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).auth.signUp.title };
}

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect("/");
  const m = (await getMessages()).auth.signUp;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">{m.heading}</h1>
      <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">{m.intro}</p>
      <OAuthButtons providers={oauthProviderInfo(env())} callbackUrl="/" />
      <AuthForm mode="sign-up" />
    </>
  );
}
