import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

const INPUT =
  "block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 focus:outline-2 focus:outline-offset-0 focus:outline-accent-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

/** A plain GET form: filters live in the URL, so a filtered view can be shared. */
export function AuditFilters({ admin, user }: { admin?: string; user?: string }) {
  return (
    <form action="/admin/audit" method="get" role="search" aria-label="Filter the audit log" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
      <div className="space-y-1">
        <label htmlFor="audit-admin" className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">Admin</label>
        <input id="audit-admin" name="admin" defaultValue={admin} maxLength={254} placeholder="Email or user id" data-testid="audit-admin-input" className={INPUT} />
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-user" className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">User</label>
        <input id="audit-user" name="user" defaultValue={user} maxLength={254} placeholder="Email or user id" data-testid="audit-user-input" className={INPUT} />
      </div>
      <div className="flex gap-2">
        <button type="submit" data-testid="audit-apply" className={buttonClasses("primary")}>Filter</button>
        {admin || user ? (
          <Link href="/admin/audit" data-testid="audit-clear" className={buttonClasses("ghost")}>Clear</Link>
        ) : null}
      </div>
    </form>
  );
}
