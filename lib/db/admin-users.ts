import "server-only";
import { Prisma, type Conversation, type Role } from "@/generated/prisma/client";
import { db } from "./client";
import { databaseError } from "./errors";
import type { Tx } from "./locks";

// Queries behind the admin console's users list and account actions. The list
// is keyset-paginated on indexed columns (see the add_audit_log migration; the
// cursor's wire form is lib/admin/user-cursor.ts): no page ever counts or sorts
// the whole table.

export const USER_SORTS = ["activity", "joined"] as const;
export type UserSort = (typeof USER_SORTS)[number];

/**
 * "activity" lists users with a last message first (newest first), then those
 * without one (newest sign-up first): the two phases are two index scans.
 * "joined" lists everyone by sign-up date, newest first. Ties break on the id.
 */
export type UserCursor =
  | { sort: "activity"; phase: "active" | "idle"; at: Date; id: string }
  | { sort: "joined"; at: Date; id: string };

/** A LIKE pattern matching values that start with `text` (wildcards in it are matched literally). */
export function prefixPattern(text: string): string {
  return `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export type AdminUserRow = {
  id: string;
  email: string | null;
  name: string | null;
  role: Role;
  disabled: boolean;
  createdAt: Date;
  lastMessageAt: Date | null;
  messageCount: number;
};

const COLUMNS = Prisma.sql`u.id, u.email, u.name, u.role::text AS role, u.disabled, u."createdAt",
  c."lastMessageAt", COALESCE(c."messageCount", 0)::int AS "messageCount"`;

/** Timestamps are stored as UTC wall-clock `timestamp(3)`; compare against the same. */
const ts = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp(3)`;

function searchClause(search: string | undefined): Prisma.Sql {
  if (!search) return Prisma.empty;
  const pattern = prefixPattern(search);
  // Both sides are indexed as lower(col) text_pattern_ops, so this is a BitmapOr of two range scans.
  return Prisma.sql`AND (lower(u.email) LIKE ${pattern} OR lower(u.name) LIKE ${pattern})`;
}

/** Users with a last message, newest first, after `after` (lastMessageAt, userId). */
function activeQuery(search: string | undefined, after: { at: Date; id: string } | null, take: number) {
  const keyset = after ? Prisma.sql`AND (c."lastMessageAt", c."userId") < (${ts(after.at)}, ${after.id})` : Prisma.empty;
  return Prisma.sql`SELECT ${COLUMNS} FROM "Conversation" c JOIN "User" u ON u.id = c."userId"
    WHERE c."lastMessageAt" IS NOT NULL ${keyset} ${searchClause(search)}
    ORDER BY c."lastMessageAt" DESC, c."userId" DESC LIMIT ${take}`;
}

/** Users by sign-up date, newest first, after `after` (createdAt, id); `idleOnly` skips users with a last message. */
function joinedQuery(search: string | undefined, after: { at: Date; id: string } | null, take: number, idleOnly: boolean) {
  const keyset = after ? Prisma.sql`AND (u."createdAt", u.id) < (${ts(after.at)}, ${after.id})` : Prisma.empty;
  const idle = idleOnly ? Prisma.sql`AND c."lastMessageAt" IS NULL` : Prisma.empty;
  return Prisma.sql`SELECT ${COLUMNS} FROM "User" u LEFT JOIN "Conversation" c ON c."userId" = u.id
    WHERE TRUE ${idle} ${keyset} ${searchClause(search)}
    ORDER BY u."createdAt" DESC, u.id DESC LIMIT ${take}`;
}

type Listed = { row: AdminUserRow; cursor: UserCursor };

/**
 * One page of users. Fetches `limit + 1` rows to know whether there is a next
 * page; the cursor names the last row shown.
 */
export async function listUsers(
  { search, sort, cursor, limit }: { search?: string; sort: UserSort; cursor: UserCursor | null; limit: number },
): Promise<{ users: AdminUserRow[]; nextCursor: UserCursor | null }> {
  const listed: Listed[] = [];
  try {
    if (sort === "joined") {
      const after = cursor?.sort === "joined" ? cursor : null;
      const rows = await db.$queryRaw<AdminUserRow[]>(joinedQuery(search, after, limit + 1, false));
      listed.push(...rows.map((row) => ({ row, cursor: { sort, at: row.createdAt, id: row.id } as const })));
    } else {
      const phase = cursor?.sort === "activity" ? cursor.phase : "active";
      if (phase === "active") {
        const after = cursor?.sort === "activity" ? cursor : null;
        const rows = await db.$queryRaw<AdminUserRow[]>(activeQuery(search, after, limit + 1));
        listed.push(...rows.map((row) => ({ row, cursor: { sort, phase, at: row.lastMessageAt!, id: row.id } as const })));
      }
      if (listed.length <= limit) {
        const after = cursor?.sort === "activity" && cursor.phase === "idle" ? cursor : null;
        const rows = await db.$queryRaw<AdminUserRow[]>(joinedQuery(search, after, limit + 1 - listed.length, true));
        listed.push(...rows.map((row) => ({ row, cursor: { sort, phase: "idle", at: row.createdAt, id: row.id } as const })));
      }
    }
  } catch (cause) {
    throw databaseError(cause);
  }
  const page = listed.slice(0, limit);
  return { users: page.map((l) => l.row), nextCursor: listed.length > limit ? page.at(-1)!.cursor : null };
}

export type AdminUserDetail = AdminUserRow & { conversation: Conversation | null };

export async function getUserForAdmin({ id, tx }: { id: string; tx?: Tx }): Promise<AdminUserDetail | null> {
  try {
    const user = await (tx ?? db).user.findUnique({
      where: { id },
      select: { id: true, email: true, name: true, role: true, disabled: true, createdAt: true, conversation: true },
    });
    if (!user) return null;
    return { ...user, lastMessageAt: user.conversation?.lastMessageAt ?? null, messageCount: user.conversation?.messageCount ?? 0 };
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** Admins who can still sign in: the ones that count towards "never the last admin". */
export async function countActiveAdmins({ tx }: { tx: Tx }): Promise<number> {
  try {
    return await tx.user.count({ where: { role: "ADMIN", disabled: false } });
  } catch (cause) {
    throw databaseError(cause);
  }
}

export async function updateAccount(
  { id, data, tx }: { id: string; data: { role?: Role; disabled?: boolean }; tx: Tx },
): Promise<void> {
  try {
    await tx.user.update({ where: { id }, data });
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** The id of the account with this email (emails are stored lowercased), or null. */
export async function findUserIdByEmail({ email }: { email: string }): Promise<string | null> {
  try {
    return (await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } }))?.id ?? null;
  } catch (cause) {
    throw databaseError(cause);
  }
}
