import Link from "next/link";
import type { AuditEntry } from "@/lib/db/audit";
import { LocalTime } from "./local-time";

const ACTIONS: Record<AuditEntry["action"], { label: string; tone: string }> = {
  THREAD_READ: { label: "Read thread", tone: "bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950/40 dark:text-sky-300 dark:ring-sky-900/60" },
  THREAD_FOLLOW: { label: "Watched live reply", tone: "bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950/40 dark:text-sky-300 dark:ring-sky-900/60" },
  THREAD_COMPACT: { label: "Summarised thread", tone: "bg-violet-50 text-violet-700 ring-violet-200 dark:bg-violet-950/40 dark:text-violet-300 dark:ring-violet-900/60" },
  USER_PROMOTE: { label: "Made admin", tone: "bg-accent-50 text-accent-700 ring-accent-100 dark:bg-accent-700/20 dark:text-accent-100 dark:ring-accent-700/40" },
  USER_DEMOTE: { label: "Removed admin", tone: "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950/40 dark:text-amber-300 dark:ring-amber-900/60" },
  USER_DISABLE: { label: "Disabled account", tone: "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950/50 dark:text-red-300 dark:ring-red-900/60" },
  USER_ENABLE: { label: "Re-enabled account", tone: "bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950/40 dark:text-emerald-300 dark:ring-emerald-900/60" },
  USER_BUDGET: { label: "Changed budget", tone: "bg-violet-50 text-violet-700 ring-violet-200 dark:bg-violet-950/40 dark:text-violet-300 dark:ring-violet-900/60" },
  ACCOUNT_DELETED: { label: "Deleted account", tone: "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950/50 dark:text-red-300 dark:ring-red-900/60" },
};

const BUDGET_FIELDS = { messagesPerDay: "messages/day", tokensPerDay: "tokens/day", tokensPerMonth: "tokens/month" } as const;
const budgetValue = (v: unknown) => (typeof v === "number" ? v.toLocaleString("en-US") : String(v ?? "default"));

/** "messages/day: default → 50 · tokens/month: unlimited → 1,000,000": only the limits that changed. */
function describeBudget(before: Record<string, unknown>, after: Record<string, unknown>): string {
  return Object.entries(BUDGET_FIELDS)
    .filter(([key]) => before[key] !== after[key])
    .map(([key, label]) => `${label}: ${budgetValue(before[key])} → ${budgetValue(after[key])}`)
    .join(" · ");
}

function describe(entry: AuditEntry): string {
  const d = (entry.details ?? {}) as Record<string, unknown>;
  switch (entry.action) {
    case "THREAD_READ": {
      const items = typeof d.items === "number" ? `${d.items} item${d.items === 1 ? "" : "s"}` : "";
      return [d.before ? "Earlier page" : "Latest page", items].filter(Boolean).join(" · ");
    }
    case "THREAD_FOLLOW":
      return typeof d.startingAfter === "number" && d.startingAfter > 0 ? `Resumed after #${d.startingAfter}` : "From the start of the reply";
    case "THREAD_COMPACT":
      return typeof d.messagesBefore === "number" && typeof d.messagesAfter === "number"
        ? `${d.messagesBefore} → ${d.messagesAfter} messages in context`
        : "";
    case "USER_BUDGET":
      return describeBudget((d.before ?? {}) as Record<string, unknown>, (d.after ?? {}) as Record<string, unknown>);
    case "ACCOUNT_DELETED":
      return d.by === "self" ? "By the account's owner" : "By an admin";
    default:
      if (d.source === "identity-provider") return `${String(d.from).toLowerCase()} → ${String(d.to).toLowerCase()} · identity provider groups`;
      return typeof d.from === "string" && typeof d.to === "string" ? `${d.from.toLowerCase()} → ${d.to.toLowerCase()}` : "";
  }
}

function ActionBadge({ action }: { action: AuditEntry["action"] }) {
  const { label, tone } = ACTIONS[action];
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tone}`}>{label}</span>;
}

function Person({ email, id, deleted, filter }: { email: string | null; id: string; deleted?: boolean; filter: "admin" | "user" }) {
  const link = (
    <Link
      href={`/admin/audit?${filter}=${encodeURIComponent(id)}`}
      title={`Only records ${filter === "admin" ? "by" : "about"} ${email ?? id}`}
      data-testid={`audit-filter-${filter}`}
      className="block max-w-full truncate text-zinc-800 hover:text-accent-700 hover:underline dark:text-zinc-200 dark:hover:text-accent-100"
    >
      {email ?? <code className="font-mono text-xs">{id}</code>}
    </Link>
  );
  if (!deleted) return link;
  return (
    <span className="flex min-w-0 items-center gap-1.5" data-testid={`audit-${filter}-deleted`}>
      <span className="min-w-0 truncate">{link}</span>
      <span className="shrink-0 rounded bg-zinc-100 px-1.5 py-px text-[11px] font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">deleted</span>
    </span>
  );
}

/** The audit log: a table from md up, cards below. Names link to "only this admin / this user". */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <div className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900/40">
      <table className="hidden w-full table-fixed text-sm md:table" data-testid="audit-table">
        <thead className="bg-zinc-50 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase dark:bg-zinc-900/80 dark:text-zinc-400">
          <tr>
            <th scope="col" className="w-44 px-4 py-2.5">When</th>
            <th scope="col" className="px-3 py-2.5">Admin</th>
            <th scope="col" className="w-40 px-3 py-2.5">Action</th>
            <th scope="col" className="px-3 py-2.5">User</th>
            <th scope="col" className="w-56 px-4 py-2.5">Details</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
              <td className="px-4 py-2.5 whitespace-nowrap text-zinc-600 tabular-nums dark:text-zinc-300">
                <LocalTime iso={entry.createdAt.toISOString()} />
              </td>
              <td className="px-3 py-2.5"><Person {...entry.admin} filter="admin" /></td>
              <td className="px-3 py-2.5"><ActionBadge action={entry.action} /></td>
              <td className="px-3 py-2.5"><Person {...entry.target} filter="user" /></td>
              <td className="truncate px-4 py-2.5 text-zinc-500 dark:text-zinc-400">{describe(entry)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="divide-y divide-zinc-100 md:hidden dark:divide-zinc-800">
        {entries.map((entry) => (
          <li key={entry.id} data-testid="audit-card" data-action={entry.action} className="space-y-1.5 px-4 py-3 text-sm">
            <div className="flex items-center justify-between gap-2">
              <ActionBadge action={entry.action} />
              <LocalTime iso={entry.createdAt.toISOString()} className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400" />
            </div>
            <div className="grid grid-cols-[3.5rem_minmax(0,1fr)] gap-x-2 gap-y-0.5">
              <span className="text-zinc-500 dark:text-zinc-400">Admin</span>
              <Person {...entry.admin} filter="admin" />
              <span className="text-zinc-500 dark:text-zinc-400">User</span>
              <Person {...entry.target} filter="user" />
            </div>
            {describe(entry) ? <p className="text-xs text-zinc-500 dark:text-zinc-400">{describe(entry)}</p> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
