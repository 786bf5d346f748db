import "server-only";
import type { AuditAction, Prisma } from "@/generated/prisma/client";
import { db } from "./client";
import { databaseError } from "./errors";
import type { Tx } from "./locks";

// The audit log: append-only (there is no update or delete here, and a trigger in
// the add_audit_log migration rejects both), newest first, keyset-paginated on id.


/** `deleted`: the account no longer exists (set by the audit views, lib/admin/audit.ts; never stored). */
export type AuditPerson = { id: string; email: string | null; deleted?: boolean };

export type AuditEntry = {
  /** A bigint in the database; a decimal string here so it survives JSON. */
  id: string;
  admin: AuditPerson;
  target: AuditPerson;
  action: AuditAction;
  details: Prisma.JsonValue | null;
  createdAt: Date;
};

export async function recordAudit(
  { admin, target, action, details, tx }:
  { admin: AuditPerson; target: AuditPerson; action: AuditAction; details?: Prisma.InputJsonObject; tx?: Tx },
): Promise<void> {
  try {
    await (tx ?? db).auditLog.create({
      data: { adminId: admin.id, adminEmail: admin.email, targetUserId: target.id, targetEmail: target.email, action, details },
    });
  } catch (cause) {
    throw databaseError(cause);
  }
}

/** One page, newest first; `before` is the id of the last entry of the previous page. */
export async function listAudit(
  { adminId, targetUserId, before, limit }: { adminId?: string; targetUserId?: string; before?: bigint; limit: number },
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  let rows;
  try {
    rows = await db.auditLog.findMany({
      where: { adminId, targetUserId, ...(before !== undefined ? { id: { lt: before } } : {}) },
      orderBy: { id: "desc" },
      take: limit + 1,
    });
  } catch (cause) {
    throw databaseError(cause);
  }
  const page = rows.slice(0, limit);
  return {
    entries: page.map((row) => ({
      id: row.id.toString(),
      admin: { id: row.adminId, email: row.adminEmail },
      target: { id: row.targetUserId, email: row.targetEmail },
      action: row.action,
      details: row.details,
      createdAt: row.createdAt,
    })),
    nextCursor: rows.length > limit ? page.at(-1)!.id.toString() : null,
  };
}

/** One admin read of a user's thread, for the user ("who read my conversation"). */
export type ThreadRead = {
  id: string;
  action: "THREAD_READ" | "THREAD_FOLLOW";
  /** The admin as they are now (name, email), else the email recorded with the read; `deleted` once their account is gone. */
  admin: { name: string | null; email: string | null; deleted: boolean };
  createdAt: Date;
};

/** Admin reads of `targetUserId`'s thread (page reads and live replies followed), newest first; `before`: an id. */
export async function listThreadReads(
  { targetUserId, before, limit }: { targetUserId: string; before?: bigint; limit: number },
): Promise<{ reads: ThreadRead[]; nextCursor: string | null }> {
  let rows;
  let admins;
  try {
    rows = await db.auditLog.findMany({
      where: { targetUserId, action: { in: ["THREAD_READ", "THREAD_FOLLOW"] }, ...(before !== undefined ? { id: { lt: before } } : {}) },
      orderBy: { id: "desc" },
      take: limit + 1,
      select: { id: true, adminId: true, adminEmail: true, action: true, createdAt: true },
    });
    const ids = [...new Set(rows.map((row) => row.adminId))];
    admins = new Map((await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } })).map((a) => [a.id, a]));
  } catch (cause) {
    throw databaseError(cause);
  }
  const page = rows.slice(0, limit);
  return {
    reads: page.map((row) => {
      const now = admins.get(row.adminId);
      return {
        id: row.id.toString(),
        action: row.action as ThreadRead["action"],
        admin: { name: now?.name ?? null, email: now?.email ?? row.adminEmail, deleted: !now },
        createdAt: row.createdAt,
      };
    }),
    nextCursor: rows.length > limit ? page.at(-1)!.id.toString() : null,
  };
}
