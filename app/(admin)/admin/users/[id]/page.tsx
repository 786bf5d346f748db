import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AccountActions } from "@/components/admin/account-actions";
import { DeleteUser } from "@/components/admin/delete-user";
import { ThreadAccessOff } from "@/components/admin/thread-access-off";
import { ThreadViewer } from "@/components/admin/thread/thread-viewer";
import { ConversationSummary, UserSummary } from "@/components/admin/user-summary";
import { getConversationFacts } from "@/lib/admin/conversation-facts";
import { parseUserId } from "@/lib/admin/schemas";
import { threadAccessEnabled } from "@/lib/admin/thread-access";
import { requireAdmin } from "@/lib/auth/session";
import { getUserForAdmin } from "@/lib/db/admin-users";
import { BudgetOverrideForm } from "@/components/admin/budget-override";
import { UsageMeters } from "@/components/usage/usage-meters";
import { clock } from "@/lib/clock";
import { roleDefaults } from "@/lib/usage/limits";
import { overrideToWire } from "@/lib/usage/override";
import { usageSummary } from "@/lib/usage/summary";

export const metadata: Metadata = { title: "User · Admin" };

/**
 * One user: their details and conversation facts, account actions, and their
 * thread, read-only. The page itself returns no message content (so it is not
 * an audited read); the thread loads in the browser through the audited API.
 */
export default async function AdminUserPage({ params }: PageProps<"/admin/users/[id]">) {
  const admin = await requireAdmin();
  let id: string;
  try {
    id = parseUserId((await params).id);
  } catch {
    notFound();
  }
  const user = await getUserForAdmin({ id });
  if (!user) notFound();
  // A server component renders once per request: "3 min ago" is relative to this read.
  const asOf = Date.now(); // eslint-disable-line react-hooks/purity
  const facts = user.conversation ? await getConversationFacts({ lettaConversationId: user.conversation.lettaConversationId }) : null;
  const name = user.name?.trim() || user.email || user.id;
  const usage = await usageSummary({ userId: user.id, role: user.role, now: clock.date() });

  return (
    <main className="mx-auto w-full max-w-5xl px-4 py-5 sm:py-6">
      <Link href="/admin" className="text-sm font-medium text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
        <span aria-hidden>←</span> All users
      </Link>
      {/* Phones: who, then the thread, then the facts and the actions. Wide screens: details on the left, thread on the right. */}
      <div className="mt-3 grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-[20rem_minmax(0,1fr)] lg:grid-rows-[auto_auto_auto_1fr] lg:gap-x-6">
        <UserSummary user={user} asOf={asOf} className="lg:col-start-1" />
        <div className="lg:col-start-2 lg:row-span-4 lg:row-start-1">
          {threadAccessEnabled() ? <ThreadViewer userId={user.id} ownerName={name} /> : <ThreadAccessOff />}
        </div>
        <ConversationSummary user={user} facts={facts} className="lg:col-start-1" />
        <section
          aria-labelledby="account-heading"
          className="self-start rounded-xl border border-zinc-200 bg-white p-4 shadow-xs lg:col-start-1 dark:border-zinc-800 dark:bg-zinc-900/40"
        >
          <h2 id="account-heading" className="mb-3 text-sm font-semibold">Account</h2>
          <AccountActions
            userId={user.id}
            who={user.email ?? name}
            role={user.role}
            disabled={user.disabled}
            isSelf={user.id === admin.id}
          />
          {user.id === admin.id ? null : <DeleteUser userId={user.id} who={user.email ?? name} />}
        </section>
        <section
          aria-labelledby="usage-heading"
          data-testid="admin-user-usage"
          className="self-start rounded-xl border border-zinc-200 bg-white p-4 shadow-xs lg:col-start-1 dark:border-zinc-800 dark:bg-zinc-900/40"
        >
          <h2 id="usage-heading" className="mb-3 text-sm font-semibold">Usage</h2>
          <UsageMeters summary={usage} />
          <h3 className="mt-5 mb-2 text-sm font-semibold">Limits for this user</h3>
          <BudgetOverrideForm userId={user.id} override={overrideToWire(usage.override)} defaults={roleDefaults(user.role)} />
        </section>
      </div>
    </main>
  );
}
