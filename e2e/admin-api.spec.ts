// The admin API over real HTTP, against the production build, the local Letta
// server and Postgres: who may call it, what it returns, what it refuses, and
// the audit record each read and each account change leaves behind.
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { accountState, auditRows, createUser, database, disableAdminsExcept } from "./helpers/db";
import { injectFault } from "./helpers/letta-control";
import { anonymous, persona, type Persona } from "./helpers/session";
import { assistantText, ofType, openStream } from "./helpers/sse";

type Call = { name: string; method: "GET" | "POST"; path: string; data?: unknown };

/** Every admin API route, aimed at `targetId`. */
const adminRoutes = (targetId: string): Call[] => [
  { name: "list users", method: "GET", path: "/api/admin/users?q=a" },
  { name: "user detail", method: "GET", path: `/api/admin/users/${targetId}` },
  { name: "thread page", method: "GET", path: `/api/admin/users/${targetId}/messages` },
  { name: "follow live reply", method: "POST", path: `/api/admin/users/${targetId}/stream`, data: {} },
  { name: "account action", method: "POST", path: `/api/admin/users/${targetId}/actions`, data: { action: "disable" } },
  { name: "audit log", method: "GET", path: "/api/admin/audit" },
  { name: "shared memory", method: "GET", path: "/api/admin/memory" },
];
/** Paths that do not exist: whoever may not use the admin API must not be able to tell them apart. */
const missingRoutes: Call[] = [
  { name: "the admin API's root", method: "GET", path: "/api/admin" },
  { name: "missing route", method: "GET", path: "/api/admin/does-not-exist" },
  { name: "missing nested route", method: "POST", path: "/api/admin/users/someone/impersonate", data: {} },
];

const call = (api: APIRequestContext, { method, path, data }: Call) =>
  method === "GET" ? api.get(path) : api.post(path, { data });
/** Status and body, byte for byte but for the request id (its own on every request, and the same as its header). */
const answer = async (response: APIResponse) => {
  const body = await response.text();
  const requestId = `,"requestId":"${response.headers()["x-request-id"]}"`;
  expect(body).toContain(requestId);
  return { status: response.status(), body: body.replace(requestId, "") };
};
const send = (who: Persona, text: string) => who.api.post("/api/chat/messages", { data: { text, otid: randomUUID() } });

let base: string;
let admin: Persona;
let alice: Persona;
let bob: Persona;
test.beforeAll(async ({ baseURL }) => {
  base = baseURL!;
  [admin, alice, bob] = await Promise.all([
    persona(base, { role: "ADMIN", name: "Audra Admin" }),
    persona(base, { name: "Alice Reader" }),
    persona(base, { name: "Bob Bystander" }),
  ]);
  for (let i = 1; i <= 4; i++) expect((await send(alice, `alice note ${i}`)).status()).toBe(200);
});

test.describe("who may call the admin API", () => {
  test("signed out: every admin route answers exactly like a route that does not exist (401)", async () => {
    const api = await anonymous(base);
    const expected = { status: 401, body: JSON.stringify({ error: { code: "unauthorized:auth", message: "Please sign in again." } }) };
    for (const route of [...adminRoutes(alice.id), ...missingRoutes]) {
      expect(await answer(await call(api, route)), route.name).toEqual(expected);
    }
    expect(await accountState(alice.id)).toEqual({ role: "USER", disabled: false });
  });

  test("a user: every admin route answers exactly like a route that does not exist (404)", async () => {
    const expected = { status: 404, body: JSON.stringify({ error: { code: "not_found:api", message: "Not found." } }) };
    for (const route of [...adminRoutes(alice.id), ...missingRoutes]) {
      expect(await answer(await call(bob.api, route)), route.name).toEqual(expected);
    }
    expect(await accountState(alice.id)).toEqual({ role: "USER", disabled: false });
    expect(await auditRows(alice.id)).toEqual([]);
  });

  test("an admin: every route succeeds", async () => {
    const throwaway = await persona(base);
    const statuses: Record<string, number> = {};
    for (const route of adminRoutes(throwaway.id)) statuses[route.name] = (await call(admin.api, route)).status();
    expect(statuses).toEqual({
      "list users": 200, "user detail": 200, "thread page": 200, "follow live reply": 204,
      "account action": 200, "audit log": 200, "shared memory": 200,
    });
    expect(await accountState(throwaway.id)).toEqual({ role: "USER", disabled: true });
  });

  test("there is no route that edits or deletes audit records, or posts into a user's thread", async () => {
    expect((await admin.api.delete("/api/admin/audit")).status()).toBe(405);
    expect((await admin.api.patch("/api/admin/audit", { data: {} })).status()).toBe(405);
    expect((await admin.api.post(`/api/admin/users/${alice.id}/messages`, { data: { text: "hi", otid: randomUUID() } })).status()).toBe(405);
    expect((await admin.api.delete(`/api/admin/audit/1`)).status()).toBe(404);
  });
});

