import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/components/admin/pager";
import { UserSearch } from "@/components/admin/user-search";
import { UsersTable } from "@/components/admin/users-table";
import { Alert } from "@/components/ui/alert";
import { searchParamsObject, usersQuerySchema } from "@/lib/admin/schemas";
import { usersPage, type UsersPage } from "@/lib/admin/users";
import { requireAdmin } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Users · Admin" };

const SORTS = [
  { value: "activity", label: "Last active" },
  { value: "joined", label: "Newest" },
] as const;

function link(params: { q?: string; sort: string; cursor?: string }) {
  const search = new URLSearchParams();
  if (params.q) search.set("q", params.q);
  if (params.sort !== "activity") search.set("sort", params.sort);
  if (params.cursor) search.set("cursor", params.cursor);
  const query = search.toString();
  return query ? `/admin?${query}` : "/admin";
}

export default async function AdminUsersPage({ searchParams }: PageProps<"/admin">) {
  await requireAdmin();
  const raw = searchParamsObject(await searchParams);
  const parsed = usersQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : usersQuerySchema.parse({ sort: raw.sort });
  let page: UsersPage = { users: [], nextCursor: null, asOf: 0 };
  let problem: string | null = parsed.success ? null : `That search can't be used: it ${parsed.error.issues[0]?.message ?? "is not valid"}.`.replace(/\.\.$/, ".");
  if (!problem) {
    try {
      page = await usersPage(query);
    } catch (error) {
      if (!(error instanceof AppError) || error.type !== "bad_request") throw error;
      problem = error.message;
    }
  }
  return (
    <main className="mx-auto w-full max-w-5xl px-4 py-6 sm:py-8">
      <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-2">
        <div>
          <h1 className="text-2xl font-semibold" data-testid="admin-heading">Users</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Everyone with an account. Open someone to see their thread and manage their access.</p>
        </div>
      </div>

      <div className="mt-5 flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <UserSearch key={`${query.q ?? ""}|${query.sort}`} initial={query.q ?? ""} sort={query.sort} />
        <div role="group" aria-label="Sort by" className="inline-flex self-start rounded-lg border border-zinc-200 bg-zinc-100 p-0.5 sm:self-auto dark:border-zinc-800 dark:bg-zinc-900">
          {SORTS.map((sort) => {
            const active = query.sort === sort.value;
            return (
              <Link
                key={sort.value}
                href={link({ q: query.q, sort: sort.value })}
                aria-current={active ? "true" : undefined}
                data-testid={`sort-${sort.value}`}
                className={`rounded-md px-3 py-1.5 text-sm font-medium transition-colors ${
                  active ? "bg-white text-zinc-900 shadow-xs dark:bg-zinc-800 dark:text-zinc-50" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
                }`}
              >
                {sort.label}
              </Link>
            );
          })}
        </div>
      </div>

      <div className="mt-4">
        {problem ? (
          <Alert testId="users-error">
            {problem} <Link href={link({ sort: query.sort })} className="font-medium underline">Start over</Link>
          </Alert>
        ) : page.users.length === 0 ? (
          <div data-testid="users-empty" className="rounded-xl border border-dashed border-zinc-300 px-6 py-14 text-center dark:border-zinc-700">
            <p className="font-medium text-zinc-900 dark:text-zinc-100">
              {query.q ? <>No users match “{query.q}”</> : query.cursor ? "No more users" : "No users yet"}
            </p>
            <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
              {query.q ? "Search matches the start of an email address or a name." : "People appear here once they sign up."}
            </p>
            {query.q || query.cursor ? (
              <Link href={link({ sort: query.sort })} className="mt-4 inline-block text-sm font-medium text-accent-600 hover:underline dark:text-accent-100">
                Show everyone
              </Link>
            ) : null}
          </div>
        ) : (
          <UsersTable users={page.users} now={page.asOf} />
        )}
        {!problem && page.users.length > 0 ? (
          <Pager
            firstHref={link({ q: query.q, sort: query.sort })}
            nextHref={page.nextCursor ? link({ q: query.q, sort: query.sort, cursor: page.nextCursor }) : null}
            shown={page.users.length}
            noun={page.users.length === 1 ? "user" : "users"}
            isFirst={!query.cursor}
          />
        ) : null}
      </div>
    </main>
  );
}
