import "server-only";
import type { AuditAction } from "@/generated/prisma/client";
import { countActiveAdmins, getUserForAdmin, updateAccount, type AdminUserDetail } from "@/lib/db/admin-users";
import { recordAudit } from "@/lib/db/audit";
import { withAdvisoryLock } from "@/lib/db/locks";
import type { SessionUser } from "@/lib/db/users";
import { AppError } from "@/lib/errors";

export const ACCOUNT_ACTIONS = ["promote", "demote", "disable", "enable"] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

const AUDIT: Record<AccountAction, AuditAction> = {
  promote: "USER_PROMOTE", demote: "USER_DEMOTE", disable: "USER_DISABLE", enable: "USER_ENABLE",
};

/** Every role or status change takes this lock, so "count the admins, then change one" cannot interleave. */
const LOCK = "admin-accounts";

const who = (user: { email: string | null; name: string | null }) => user.email ?? user.name ?? "This user";

function change(action: AccountAction, target: AdminUserDetail): { role?: "USER" | "ADMIN"; disabled?: boolean } {
  switch (action) {
    case "promote":
      if (target.role === "ADMIN") throw new AppError("conflict:admin", `${who(target)} is already an admin.`);
      return { role: "ADMIN" };
    case "demote":
      if (target.role !== "ADMIN") throw new AppError("conflict:admin", `${who(target)} is not an admin.`);
      return { role: "USER" };
    case "disable":
      if (target.disabled) throw new AppError("conflict:admin", `${who(target)} is already disabled.`);
      return { disabled: true };
    case "enable":
      if (!target.disabled) throw new AppError("conflict:admin", `${who(target)} is not disabled.`);
      return { disabled: false };
  }
}

/**
 * Promotes, demotes, disables or re-enables a user, and records it in the audit
 * log in the same transaction (no change without its record, no record without
 * the change). Rules:
 * - there is always at least one admin who can sign in: the last one cannot be demoted or disabled;
 * - admins cannot disable themselves (someone else has to), but may step down while another admin remains;
 * - the acting admin is re-checked under the lock, so an admin demoted a moment ago can no longer act.
 * Takes effect at once: sessions re-read the role and the disabled flag on every request.
 */
export async function performAccountAction(
  { admin, targetId, action }: { admin: SessionUser; targetId: string; action: AccountAction },
): Promise<AdminUserDetail> {
  return withAdvisoryLock(LOCK, async (tx) => {
    const actor = await getUserForAdmin({ id: admin.id, tx });
    if (!actor || actor.role !== "ADMIN" || actor.disabled) throw new AppError("not_found:api", "Not found.");
    const target = await getUserForAdmin({ id: targetId, tx });
    if (!target) throw new AppError("not_found:admin", "There is no user with this id.");
    if (action === "disable" && target.id === actor.id) {
      throw new AppError("forbidden:admin", "You can't disable your own account. Ask another admin to do it.");
    }
    const data = change(action, target);
    const removesAnAdmin = target.role === "ADMIN" && !target.disabled && (action === "demote" || action === "disable");
    if (removesAnAdmin && (await countActiveAdmins({ tx })) <= 1) {
      const whom = target.id === actor.id ? "You are" : `${who(target)} is`;
      throw new AppError("conflict:admin", `${whom} the last admin. Promote someone else first.`);
    }
    await updateAccount({ id: target.id, data, tx });
    await recordAudit({
      tx,
      admin: { id: actor.id, email: actor.email },
      target: { id: target.id, email: target.email },
      action: AUDIT[action],
      details: action === "promote" || action === "demote"
        ? { from: target.role, to: data.role! }
        : { from: target.disabled ? "disabled" : "active", to: data.disabled ? "disabled" : "active" },
    });
    return { ...target, ...data };
  });
}
