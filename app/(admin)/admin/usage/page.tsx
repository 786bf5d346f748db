import type { Metadata } from "next";
import Link from "next/link";
import { LazyUsageChart } from "@/components/admin/usage-chart-lazy";
import { requireAdmin } from "@/lib/auth/session";
import { clock } from "@/lib/clock";
import { dailyTotals, monthUsers } from "@/lib/db/usage-admin";
import { utcDay, utcMonth } from "@/lib/usage/windows";

export const metadata: Metadata = { title: "Usage · Admin" };

const CARD = "rounded-xl border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900/40";
const n = (value: number) => value.toLocaleString("en-US");
const dayLabel = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className={CARD}>
      <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</p>
      <p className="mt-1 text-xl font-semibold tabular-nums [overflow-wrap:anywhere]" data-testid={testId}>{value}</p>
    </div>
  );
}

/** Organisation-wide usage: the last 30 days per day (UTC), top users this month, and the month as CSV. */
export default async function AdminUsagePage() {
  await requireAdmin();
  const now = clock.date();
  const to = utcDay(now);
  const from = utcDay(new Date(now.getTime() - 29 * 86_400_000));
  const month = utcMonth(now);
  const [days, top] = await Promise.all([dailyTotals({ from, to }), monthUsers({ month, limit: 10 })]);
  const today = days.at(-1)!;
  const sum = (key: "tokens" | "messages") => days.reduce((total, d) => total + d[key], 0);
  const monthName = now.toLocaleString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

  return (
    <main className="mx-auto w-full max-w-5xl px-4 py-6 sm:py-8">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold" data-testid="admin-heading">Usage</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Tokens as Letta reports them for every run; days and months in UTC.</p>
        </div>
        <a
          href={`/api/admin/usage/export?month=${month.slice(0, 7)}`}
          download
          data-testid="usage-csv"
          className="inline-flex h-9 items-center gap-1.5 rounded-lg border border-zinc-300 bg-white px-3 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
        >
          <span aria-hidden>↓</span> {monthName} as CSV
        </a>
      </div>

      <div className="mt-5 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Tokens today" value={n(today.tokens)} testId="usage-stat-tokens-today" />
        <Stat label="Messages today" value={n(today.messages)} testId="usage-stat-messages-today" />
        <Stat label="Tokens, 30 days" value={n(sum("tokens"))} testId="usage-stat-tokens-30" />
        <Stat label="Messages, 30 days" value={n(sum("messages"))} testId="usage-stat-messages-30" />
      </div>

      <section aria-labelledby="per-day" className={`${CARD} mt-4`}>
        <h2 id="per-day" className="text-sm font-semibold">Tokens per day, last 30 days</h2>
        <div className="mt-3">
          <LazyUsageChart days={days} />
        </div>
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">The same as a table</summary>
          <div className="mt-2 max-h-80 overflow-auto">
            <table className="w-full text-left tabular-nums" data-testid="usage-days-table">
              <thead className="text-xs text-zinc-500 dark:text-zinc-400">
                <tr><th scope="col" className="py-1 pr-3 font-medium">Day</th><th scope="col" className="py-1 pr-3 text-right font-medium">Tokens</th><th scope="col" className="py-1 pr-3 text-right font-medium">Messages</th><th scope="col" className="py-1 pr-3 text-right font-medium">Runs</th><th scope="col" className="py-1 text-right font-medium">Active users</th></tr>
              </thead>
              <tbody>
                {[...days].reverse().map((d) => (
                  <tr key={d.day} className="border-t border-zinc-100 dark:border-zinc-800">
                    <th scope="row" className="py-1 pr-3 font-normal">{dayLabel(d.day)}</th>
                    <td className="py-1 pr-3 text-right">{n(d.tokens)}</td><td className="py-1 pr-3 text-right">{n(d.messages)}</td>
                    <td className="py-1 pr-3 text-right">{n(d.runs)}</td><td className="py-1 text-right">{n(d.users)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>

      <section aria-labelledby="top-users" className={`${CARD} mt-4`}>
        <h2 id="top-users" className="text-sm font-semibold">Top users by tokens, {monthName}</h2>
        {top.length === 0 ? (
          <p className="mt-3 text-sm text-zinc-500 dark:text-zinc-400">Nobody has used Threadline this month yet.</p>
        ) : (
          <div className="mt-2 overflow-x-auto">
            <table className="w-full text-left text-sm tabular-nums sm:min-w-[28rem]" data-testid="usage-top-users">
              <thead className="text-xs text-zinc-500 dark:text-zinc-400">
                <tr><th scope="col" className="py-1.5 pr-3 font-medium">User</th><th scope="col" className="hidden py-1.5 pr-3 text-right font-medium sm:table-cell">Messages</th><th scope="col" className="hidden py-1.5 pr-3 text-right font-medium sm:table-cell">Runs</th><th scope="col" className="py-1.5 text-right font-medium">Tokens</th></tr>
              </thead>
              <tbody>
                {top.map((u) => (
                  <tr key={u.userId} className="border-t border-zinc-100 dark:border-zinc-800">
                    <th scope="row" className="max-w-[11rem] truncate py-1.5 pr-3 font-normal sm:max-w-[16rem]">
                      <Link href={`/admin/users/${u.userId}`} className="hover:text-accent-700 hover:underline dark:hover:text-accent-100">{u.email ?? u.name ?? u.userId}</Link>
                    </th>
                    <td className="hidden py-1.5 pr-3 text-right sm:table-cell">{n(u.messages)}</td><td className="hidden py-1.5 pr-3 text-right sm:table-cell">{n(u.runs)}</td>
                    <td className="py-1.5 text-right font-medium">{n(u.tokens)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}
