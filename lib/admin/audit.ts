import "server-only";
import { missingUserIds } from "@/lib/db/account-deletion";
import { findUserIdByEmail } from "@/lib/db/admin-users";
import { listAudit, type AuditEntry } from "@/lib/db/audit";
import type { AuditQuery } from "./schemas";

export type AuditFilter = { value: string; id: string | null };
export type AuditPage = {
  entries: AuditEntry[];
  nextCursor: string | null;
  /** The filters as asked and the user ids they resolved to (null: no such account, so nothing matches). */
  filters: { admin: AuditFilter | null; user: AuditFilter | null };
};

async function resolve(value: string | undefined): Promise<AuditFilter | null> {
  if (!value) return null;
  // An email names the account it belongs to now; anything else is taken as a user id.
  return { value, id: value.includes("@") ? await findUserIdByEmail({ email: value }) : value };
}

/** A page of the audit log, newest first, optionally for one admin and/or one user. */
export async function auditPage(query: AuditQuery): Promise<AuditPage> {
  const [admin, user] = await Promise.all([resolve(query.admin), resolve(query.user)]);
  const filters = { admin, user };
  if ((admin && !admin.id) || (user && !user.id)) return { entries: [], nextCursor: null, filters };
  const page = await listAudit({
    adminId: admin?.id ?? undefined,
    targetUserId: user?.id ?? undefined,
    before: query.cursor ? BigInt(query.cursor) : undefined,
    limit: query.limit,
  });
  return { ...page, entries: await markDeleted(page.entries), filters };
}

/** Records stay as written; accounts deleted since are marked, so the views can say "deleted". */
export async function markDeleted(entries: AuditEntry[]): Promise<AuditEntry[]> {
  const missing = await missingUserIds({ ids: [...new Set(entries.flatMap((e) => [e.admin.id, e.target.id]))] });
  if (missing.size === 0) return entries;
  return entries.map((e) => ({
    ...e,
    admin: { ...e.admin, deleted: missing.has(e.admin.id) },
    target: { ...e.target, deleted: missing.has(e.target.id) },
  }));
}
