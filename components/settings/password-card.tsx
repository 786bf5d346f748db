import Link from "next/link";
import { getSession } from "@/lib/auth/session";
import { getPasswordAccount } from "@/lib/db/passwords";
import { getMessages } from "@/lib/i18n/server";
import { PasswordForm } from "./password-form";

const CARD = "rounded-xl border border-zinc-200 bg-white p-5 shadow-xs dark:border-zinc-800 dark:bg-zinc-900/40";

/** /settings: change the password, or why there is none (an account that signs in through a provider). */
export async function PasswordCard() {
  const session = await getSession();
  if (!session) return null;
  const account = await getPasswordAccount({ userId: session.user.id });
  const m = (await getMessages()).settings.password;
  return (
    <section aria-labelledby="password-heading" className={`${CARD} mt-4`} data-testid="password-card">
      <h2 id="password-heading" className="text-sm font-semibold">{m.heading}</h2>
      {account?.passwordHash ? (
        <>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {m.intro}{" "}
            <Link href="/forgot-password" className="font-medium text-accent-600 underline-offset-4 hover:underline dark:text-accent-100">
              {m.resetLink}
            </Link>
            .
          </p>
          <PasswordForm email={account.email ?? ""} />
        </>
      ) : (
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400" data-testid="no-password">
          {m.noPassword}
        </p>
      )}
    </section>
  );
}
