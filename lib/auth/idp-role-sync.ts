import "server-only";
import { countActiveAdmins, getUserForAdmin, updateAccount } from "@/lib/db/admin-users";
import { recordAudit } from "@/lib/db/audit";
import { withAdvisoryLock } from "@/lib/db/locks";
import type { Env } from "@/lib/env-schema";
import { idpRoleDecision, type Role } from "./idp-roles";

/** The same lock as admins' role changes (lib/admin/account-actions.ts): "count the admins, then change one". */
const LOCK = "admin-accounts";

export type IdpRoleOutcome = { kind: "unchanged" } | { kind: "changed"; from: Role; to: Role } | { kind: "keptLastAdmin" };

/**
 * Applies AUTH_ADMIN_GROUPS to a user who just signed in through OIDC: promotes or demotes them as the `groups`
 * claim says (idpRoleDecision), audited in the same transaction, with the user as the record's actor and
 * `source: "identity-provider"`. The last active admin is never demoted (the sign-in still succeeds).
 */
export async function syncRoleFromIdp(
  { userId, profile, env }: { userId: string; profile: unknown; env: Pick<Env, "AUTH_ADMIN_GROUPS" | "ADMIN_EMAILS"> },
): Promise<IdpRoleOutcome> {
  if (env.AUTH_ADMIN_GROUPS.length === 0) return { kind: "unchanged" };
  return withAdvisoryLock(LOCK, async (tx) => {
    const user = await getUserForAdmin({ id: userId, tx });
    if (!user) return { kind: "unchanged" };
    const decision = idpRoleDecision({ profile, role: user.role, email: user.email, env });
    if (!decision) return { kind: "unchanged" };
    if (decision.to === "USER" && !user.disabled && (await countActiveAdmins({ tx })) <= 1) {
      console.warn(`[auth] ${user.email ?? user.id} is no longer in an admin group but is the last admin: kept as admin`);
      return { kind: "keptLastAdmin" };
    }
    await updateAccount({ id: user.id, data: { role: decision.to }, tx });
    await recordAudit({
      tx,
      admin: { id: user.id, email: user.email },
      target: { id: user.id, email: user.email },
      action: decision.to === "ADMIN" ? "USER_PROMOTE" : "USER_DEMOTE",
      details: { from: user.role, to: decision.to, source: "identity-provider", groups: decision.matched },
    });
    return { kind: "changed", from: user.role, to: decision.to };
  });
}
