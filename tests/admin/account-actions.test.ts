// Account actions against a real Postgres: never the last admin (also under
// concurrency), no self-disable, and exactly one audit record per change.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { performAccountAction, type AccountAction } from "@/lib/admin/account-actions";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { createTestUser } from "../helpers/users";

type User = Awaited<ReturnType<typeof createTestUser>>;
const session = (u: User): SessionUser => ({ id: u.id, email: u.email, name: u.name, image: null, role: u.role, disabled: u.disabled });
const act = (admin: User, target: User, action: AccountAction) => performAccountAction({ admin: session(admin), targetId: target.id, action });
const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e as AppError);
const audits = (targetUserId: string) => db.auditLog.findMany({ where: { targetUserId }, orderBy: { id: "asc" } });
const activeAdmins = () => db.user.count({ where: { role: "ADMIN", disabled: false } });

let x: User;
let y: User;
beforeEach(async () => {
  // "The last admin" is about the whole deployment, so each test starts with exactly two active
  // admins of its own: admins left by earlier tests in this throwaway database are disabled first.
  await db.user.updateMany({ where: { role: "ADMIN", disabled: false }, data: { disabled: true } });
  [x, y] = await Promise.all([createTestUser({ role: "ADMIN" }), createTestUser({ role: "ADMIN" })]);
  expect(await activeAdmins()).toBe(2);
});
afterAll(() => db.$disconnect());

describe("never the last admin", () => {
  it("two admins demoting themselves at the same moment leave one admin", async () => {
    const results = await Promise.allSettled([act(x, x, "demote"), act(y, y, "demote")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AppError);
    expect((refused.reason as AppError).code).toBe("conflict:admin");
    expect((refused.reason as AppError).message).toBe("You are the last admin. Promote someone else first.");
    expect(await activeAdmins()).toBe(1);
  });

  it("two admins demoting each other at the same moment leave one admin", async () => {
    const results = await Promise.allSettled([act(x, y, "demote"), act(y, x, "demote")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await activeAdmins()).toBe(1);
  });

  it("ten concurrent demotes and disables of both admins leave exactly one", async () => {
    const attempts = Array.from({ length: 10 }, (_, i) => act(i % 2 ? x : y, i % 4 < 2 ? x : y, i % 3 ? "demote" : "disable"));
    await Promise.allSettled(attempts);
    expect(await activeAdmins()).toBe(1);
  });

  it("refuses to demote or disable the last admin, with a message naming them", async () => {
    await act(x, y, "demote");
    const user = await createTestUser();
    await act(x, user, "promote");
    await act(user, user, "demote"); // stepping down is fine while another admin remains
    const demote = await errorOf(act(x, x, "demote"));
    expect(demote?.code).toBe("conflict:admin");
    expect(demote?.status).toBe(409);
    await db.user.update({ where: { id: y.id }, data: { role: "ADMIN" } });
    await act(y, x, "demote");
    const disable = await errorOf(act(x, y, "disable")); // x is no longer an admin: cannot act at all
    expect(disable?.code).toBe("not_found:api");
    expect((await db.user.findUniqueOrThrow({ where: { id: y.id } })).disabled).toBe(false);
  });

  it("a disabled admin does not count: demoting the only admin who can sign in is refused", async () => {
    await db.user.update({ where: { id: y.id }, data: { disabled: true } });
    const error = await errorOf(act(x, x, "demote"));
    expect(error?.message).toBe("You are the last admin. Promote someone else first.");
    await act(x, y, "demote"); // demoting the disabled admin changes nothing about who can sign in
    expect(await activeAdmins()).toBe(1);
  });
});

describe("self-actions", () => {
  it("an admin cannot disable themself, even with another admin around", async () => {
    const error = await errorOf(act(x, x, "disable"));
    expect(error?.code).toBe("forbidden:admin");
    expect(error?.message).toBe("You can't disable your own account. Ask another admin to do it.");
    expect((await db.user.findUniqueOrThrow({ where: { id: x.id } })).disabled).toBe(false);
    expect(await audits(x.id)).toHaveLength(0);
  });
});

describe("audit records", () => {
  it("each action writes exactly one record, with snapshots and what changed", async () => {
    const user = await createTestUser();
    const steps: [AccountAction, string, Record<string, string>][] = [
      ["promote", "USER_PROMOTE", { from: "USER", to: "ADMIN" }],
      ["demote", "USER_DEMOTE", { from: "ADMIN", to: "USER" }],
      ["disable", "USER_DISABLE", { from: "active", to: "disabled" }],
      ["enable", "USER_ENABLE", { from: "disabled", to: "active" }],
    ];
    for (const [i, [action, recorded, details]] of steps.entries()) {
      await act(x, user, action);
      const rows = await audits(user.id);
      expect(rows).toHaveLength(i + 1);
      expect(rows.at(-1)).toMatchObject({
        adminId: x.id, adminEmail: x.email, targetUserId: user.id, targetEmail: user.email, action: recorded, details,
      });
    }
    const final = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect([final.role, final.disabled]).toEqual(["USER", false]);
  });

  it("a refused or no-op action writes no record and changes nothing", async () => {
    const user = await createTestUser();
    for (const action of ["demote", "enable"] as const) {
      const error = await errorOf(act(x, user, action));
      expect(error?.code).toBe("conflict:admin");
    }
    expect((await errorOf(act(x, { ...user, id: "no-such-user" }, "promote")))?.code).toBe("not_found:admin");
    expect(await audits(user.id)).toHaveLength(0);
  });

  it("the database refuses to update, delete or truncate audit records", async () => {
    const user = await createTestUser();
    await act(x, user, "disable");
    const [row] = await audits(user.id);
    const attempts = [
      db.$executeRaw`UPDATE "AuditLog" SET "adminEmail" = 'someone-else@example.com' WHERE id = ${row!.id}`,
      db.$executeRaw`DELETE FROM "AuditLog" WHERE id = ${row!.id}`,
      db.$executeRaw`TRUNCATE "AuditLog"`,
      db.auditLog.deleteMany({ where: { targetUserId: user.id } }),
    ];
    for (const attempt of attempts) {
      const error = await errorOf(attempt);
      expect(String((error as unknown as Error)?.message)).toMatch(/append-only/);
    }
    expect(await audits(user.id)).toEqual([row]);
  });

  it("deleting a user keeps their audit trail", async () => {
    const user = await createTestUser();
    await act(x, user, "disable");
    await db.user.delete({ where: { id: user.id } });
    expect(await audits(user.id)).toHaveLength(1);
  });
});
