import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/admin/audit-filters";
import { AuditTable } from "@/components/admin/audit-table";
import { Pager } from "@/components/admin/pager";
import { Alert } from "@/components/ui/alert";
import { auditPage, type AuditPage } from "@/lib/admin/audit";
import { auditQuerySchema, searchParamsObject } from "@/lib/admin/schemas";
import { requireAdmin } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log · Admin" };

function link(params: { admin?: string; user?: string; cursor?: string }) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const query = search.toString();
  return query ? `/admin/audit?${query}` : "/admin/audit";
}

export default async function AuditLogPage({ searchParams }: PageProps<"/admin/audit">) {
  await requireAdmin();
  const parsed = auditQuerySchema.safeParse(searchParamsObject(await searchParams));
  const query = parsed.success ? parsed.data : null;
  const page: AuditPage | null = query ? await auditPage(query) : null;
  const unknown = page ? [page.filters.admin, page.filters.user].filter((f) => f && !f.id).map((f) => f!.value) : [];

  return (
    <main className="mx-auto w-full max-w-5xl px-4 py-6 sm:py-8">
      <h1 className="text-2xl font-semibold" data-testid="admin-heading">Audit log</h1>
      <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
        Every time an admin reads a user’s thread, and every change to an account. Records can’t be edited or deleted, by anyone.
      </p>
      <div className="mt-5">
        <AuditFilters admin={query?.admin} user={query?.user} />
      </div>
      <div className="mt-4">
        {!page || !query ? (
          <Alert testId="audit-error">That link is not valid. <Link href="/admin/audit" className="font-medium underline">Show the whole log</Link></Alert>
        ) : unknown.length > 0 ? (
          <Alert tone="info" testId="audit-unknown">No account has the email {unknown.map((v) => `“${v}”`).join(" or ")}.</Alert>
        ) : page.entries.length === 0 ? (
          <div data-testid="audit-empty" className="rounded-xl border border-dashed border-zinc-300 px-6 py-14 text-center dark:border-zinc-700">
            <p className="font-medium text-zinc-900 dark:text-zinc-100">{query.admin || query.user ? "Nothing recorded for this filter" : "Nothing recorded yet"}</p>
            <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">Thread reads and account changes appear here as they happen.</p>
          </div>
        ) : (
          <>
            <AuditTable entries={page.entries} />
            <Pager
              firstHref={link({ admin: query.admin, user: query.user })}
              nextHref={page.nextCursor ? link({ admin: query.admin, user: query.user, cursor: page.nextCursor }) : null}
              shown={page.entries.length}
              noun={page.entries.length === 1 ? "record" : "records"}
              isFirst={!query.cursor}
            />
          </>
        )}
      </div>
    </main>
  );
}
