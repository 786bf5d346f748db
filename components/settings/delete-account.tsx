import { hasPassword } from "@/lib/db/account-deletion";
import type { SessionUser } from "@/lib/db/users";
import { DeleteAccountForm } from "./delete-account-form";
import { SettingsCard } from "./settings-card";

/** "Delete your account": what goes, and the confirmation (password, or the email for accounts without one). */
export async function DeleteAccount({ user }: { user: SessionUser }) {
  const withPassword = await hasPassword({ id: user.id });
  return (
    <SettingsCard id="delete-account" title="Delete your account" testId="delete-account" tone="danger">
      <p className="mt-2 text-sm leading-6 text-zinc-700 dark:text-zinc-300">
        This deletes your conversation (every message, from the assistant’s server too), your account and your sign-in methods, and
        signs you out everywhere. It can’t be undone: export your conversation first if you want to keep it. The audit log keeps a
        record that the account was deleted, without any of its content.
      </p>
      <DeleteAccountForm withPassword={withPassword} email={user.email} />
    </SettingsCard>
  );
}
