// Account deletion against a real letta-local (official SDK, fault injection through /_control) and real
// Postgres: nothing of the user is left (rows, rate-limit windows, the Letta conversation), a Letta failure
// deletes nothing and a retry finishes the job, the audit log keeps a content-free record, and the same email
// can sign up again to a fresh, empty conversation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pointAppAt, startLocalLetta, untilHeld, type LocalLetta } from "../helpers/letta";
import { createTestUser } from "../helpers/users";
import type { AppError } from "@/lib/errors";

let letta: LocalLetta;
let account: typeof import("@/lib/account/delete-account");
let conversations: typeof import("@/lib/chat/conversation");
let db: typeof import("@/lib/db/client")["db"];
let hashPassword: (p: string) => Promise<string>;
const PASSWORD = "correct-horse-9";
const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e as AppError);

async function userWithConversation({ password = true, role = "USER" as "USER" | "ADMIN" } = {}) {
  const user = await createTestUser({ role });
  if (password) await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  await db.account.create({ data: { userId: user.id, type: "oidc", provider: "oidc", providerAccountId: `sub-${user.id}` } });
  await db.session.create({ data: { userId: user.id, sessionToken: `tok-${user.id}`, expires: new Date(Date.now() + 86_400_000) } });
  await db.rateLimiterFlexible.create({ data: { key: `api_message:${user.id}`, points: 3, expire: new Date(Date.now() + 60_000) } });
  const conversation = await conversations.getOrCreateConversation({ userId: user.id });
  return { user, lettaConversationId: conversation.lettaConversationId };
}

