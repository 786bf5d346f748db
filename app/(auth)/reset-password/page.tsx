import type { Metadata } from "next";
import { checkResetToken } from "@/lib/auth/password-reset";
import { ResetPasswordForm } from "../reset-password-form";
import { UnusableLink } from "../unusable-link";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

type SearchParams = Promise<{ token?: string | string[] }>;

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const { token } = await searchParams;
  const account = typeof token === "string" ? await checkResetToken(token) : null;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Choose a new password</h1>
      {account ? (
        <>
          <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">
            For <span className="font-medium text-zinc-900 break-all dark:text-zinc-100" data-testid="reset-email">{account.email}</span>.
          </p>
          <ResetPasswordForm token={token as string} email={account.email} />
        </>
      ) : (
        <div className="mt-4"><UnusableLink /></div>
      )}
    </>
  );
}