test.describe("users", () => {
  test("search finds a user by the start of their email or name, case-insensitively", async () => {
    for (const q of [alice.email.slice(0, 12).toUpperCase(), "alice read"]) {
      const response = await admin.api.get(`/api/admin/users?q=${encodeURIComponent(q)}`);
      expect(response.status()).toBe(200);
      const { users } = (await response.json()) as { users: { id: string }[] };
      expect(users.map((u) => u.id), q).toContain(alice.id);
      expect(users.map((u) => u.id), q).not.toContain(bob.id);
    }
  });

  test("a user row carries role, status, dates and activity", async () => {
    const { users } = await (await admin.api.get(`/api/admin/users?q=${encodeURIComponent(alice.email)}`)).json();
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ id: alice.id, email: alice.email, name: "Alice Reader", role: "USER", disabled: false, messageCount: 4 });
    expect(Date.parse(users[0].lastMessageAt)).toBeGreaterThanOrEqual(Date.parse(users[0].createdAt));
  });

  test("pages follow the cursor without repeats, and a bad cursor is a 400", async () => {
    await Promise.all(Array.from({ length: 6 }, () => createUser()));
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 3; i++) {
      const response = await admin.api.get(`/api/admin/users?sort=joined&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      const page = (await response.json()) as { users: { id: string; createdAt: string }[]; nextCursor: string | null };
      expect(page.users).toHaveLength(2);
      seen.push(...page.users.map((u) => u.id));
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(6);
    const bad = await admin.api.get("/api/admin/users?cursor=garbage");
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.code).toBe("bad_request:admin");
  });

  test("the user detail gives the conversation's facts, including Letta's context window", async () => {
    const body = await (await admin.api.get(`/api/admin/users/${alice.id}`)).json();
    expect(body.user).toMatchObject({ id: alice.id, email: alice.email, role: "USER", disabled: false });
    expect(body.conversation).toMatchObject({ messageCount: 4 });
    expect(body.conversation.lettaConversationId).toMatch(/^conv-/);
    expect(body.conversation.inContextMessages).toBeGreaterThanOrEqual(8); // 4 messages and 4 replies, at least
    expect(body.threadAccess).toBe(true);
    const missing = await admin.api.get("/api/admin/users/no-such-user");
    expect(missing.status()).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "not_found:admin", message: "There is no user with this id.", requestId: expect.any(String) } });
  });
});

test.describe("reading a thread", () => {
  test("each page read returns the user's messages and writes exactly one audit record", async () => {
    const before = (await auditRows(alice.id)).length;
    const first = await admin.api.get(`/api/admin/users/${alice.id}/messages?limit=3`);
    expect(first.status()).toBe(200);
    const page = (await first.json()) as { items: { kind: string; text?: string }[]; nextCursor: string };
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.nextCursor).toMatch(/^message-/);
    let rows = await auditRows(alice.id);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      adminId: admin.id, adminEmail: admin.email, targetUserId: alice.id, targetEmail: alice.email, action: "THREAD_READ",
      details: { before: null, items: page.items.length },
    });

    const older = await admin.api.get(`/api/admin/users/${alice.id}/messages?limit=50&before=${page.nextCursor}`);
    const olderItems = ((await older.json()) as { items: { kind: string; text?: string }[] }).items;
    const texts = [...olderItems, ...page.items].filter((i) => i.kind === "user").map((i) => i.text);
    expect(texts).toEqual(["alice note 1", "alice note 2", "alice note 3", "alice note 4"]);
    rows = await auditRows(alice.id);
    expect(rows).toHaveLength(before + 2);
    expect(rows.at(-1)!.details).toMatchObject({ before: page.nextCursor, items: olderItems.length });
  });

  test("a refused read writes no record", async () => {
    const before = (await auditRows(alice.id)).length;
    expect((await bob.api.get(`/api/admin/users/${alice.id}/messages`)).status()).toBe(404);
    expect((await admin.api.get(`/api/admin/users/${alice.id}/messages?before=nope`)).status()).toBe(400);
    expect(await auditRows(alice.id)).toHaveLength(before);
  });

  test("an admin follows the user's reply while it streams, read-only, with one audit record", async () => {
    const tag = `live-${randomUUID()}`;
    await injectFault({ type: "long_reply", match: tag, tokens: 60, token_delay_ms: 20 });
    const userRun = await openStream(`${base}/api/chat/messages`, alice.cookie, { text: `${tag} tell me a long story`, otid: randomUUID() });
    const before = (await auditRows(alice.id)).length;

    const watched = await openStream(`${base}/api/admin/users/${alice.id}/stream`, admin.cookie, { startingAfter: 0 });
    expect(watched.response.headers.get("content-type")).toContain("text/event-stream");
    expect(watched.runId).toBe(userRun.runId);
    const [adminFrames, userFrames] = await Promise.all([watched.done, userRun.done]);
    expect(assistantText(adminFrames).length).toBeGreaterThan(20);
    expect(assistantText(adminFrames)).toBe(assistantText(userFrames));
    expect(ofType(adminFrames, "stop_reason")[0]?.json?.stop_reason).toBe("end_turn"); // watching never stops the reply

    const rows = await auditRows(alice.id);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ adminId: admin.id, action: "THREAD_FOLLOW", details: { runId: null, startingAfter: 0 } });

    // Nothing in progress: 204, nothing returned, nothing recorded.
    const idle = await admin.api.post(`/api/admin/users/${alice.id}/stream`, { data: {} });
    expect(idle.status()).toBe(204);
    expect(await auditRows(alice.id)).toHaveLength(before + 1);
  });

  test("the chat send route always posts into the caller's own conversation, whatever the body names", async () => {
    const text = `admin-own-${randomUUID().slice(0, 8)}`;
    const aliceConversation = (await database().query(`SELECT "lettaConversationId" AS id FROM "Conversation" WHERE "userId" = $1`, [alice.id])).rows[0].id;
    const response = await admin.api.post("/api/chat/messages", {
      data: { text, otid: randomUUID(), userId: alice.id, conversationId: aliceConversation, lettaConversationId: aliceConversation },
    });
    expect(response.status()).toBe(200);
    await response.text();
    const own = await (await admin.api.get("/api/chat/messages")).json();
    expect(JSON.stringify(own)).toContain(text);
    const alicePage = await (await alice.api.get("/api/chat/messages?limit=100")).json();
    expect(JSON.stringify(alicePage)).not.toContain(text);
    const adminConversation = (await database().query(`SELECT "lettaConversationId" AS id FROM "Conversation" WHERE "userId" = $1`, [admin.id])).rows[0].id;
    expect(adminConversation).not.toBe(aliceConversation);
  });
});

test.describe("account actions", () => {
  test("promote, demote, disable and re-enable take effect at once, each with one audit record", async () => {
    const target = await persona(base, { name: "Tess Target" });
    const steps = [
      ["promote", "USER_PROMOTE", { role: "ADMIN", disabled: false }, { from: "USER", to: "ADMIN" }],
      ["demote", "USER_DEMOTE", { role: "USER", disabled: false }, { from: "ADMIN", to: "USER" }],
      ["disable", "USER_DISABLE", { role: "USER", disabled: true }, { from: "active", to: "disabled" }],
      ["enable", "USER_ENABLE", { role: "USER", disabled: false }, { from: "disabled", to: "active" }],
    ] as const;
    for (const [i, [action, recorded, state, details]] of steps.entries()) {
      const response = await admin.api.post(`/api/admin/users/${target.id}/actions`, { data: { action } });
      expect(response.status(), action).toBe(200);
      expect((await response.json()).user).toMatchObject({ id: target.id, ...state });
      expect(await accountState(target.id)).toEqual(state);
      const rows = await auditRows(target.id);
      expect(rows).toHaveLength(i + 1);
      expect(rows.at(-1)).toMatchObject({ adminId: admin.id, adminEmail: admin.email, targetEmail: target.email, action: recorded, details });
      // Immediate: the target's very next request sees the new role / status.
      const adminRoute = await target.api.get("/api/admin/memory");
      const chat = await target.api.get("/api/chat/messages");
      expect([adminRoute.status(), chat.status()], action).toEqual(
        state.disabled ? [403, 403] : state.role === "ADMIN" ? [200, 200] : [404, 200],
      );
    }
  });

  test("refusals are clear and leave no record", async () => {
    const target = await persona(base);
    const cases = [
      [{ action: "enable" }, target.id, 409, "conflict:admin"],
      [{ action: "demote" }, target.id, 409, "conflict:admin"],
      [{ action: "delete" }, target.id, 400, "bad_request:api"],
      [{ action: "promote" }, "no-such-user", 404, "not_found:admin"],
      [{ action: "disable" }, admin.id, 403, "forbidden:admin"],
    ] as const;
    for (const [data, id, status, code] of cases) {
      const response = await admin.api.post(`/api/admin/users/${id}/actions`, { data });
      expect(response.status(), JSON.stringify(data)).toBe(status);
      expect((await response.json()).error.code).toBe(code);
    }
    expect(await auditRows(target.id)).toEqual([]);
    expect(await auditRows(admin.id)).toEqual([]);
  });

  test("a disabled user's send and resume are refused with a clear message", async () => {
    const user = await persona(base);
    expect((await send(user, "before")).status()).toBe(200);
    expect((await admin.api.post(`/api/admin/users/${user.id}/actions`, { data: { action: "disable" } })).status()).toBe(200);
    const disabled = { error: { code: "forbidden:auth", message: "This account has been disabled. Contact your administrator.", requestId: expect.any(String) } };
    const sendResponse = await send(user, "after");
    expect(sendResponse.status()).toBe(403);
    expect(await sendResponse.json()).toEqual(disabled);
    const resume = await user.api.post("/api/chat/stream", { data: { startingAfter: 0 } });
    expect(resume.status()).toBe(403);
    expect(await resume.json()).toEqual(disabled);
    expect((await admin.api.get(`/api/admin/users/${user.id}`)).status()).toBe(200);
    const { conversation } = await (await admin.api.get(`/api/admin/users/${user.id}`)).json();
    expect(conversation.messageCount).toBe(1);
  });

  test("the last admin cannot be demoted or disabled", async () => {
    const second = await persona(base, { role: "ADMIN" });
    await disableAdminsExcept([admin.id, second.id]);
    // Two admins: one may go.
    expect((await admin.api.post(`/api/admin/users/${second.id}/actions`, { data: { action: "demote" } })).status()).toBe(200);
    // Now `admin` is the only one left.
    const demote = await admin.api.post(`/api/admin/users/${admin.id}/actions`, { data: { action: "demote" } });
    expect(demote.status()).toBe(409);
    expect(await demote.json()).toEqual({ error: { code: "conflict:admin", message: "You are the last admin. Promote someone else first.", requestId: expect.any(String) } });
    expect(await accountState(admin.id)).toEqual({ role: "ADMIN", disabled: false });
    expect((await auditRows(admin.id)).length).toBe(0);
    // The demoted admin can no longer act at all.
    expect((await second.api.post(`/api/admin/users/${admin.id}/actions`, { data: { action: "demote" } })).status()).toBe(404);
  });
});

test.describe("compaction", () => {
  test("an admin compacts a user's conversation: a summary, fewer messages in context, one audit record", async () => {
    const carol = await persona(base, { name: "Carol Compact" });
    for (let i = 1; i <= 6; i++) expect((await send(carol, `carol's note number ${i} about herons`)).status()).toBe(200);
    const response = await admin.api.post(`/api/admin/users/${carol.id}/compact`);
    expect(response.status()).toBe(200);
    const result = (await response.json()) as { summary: string; messagesBefore: number; messagesAfter: number };
    expect(result.summary.length).toBeGreaterThan(0);
    expect(result.messagesAfter).toBeLessThan(result.messagesBefore);
    const records = await auditRows(carol.id);
    expect(records.map((r) => r.action)).toEqual(["THREAD_COMPACT"]);
    expect(records[0]).toMatchObject({ adminId: admin.id, details: { messagesBefore: result.messagesBefore, messagesAfter: result.messagesAfter } });
    // The user's history keeps every message and marks where the summary took over.
    const page = (await (await carol.api.get("/api/chat/messages")).json()) as { items: { kind: string; text?: string }[] };
    expect(page.items.filter((item) => item.kind === "user").length).toBe(6);
    expect(page.items.some((item) => item.kind === "summary")).toBe(true);
    // And the conversation goes on.
    expect((await send(carol, "still there?")).status()).toBe(200);
  });

  test("refusals are clear and leave no record", async () => {
    const quiet = await persona(base);
    const never = await admin.api.post(`/api/admin/users/${quiet.id}/compact`);
    expect(never.status()).toBe(409);
    expect((await never.json()).error).toMatchObject({ code: "conflict:admin", message: expect.stringContaining("nothing to summarise") });
    expect((await admin.api.post("/api/admin/users/no-such-user/compact")).status()).toBe(404);
    expect((await alice.api.post(`/api/admin/users/${quiet.id}/compact`)).status()).toBe(404);
    expect(await auditRows(quiet.id)).toEqual([]);
  });
});
