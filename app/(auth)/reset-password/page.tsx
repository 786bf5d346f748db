import type { Metadata } from "next";
import { checkResetToken } from "@/lib/auth/password-reset";
import { ResetPasswordForm } from "../reset-password-form";
import { UnusableLink } from "../unusable-link";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

type SearchParams = Promise<{ token?: string | string[] }>;

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const { token } = await searchParams;
  const account = typeof token === "string" ? await checkResetToken(token) : null;
  return account ? <ResetPasswordForm token={token as string} email={account.email} /> : <UnusableLink />;
}
