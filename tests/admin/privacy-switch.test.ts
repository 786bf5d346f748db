// ADMIN_THREAD_ACCESS=off, through the real admin route handlers (real Postgres,
// the local Letta server): thread routes answer 403 with a readable message, no
// admin route returns a word of a user's messages, and nothing is audited as read.
// The e2e server runs with the switch on, so the off case is tested here: the
// session and the env are the only things replaced.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/db/users";

const state = vi.hoisted(() => ({ threadAccess: true, user: null as SessionUser | null }));
vi.mock("@/lib/env", async () => {
  const { parseEnv } = await import("@/lib/env-schema");
  const base = parseEnv(process.env);
  return { env: () => ({ ...base, ADMIN_THREAD_ACCESS: state.threadAccess }) };
});
// The session cookie names the user; withUser then reads that user's row (role, disabled) from Postgres.
vi.mock("@/lib/auth/session-token", () => ({
  sessionIdentity: async () => (state.user ? { userId: state.user.id, sessionId: `sess-${state.user.id}` } : null),
}));

const { db } = await import("@/lib/db/client");
const { getOrCreateConversation } = await import("@/lib/chat/conversation");
const { sharedAgentId } = await import("@/lib/letta/agent");
const { startRun } = await import("@/lib/chat/runs");
const { THREAD_ACCESS_OFF } = await import("@/lib/admin/thread-access");
const usersRoute = await import("@/app/api/admin/users/route");
const userRoute = await import("@/app/api/admin/users/[id]/route");
const messagesRoute = await import("@/app/api/admin/users/[id]/messages/route");
const streamRoute = await import("@/app/api/admin/users/[id]/stream/route");
const actionsRoute = await import("@/app/api/admin/users/[id]/actions/route");
const auditRoute = await import("@/app/api/admin/audit/route");
const memoryRoute = await import("@/app/api/admin/memory/route");
const { createTestUser } = await import("../helpers/users");

const secret = `marmalade-${randomUUID().slice(0, 8)}`;
let admin: SessionUser;
let target: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  const a = await createTestUser({ role: "ADMIN" });
  admin = { id: a.id, email: a.email, name: a.name, image: null, role: "ADMIN", disabled: false };
  target = await createTestUser({ name: `Privacy ${randomUUID().slice(0, 6)}` });
  // As instrumentation.ts does at boot: the agent first (creating it takes its own lock).
  await sharedAgentId();
  const conversation = await getOrCreateConversation({ userId: target.id });
  const run = await startRun({ conversation, text: `my code word is ${secret}`, otid: randomUUID(), signal: new AbortController().signal });
  await run.upstream.text(); // the reply is complete and stored
});
afterAll(() => db.$disconnect());

const base = "http://threadline.test";
const ctx = (params: Record<string, unknown> = {}) => ({ params: Promise.resolve(params) }) as never;
const get = (path: string) => new Request(`${base}${path}`);
const post = (path: string, body: unknown) =>
  new Request(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** Every admin API a signed-in admin can call, as [name, response]. */
async function callEveryAdminRoute(): Promise<[string, Response][]> {
  const id = { id: target.id };
  return [
    ["users list", await usersRoute.GET(get(`/api/admin/users?q=${encodeURIComponent(target.email!)}`), ctx())],
    ["user detail", await userRoute.GET(get(`/api/admin/users/${target.id}`), ctx(id))],
    ["thread messages", await messagesRoute.GET(get(`/api/admin/users/${target.id}/messages`), ctx(id))],
    ["thread stream", await streamRoute.POST(post(`/api/admin/users/${target.id}/stream`, {}), ctx(id))],
    ["audit log", await auditRoute.GET(get(`/api/admin/audit?user=${target.id}`), ctx())],
    ["memory", await memoryRoute.GET(get("/api/admin/memory"), ctx())],
    ["account action", await actionsRoute.POST(post(`/api/admin/users/${target.id}/actions`, { action: "demote" }), ctx(id))],
  ];
}

const threadReads = () => db.auditLog.count({ where: { targetUserId: target.id, action: { in: ["THREAD_READ", "THREAD_FOLLOW"] } } });

describe("privacy switch", () => {
  it("on: the admin reads the thread, and the read is audited once", async () => {
    state.threadAccess = true;
    state.user = admin;
    const before = await threadReads();
    const response = await messagesRoute.GET(get(`/api/admin/users/${target.id}/messages`), ctx({ id: target.id }));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(secret);
    expect(await threadReads()).toBe(before + 1);
  });

  it("off: thread routes answer 403 forbidden:admin with a readable message, and no route returns a message", async () => {
    state.threadAccess = false;
    state.user = admin;
    const before = await threadReads();
    const responses = await callEveryAdminRoute();
    for (const [name, response] of responses) {
      const body = await response.text();
      expect(body, name).not.toContain(secret);
      expect(body, name).not.toContain("code word");
      if (name.startsWith("thread")) {
        expect(response.status, name).toBe(403);
        expect(JSON.parse(body), name).toEqual({ error: { code: "forbidden:admin", message: THREAD_ACCESS_OFF } });
      }
    }
    // Managing accounts keeps working.
    const statuses = Object.fromEntries(responses.map(([name, r]) => [name, r.status]));
    expect(statuses).toMatchObject({ "users list": 200, "user detail": 200, "audit log": 200, memory: 200 });
    expect(statuses["account action"]).toBe(409); // "not an admin": the route ran and refused on its merits
    expect(await threadReads()).toBe(before);
  });

  it("off: the user detail still gives the conversation's facts, and says reading is off", async () => {
    state.threadAccess = false;
    state.user = admin;
    const body = await (await userRoute.GET(get(`/api/admin/users/${target.id}`), ctx({ id: target.id }))).json();
    expect(body.threadAccess).toBe(false);
    expect(body.conversation.lettaConversationId).toMatch(/^conv-/);
    expect(body.conversation.inContextMessages).toBeGreaterThan(0);
  });

  it("a non-admin gets the same 404 from every admin route, whatever the switch says", async () => {
    state.user = { ...admin, id: target.id, email: target.email, role: "USER" };
    for (const access of [true, false]) {
      state.threadAccess = access;
      for (const [name, response] of await callEveryAdminRoute()) {
        expect(response.status, name).toBe(404);
        expect(await response.json(), name).toEqual({ error: { code: "not_found:api", message: "Not found." } });
      }
    }
  });
});
