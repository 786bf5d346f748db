import "server-only";
import { listUsers, type AdminUserRow } from "@/lib/db/admin-users";
import { AppError } from "@/lib/errors";
import { decodeUserCursor, encodeUserCursor, type UserSort } from "./user-cursor";

export type UsersPage = {
  users: AdminUserRow[];
  nextCursor: string | null;
  /** When the page was read (ms), so "3 min ago" is relative to the data, not to a re-render. */
  asOf: number;
};

/** A page of the users list: search by email or name prefix, sorted by last activity or sign-up date. */
export async function usersPage(
  { q, sort, cursor, limit }: { q?: string; sort: UserSort; cursor?: string; limit: number },
): Promise<UsersPage> {
  const after = cursor ? decodeUserCursor(cursor, sort) : null;
  if (cursor && !after) throw new AppError("bad_request:admin", "This page link is no longer valid. Start again from the first page.");
  const asOf = Date.now();
  const page = await listUsers({ search: q, sort, cursor: after, limit });
  return { users: page.users, nextCursor: page.nextCursor ? encodeUserCursor(page.nextCursor) : null, asOf };
}

/** The wire shape of a user row (dates as ISO strings). */
export function userJson(user: AdminUserRow) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    lastMessageAt: user.lastMessageAt?.toISOString() ?? null,
    messageCount: user.messageCount,
  };
}
