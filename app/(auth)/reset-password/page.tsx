import type { Metadata } from "next";
import { checkResetToken } from "@/lib/auth/password-reset";
import { ResetPasswordForm } from "../reset-password-form";
import { UnusableLink } from "../unusable-link";
import { getMessages } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).auth.reset.title, referrer: "no-referrer" };
}

type SearchParams = Promise<{ token?: string | string[] }>;

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const { token } = await searchParams;
  const account = typeof token === "string" ? await checkResetToken(token) : null;
  return account ? <ResetPasswordForm token={token as string} email={account.email} /> : <UnusableLink />;
}
