// AUTH_ADMIN_GROUPS applied to the database (real Postgres): promotion and demotion at an OIDC sign-in, each with
// its audit record, and never the last admin.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { syncRoleFromIdp } from "@/lib/auth/idp-role-sync";
import { db } from "@/lib/db/client";
import { createTestUser } from "../helpers/users";

const env = { AUTH_ADMIN_GROUPS: ["threadline-admins"], ADMIN_EMAILS: [] as string[] };
const roleOf = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id } })).role;
const audits = (targetUserId: string) => db.auditLog.findMany({ where: { targetUserId }, orderBy: { id: "asc" } });

beforeEach(async () => {
  // "The last admin" is about the whole deployment: each test starts from its own admins only.
  await db.user.updateMany({ where: { role: "ADMIN", disabled: false }, data: { disabled: true } });
});
afterAll(() => db.$disconnect());

describe("syncRoleFromIdp", () => {
  it("promotes a member of an admin group, then demotes them once the group is gone, each change audited", async () => {
    await createTestUser({ role: "ADMIN" }); // someone else stays admin
    const ada = await createTestUser();
    expect(await syncRoleFromIdp({ userId: ada.id, profile: { groups: ["staff", "threadline-admins"] }, env })).toEqual({ kind: "changed", from: "USER", to: "ADMIN" });
    expect(await roleOf(ada.id)).toBe("ADMIN");
    // Signing in again with the same groups changes nothing and records nothing.
    expect(await syncRoleFromIdp({ userId: ada.id, profile: { groups: ["threadline-admins"] }, env })).toEqual({ kind: "unchanged" });
    expect(await syncRoleFromIdp({ userId: ada.id, profile: { groups: ["staff"] }, env })).toEqual({ kind: "changed", from: "ADMIN", to: "USER" });
    expect(await roleOf(ada.id)).toBe("USER");
    const records = await audits(ada.id);
    expect(records.map((r) => [r.action, r.adminId, r.details])).toEqual([
      ["USER_PROMOTE", ada.id, { from: "USER", to: "ADMIN", source: "identity-provider", groups: ["threadline-admins"] }],
      ["USER_DEMOTE", ada.id, { from: "ADMIN", to: "USER", source: "identity-provider", groups: [] }],
    ]);
  });

  it("never demotes the last admin", async () => {
    const last = await createTestUser({ role: "ADMIN" });
    expect(await syncRoleFromIdp({ userId: last.id, profile: { groups: [] }, env })).toEqual({ kind: "keptLastAdmin" });
    expect(await roleOf(last.id)).toBe("ADMIN");
    expect(await audits(last.id)).toEqual([]);
  });

  it("keeps an admin listed in ADMIN_EMAILS, and does nothing without AUTH_ADMIN_GROUPS", async () => {
    await createTestUser({ role: "ADMIN" });
    const boss = await createTestUser({ role: "ADMIN" });
    expect(await syncRoleFromIdp({ userId: boss.id, profile: { groups: [] }, env: { ...env, ADMIN_EMAILS: [boss.email!] } })).toEqual({ kind: "unchanged" });
    expect(await syncRoleFromIdp({ userId: boss.id, profile: { groups: [] }, env: { AUTH_ADMIN_GROUPS: [], ADMIN_EMAILS: [] } })).toEqual({ kind: "unchanged" });
    expect(await roleOf(boss.id)).toBe("ADMIN");
  });
});
