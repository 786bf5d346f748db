import Link from "next/link";
import type { AdminUserRow } from "@/lib/db/admin-users";
import { RoleBadge, StatusBadge } from "./badges";
import { LocalTime } from "./local-time";
import { UserAvatar } from "./user-avatar";

const href = (id: string) => `/admin/users/${encodeURIComponent(id)}`;
const display = (user: AdminUserRow) => user.name?.trim() || user.email || user.id;

function LastMessage({ user, now }: { user: AdminUserRow; now: number }) {
  return user.lastMessageAt ? (
    <LocalTime iso={user.lastMessageAt.toISOString()} format="relative" now={now} />
  ) : (
    <span className="text-zinc-500 dark:text-zinc-400">Never</span>
  );
}

/**
 * The users list: a table from the md breakpoint, a list of cards below it.
 * Each row links to the user's page (its name is the link; the whole row is the target).
 */
export function UsersTable({ users, now }: { users: AdminUserRow[]; now: number }) {
  return (
    <div className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900/40">
      <table className="hidden w-full text-sm md:table" data-testid="users-table">
        <thead className="bg-zinc-50 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase dark:bg-zinc-900/80 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-4 py-2.5">User</th>
            <th scope="col" className="px-3 py-2.5">Role</th>
            <th scope="col" className="px-3 py-2.5">Status</th>
            <th scope="col" className="px-3 py-2.5">Joined</th>
            <th scope="col" className="px-3 py-2.5">Last message</th>
            <th scope="col" className="px-4 py-2.5 text-right">Messages</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {users.map((user) => (
            <tr key={user.id} data-testid="user-row" data-user-id={user.id} className="relative transition-colors hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
              <td className="px-4 py-3">
                <div className="flex min-w-0 items-center gap-3">
                  <UserAvatar id={user.id} label={display(user)} />
                  <div className="min-w-0">
                    <Link
                      href={href(user.id)}
                      prefetch={false}
                      data-testid="user-link"
                      className="block truncate font-medium text-zinc-900 after:absolute after:inset-0 hover:underline dark:text-zinc-100"
                    >
                      {display(user)}
                    </Link>
                    {user.email && user.email !== display(user) ? (
                      <p className="truncate text-zinc-500 dark:text-zinc-400">{user.email}</p>
                    ) : null}
                  </div>
                </div>
              </td>
              <td className="px-3 py-3"><RoleBadge role={user.role} /></td>
              <td className="px-3 py-3"><StatusBadge disabled={user.disabled} /></td>
              <td className="px-3 py-3 whitespace-nowrap text-zinc-600 dark:text-zinc-300">
                <LocalTime iso={user.createdAt.toISOString()} format="date" />
              </td>
              <td className="px-3 py-3 whitespace-nowrap text-zinc-600 dark:text-zinc-300"><LastMessage user={user} now={now} /></td>
              <td className="px-4 py-3 text-right text-zinc-700 tabular-nums dark:text-zinc-300">{user.messageCount.toLocaleString("en")}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <ul className="divide-y divide-zinc-100 md:hidden dark:divide-zinc-800" data-testid="users-cards">
        {users.map((user) => (
          <li key={user.id} data-testid="user-card" data-user-id={user.id} className="relative px-4 py-3.5 active:bg-zinc-50 dark:active:bg-zinc-800/40">
            <div className="flex items-start gap-3">
              <UserAvatar id={user.id} label={display(user)} />
              <div className="min-w-0 flex-1">
                <div className="flex items-start justify-between gap-2">
                  <Link href={href(user.id)} prefetch={false} className="min-w-0 truncate font-medium text-zinc-900 after:absolute after:inset-0 dark:text-zinc-100">
                    {display(user)}
                  </Link>
                  <div className="flex shrink-0 gap-1.5">
                    {user.role === "ADMIN" ? <RoleBadge role="ADMIN" /> : null}
                    {user.disabled ? <StatusBadge disabled /> : null}
                  </div>
                </div>
                {user.email && user.email !== display(user) ? (
                  <p className="truncate text-sm text-zinc-500 dark:text-zinc-400">{user.email}</p>
                ) : null}
                <p className="mt-1 flex flex-wrap gap-x-1.5 text-xs text-zinc-500 dark:text-zinc-400">
                  <span className="whitespace-nowrap">Joined <LocalTime iso={user.createdAt.toISOString()} format="date" /></span>
                  <span aria-hidden>·</span>
                  <span className="whitespace-nowrap">Last message <LastMessage user={user} now={now} /></span>
                  <span aria-hidden>·</span>
                  <span className="whitespace-nowrap">
                    {user.messageCount.toLocaleString("en")} {user.messageCount === 1 ? "message" : "messages"}
                  </span>
                </p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