async function lettaHas(conversationId: string): Promise<boolean> {
  try {
    await letta.client.conversations.retrieve(conversationId);
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}

async function rowsOf(userId: string) {
  const [users, accounts, sessions, mapping, limits] = await Promise.all([
    db.user.count({ where: { id: userId } }),
    db.account.count({ where: { userId } }),
    db.session.count({ where: { userId } }),
    db.conversation.count({ where: { userId } }),
    db.rateLimiterFlexible.count({ where: { key: { endsWith: `:${userId}` } } }),
  ]);
  return { users, accounts, sessions, mapping, limits };
}
const NONE = { users: 0, accounts: 0, sessions: 0, mapping: 0, limits: 0 };

async function failNextDelete(conversationId: string) {
  await letta.control("faults", { body: { type: "http_500", on: "delete_conversation", conversation_id: conversationId, count: 2 } });
}

beforeAll(async () => {
  letta = await startLocalLetta({ control: true });
  pointAppAt(letta, "delete");
  account = await import("@/lib/account/delete-account");
  conversations = await import("@/lib/chat/conversation");
  ({ db } = await import("@/lib/db/client"));
  ({ hashPassword } = await import("@/lib/auth/password"));
});

beforeEach(async () => {
  await letta.control("faults", { method: "DELETE" });
});

afterAll(async () => {
  await db?.$disconnect();
  await letta?.close();
});

describe("deleting one's own account", () => {
  it("removes every row of the user and the Letta conversation; the audit log keeps a content-free record", async () => {
    const { user, lettaConversationId } = await userWithConversation();
    // An earlier record about the account (an admin read its thread): it stays, unchanged.
    await db.auditLog.create({ data: { adminId: "some-admin", adminEmail: "admin@example.com", targetUserId: user.id, targetEmail: user.email, action: "THREAD_READ" } });
    await account.deleteOwnAccount({ userId: user.id, confirmation: { password: PASSWORD } });
    expect(await rowsOf(user.id)).toEqual(NONE);
    expect(await lettaHas(lettaConversationId)).toBe(false);
    const records = await db.auditLog.findMany({ where: { targetUserId: user.id }, orderBy: { id: "asc" } });
    expect(records.map((r) => r.action)).toEqual(["THREAD_READ", "ACCOUNT_DELETED"]);
    expect(records[1]).toMatchObject({ adminId: user.id, targetUserId: user.id, details: { by: "self", role: "USER", hadConversation: true } });
    // The admin audit view marks the account deleted, on the earlier record too.
    const { auditPage } = await import("@/lib/admin/audit");
    const page = await auditPage({ user: user.id, limit: 10 } as Parameters<typeof auditPage>[0]);
    expect(page.entries.map((e) => e.target.deleted)).toEqual([true, true]);
  });

  it("a Letta failure deletes nothing and says so (retryable); the retry finishes the job", async () => {
    const { user, lettaConversationId } = await userWithConversation();
    await failNextDelete(lettaConversationId);
    const error = await errorOf(account.deleteOwnAccount({ userId: user.id, confirmation: { password: PASSWORD } }));
    expect(error?.code).toBe("offline:conversation");
    expect(error?.retryable).toBe(true);
    expect(error?.message).toMatch(/nothing was deleted/i);
    expect(await rowsOf(user.id)).toEqual({ users: 1, accounts: 1, sessions: 1, mapping: 1, limits: 1 });
    expect(await lettaHas(lettaConversationId)).toBe(true);
    expect(await db.auditLog.count({ where: { targetUserId: user.id, action: "ACCOUNT_DELETED" } })).toBe(0);

    await account.deleteOwnAccount({ userId: user.id, confirmation: { password: PASSWORD } });
    expect(await rowsOf(user.id)).toEqual(NONE);
    expect(await lettaHas(lettaConversationId)).toBe(false);
    expect(await db.auditLog.count({ where: { targetUserId: user.id, action: "ACCOUNT_DELETED" } })).toBe(1);
  });

  it("stops a reply in progress before deleting the conversation", async () => {
    const { user, lettaConversationId } = await userWithConversation();
    await letta.control("faults", { body: { type: "hold", conversation_id: lettaConversationId, hold_at_chunk: 1 } });
    const { sendMessage } = await import("@/lib/letta/conversations");
    const sent = await sendMessage({ conversationId: lettaConversationId, text: "a long story", otid: crypto.randomUUID(), clientTools: [], signal: new AbortController().signal });
    const runId = await untilHeld(letta, lettaConversationId);
    await account.deleteOwnAccount({ userId: user.id, confirmation: { password: PASSWORD } });
    if (sent.kind === "stream") await sent.response.body?.cancel();
    expect((await letta.client.runs.retrieve(runId)).status).toBe("cancelled");
    expect(await lettaHas(lettaConversationId)).toBe(false);
    expect(await rowsOf(user.id)).toEqual(NONE);
  });

  it("a retry after Letta already deleted the conversation (404) finishes too", async () => {
    const { user, lettaConversationId } = await userWithConversation();
    await letta.client.conversations.delete(lettaConversationId);
    await account.deleteOwnAccount({ userId: user.id, confirmation: { password: PASSWORD } });
    expect(await rowsOf(user.id)).toEqual(NONE);
  });

  it("a wrong password is a clear message, and nothing changes", async () => {
    const { user, lettaConversationId } = await userWithConversation();
    for (const confirmation of [{ password: "wrong-horse-9" }, {}, { email: user.email! }]) {
      const error = await errorOf(account.deleteOwnAccount({ userId: user.id, confirmation }));
      expect(error?.code).toBe("bad_request:auth");
      expect(error?.message).toBe("That password is not right. Your account was not deleted.");
    }
    expect(await rowsOf(user.id)).toEqual({ users: 1, accounts: 1, sessions: 1, mapping: 1, limits: 1 });
    expect(await lettaHas(lettaConversationId)).toBe(true);
  });

  it("an account without a password confirms with its email (any case); a wrong one changes nothing", async () => {
    const { user, lettaConversationId } = await userWithConversation({ password: false });
    const error = await errorOf(account.deleteOwnAccount({ userId: user.id, confirmation: { email: "someone-else@example.com" } }));
    expect(error?.message).toBe("That is not your account's email. Your account was not deleted.");
    expect(await lettaHas(lettaConversationId)).toBe(true);
    await account.deleteOwnAccount({ userId: user.id, confirmation: { email: ` ${user.email!.toUpperCase()} ` } });
    expect(await rowsOf(user.id)).toEqual(NONE);
    expect(await lettaHas(lettaConversationId)).toBe(false);
  });

  it("the same email signs up again and gets a fresh, empty conversation", async () => {
    const { user, lettaConversationId } = await userWithConversation();
    await letta.client.conversations.messages.create(lettaConversationId, { input: "remember me" }).then(async (s) => { for await (const _ of s) void _; });
    await account.deleteOwnAccount({ userId: user.id, confirmation: { password: PASSWORD } });
    const { createPasswordUser } = await import("@/lib/db/users");
    const again = await createPasswordUser({ email: user.email!, name: null, passwordHash: await hashPassword(PASSWORD), role: "USER" });
    expect(again).not.toBeNull();
    expect(again!.id).not.toBe(user.id);
    const fresh = await conversations.getOrCreateConversation({ userId: again!.id });
    expect(fresh.lettaConversationId).not.toBe(lettaConversationId);
    const { fetchHistoryPage } = await import("@/lib/chat/history");
    expect((await fetchHistoryPage({ conversationId: fresh.lettaConversationId, limit: 50 })).items).toEqual([]);
  });

  it("the last admin cannot delete their account (nothing changes)", async () => {
    await db.user.updateMany({ where: { role: "ADMIN", disabled: false }, data: { disabled: true } });
    const { user, lettaConversationId } = await userWithConversation({ role: "ADMIN" });
    const error = await errorOf(account.deleteOwnAccount({ userId: user.id, confirmation: { password: PASSWORD } }));
    expect(error?.code).toBe("conflict:admin");
    expect(await lettaHas(lettaConversationId)).toBe(true);
    expect((await rowsOf(user.id)).users).toBe(1);
  });
});

describe("an admin deleting an account", () => {
  it("deletes the user and their conversation, audited as done by the admin; never themselves", async () => {
    const admin = await createTestUser({ role: "ADMIN" });
    const { user, lettaConversationId } = await userWithConversation();
    const self = await errorOf(account.deleteAccountAsAdmin({ admin, targetId: admin.id }));
    expect(self?.code).toBe("forbidden:admin");
    await account.deleteAccountAsAdmin({ admin, targetId: user.id });
    expect(await rowsOf(user.id)).toEqual(NONE);
    expect(await lettaHas(lettaConversationId)).toBe(false);
    const record = await db.auditLog.findFirstOrThrow({ where: { targetUserId: user.id, action: "ACCOUNT_DELETED" } });
    expect(record).toMatchObject({ adminId: admin.id, adminEmail: admin.email, details: { by: "admin" } });
    const again = await errorOf(account.deleteAccountAsAdmin({ admin, targetId: user.id }));
    expect(again?.code).toBe("not_found:admin");
  });

  it("a user who is not an admin (any more) cannot", async () => {
    const notAdmin = await createTestUser();
    const { user } = await userWithConversation();
    expect((await errorOf(account.deleteAccountAsAdmin({ admin: notAdmin, targetId: user.id })))?.code).toBe("not_found:api");
    expect((await rowsOf(user.id)).users).toBe(1);
  });
});

describe("who read my conversation", () => {
  it("lists admin reads of the user's own thread, newest first, with the admin's current name, page by page", async () => {
    const reader = await createTestUser({ role: "ADMIN", name: "Grace Hopper" });
    const user = await createTestUser();
    const other = await createTestUser();
    for (let i = 0; i < 3; i++) await db.auditLog.create({ data: { adminId: reader.id, adminEmail: reader.email, targetUserId: user.id, targetEmail: user.email, action: "THREAD_READ" } });
    await db.auditLog.create({ data: { adminId: reader.id, adminEmail: reader.email, targetUserId: user.id, targetEmail: user.email, action: "USER_DISABLE" } });
    await db.auditLog.create({ data: { adminId: reader.id, adminEmail: reader.email, targetUserId: other.id, targetEmail: other.email, action: "THREAD_READ" } });
    await db.auditLog.create({ data: { adminId: "gone-admin", adminEmail: "gone@example.com", targetUserId: user.id, targetEmail: user.email, action: "THREAD_FOLLOW" } });
    const { threadReadsPage } = await import("@/lib/account/thread-reads");
    const first = await threadReadsPage({ userId: user.id, limit: 2 });
    expect(first.reads.map((r) => [r.kind, r.admin])).toEqual([
      ["followed", { name: null, email: "gone@example.com", deleted: true }],
      ["read", { name: "Grace Hopper", email: reader.email, deleted: false }],
    ]);
    const second = await threadReadsPage({ userId: user.id, limit: 2, cursor: first.nextCursor! });
    expect(second.reads).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(Number(second.reads[0]!.id)).toBeLessThan(Number(first.reads[1]!.id));
    expect(await threadReadsPage({ userId: other.id, limit: 10 })).toMatchObject({ reads: [{ kind: "read" }], nextCursor: null });
    const nobody = await createTestUser();
    expect(await threadReadsPage({ userId: nobody.id, limit: 10 })).toEqual({ reads: [], nextCursor: null });
  });
});
