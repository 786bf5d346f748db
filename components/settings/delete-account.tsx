import { hasPassword } from "@/lib/db/account-deletion";
import type { SessionUser } from "@/lib/db/users";
import { getMessages } from "@/lib/i18n/server";
import { DeleteAccountForm } from "./delete-account-form";
import { SettingsCard } from "./settings-card";

/** "Delete your account": what goes, and the confirmation (password, or the email for accounts without one). */
export async function DeleteAccount({ user }: { user: SessionUser }) {
  const withPassword = await hasPassword({ id: user.id });
  const m = (await getMessages()).settings.deleteAccount;
  return (
    <SettingsCard id="delete-account" title={m.heading} testId="delete-account" tone="danger">
      <p className="mt-2 text-sm leading-6 text-zinc-700 dark:text-zinc-300">
        {m.intro}
      </p>
      <DeleteAccountForm withPassword={withPassword} email={user.email} />
    </SettingsCard>
  );
}
