import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { AdminReads } from "@/components/settings/admin-reads";
import { DeleteAccount } from "@/components/settings/delete-account";
import { ExportCard } from "@/components/settings/export-card";
import { RoleBadge } from "@/components/admin/badges";
import { PasswordCard } from "@/components/settings/password-card";
import { SessionsCard } from "@/components/settings/sessions-card";
import { threadAccessEnabled } from "@/lib/admin/thread-access";
import { UsageMeters } from "@/components/usage/usage-meters";
import { requireUser } from "@/lib/auth/session";
import { clock } from "@/lib/clock";
import { usageSummary } from "@/lib/usage/summary";
import { getMessages } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).settings.title };
}

const CARD = "rounded-xl border border-zinc-200 bg-white p-5 shadow-xs dark:border-zinc-800 dark:bg-zinc-900/40";

function Point({ children }: { children: React.ReactNode }) {
  return (
    <li className="flex gap-2.5">
      <span aria-hidden className="mt-2 size-1.5 shrink-0 rounded-full bg-zinc-400 dark:bg-zinc-500" />
      <span>{children}</span>
    </li>
  );
}

/** For everyone: who they are signed in as, and what admins of this deployment can see. */
export default async function SettingsPage() {
  const user = await requireUser();
  const adminsCanRead = threadAccessEnabled();
  const usage = await usageSummary({ userId: user.id, role: user.role, now: clock.date() });
  const messages = await getMessages();
  const m = messages.settings;
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader user={user} current="settings" />
      <main className="mx-auto w-full max-w-2xl px-4 py-6 sm:py-10">
        <h1 className="text-2xl font-semibold">{m.title}</h1>

        <section aria-labelledby="account" className={`${CARD} mt-6`}>
          <h2 id="account" className="text-sm font-semibold">{m.account.heading}</h2>
          <dl className="mt-3 grid grid-cols-[6rem_minmax(0,1fr)] gap-y-2 text-sm">
            <dt className="text-zinc-500 dark:text-zinc-400">{m.account.name}</dt>
            <dd className="truncate">{user.name || m.account.none}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400">{m.account.email}</dt>
            <dd className="truncate">{user.email || m.account.none}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400">{m.account.role}</dt>
            <dd><RoleBadge role={user.role} label={messages.shell.roles[user.role]} /></dd>
          </dl>
        </section>
        <PasswordCard />
        <SessionsCard />

        <section aria-labelledby="usage" className={`${CARD} mt-4`} data-testid="usage-section">
          <h2 id="usage" className="text-sm font-semibold">{m.usage.heading}</h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {m.usage.intro}
          </p>
          <div className="mt-4">
            <UsageMeters summary={usage} />
          </div>
        </section>

        <section aria-labelledby="privacy" className={`${CARD} mt-4`} data-testid="privacy-notice" data-thread-access={adminsCanRead ? "on" : "off"}>
          <h2 id="privacy" className="text-sm font-semibold">{m.privacy.heading}</h2>
          <div
            className={`mt-3 rounded-lg border px-3.5 py-3 text-sm ${
              adminsCanRead
                ? "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200"
                : "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900/60 dark:bg-emerald-950/30 dark:text-emerald-200"
            }`}
            data-testid="thread-access-status"
          >
            {adminsCanRead ? (
              <p><strong className="font-semibold">{m.privacy.adminsCanRead}</strong>{m.privacy.adminsCanReadMore}</p>
            ) : (
              <p><strong className="font-semibold">{m.privacy.adminsCannotRead}</strong>{m.privacy.adminsCannotReadMore}</p>
            )}
          </div>
          <ul className="mt-4 space-y-2 text-sm leading-6 text-zinc-700 dark:text-zinc-300">
            {m.privacy.points.map((point) => <Point key={point}>{point}</Point>)}
          </ul>
        </section>
        <AdminReads userId={user.id} />
        <ExportCard />
        <DeleteAccount user={user} />
      </main>
    </div>
  );
}
