import { threadReadsPage } from "@/lib/account/thread-reads";
import { threadAccessEnabled } from "@/lib/admin/thread-access";
import { AdminReadsList } from "./admin-reads-list";
import { SettingsCard } from "./settings-card";

export const READS_FIRST_PAGE = 10;

/** "Who read your conversation": every admin read of the user's thread, from the audit log, newest first. */
export async function AdminReads({ userId }: { userId: string }) {
  const enabled = threadAccessEnabled();
  const first = await threadReadsPage({ userId, limit: READS_FIRST_PAGE });
  return (
    <SettingsCard id="admin-reads" title="Who read your conversation" testId="admin-reads">
      <p className="mt-2 text-sm leading-6 text-zinc-700 dark:text-zinc-300">
        Every time an admin opens your conversation, or watches a reply as it is written, it is recorded here.
      </p>
      {enabled ? null : (
        <p data-testid="admin-reads-off" className="mt-3 rounded-lg border border-emerald-200 bg-emerald-50 px-3.5 py-2.5 text-sm text-emerald-900 dark:border-emerald-900/60 dark:bg-emerald-950/30 dark:text-emerald-200">
          Admin access to conversations is switched off in this deployment: no admin can read yours now.
          {first.reads.length > 0 ? " Reads from before it was switched off are listed below." : ""}
        </p>
      )}
      <AdminReadsList initial={first} />
    </SettingsCard>
  );
}
