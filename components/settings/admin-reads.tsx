import { threadReadsPage } from "@/lib/account/thread-reads";
import { threadAccessEnabled } from "@/lib/admin/thread-access";
import { getMessages } from "@/lib/i18n/server";
import { AdminReadsList } from "./admin-reads-list";
import { SettingsCard } from "./settings-card";

export const READS_FIRST_PAGE = 10;

/** "Who read your conversation": every admin read of the user's thread, from the audit log, newest first. */
export async function AdminReads({ userId }: { userId: string }) {
  const enabled = threadAccessEnabled();
  const first = await threadReadsPage({ userId, limit: READS_FIRST_PAGE });
  const m = (await getMessages()).settings.reads;
  return (
    <SettingsCard id="admin-reads" title={m.heading} testId="admin-reads">
      <p className="mt-2 text-sm leading-6 text-zinc-700 dark:text-zinc-300">
        {m.intro}
      </p>
      {enabled ? null : (
        <p data-testid="admin-reads-off" className="mt-3 rounded-lg border border-emerald-200 bg-emerald-50 px-3.5 py-2.5 text-sm text-emerald-900 dark:border-emerald-900/60 dark:bg-emerald-950/30 dark:text-emerald-200">
          {m.off}
          {first.reads.length > 0 ? m.offEarlier : ""}
        </p>
      )}
      <AdminReadsList initial={first} />
    </SettingsCard>
  );
}
