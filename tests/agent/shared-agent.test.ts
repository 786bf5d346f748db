// The app's side: sharedAgentId() creates the shared agent from agent.yaml (once, under its advisory lock, even
// from two instances at once), agentConfig() exposes the privacy choice, and the admin memory API reports drift.
// Real Postgres (DATABASE_URL, migrated by `npm test`) and the local Letta server; only the session is replaced.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/db/users";
import { planAgent } from "@/lib/letta/agent-plan";
import { startLocalLetta, uniqueName, type LocalLetta } from "../helpers/letta";

const state = vi.hoisted(() => ({ user: null as SessionUser | null }));
// The signed-in user: the session cookie is replaced; the account itself is read from Postgres.
vi.mock("@/lib/auth/session-token", () => ({
  sessionIdentity: async () => (state.user ? { userId: state.user.id, sessionId: `sess-${state.user.id}` } : null),
}));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => state.user, getSessionAccount: async () => state.user }));

let letta: LocalLetta;
const name = uniqueName("shared");
beforeAll(async () => {
  letta = await startLocalLetta();
  // lib/env reads these on first use (each test file has its own module registry).
  Object.assign(process.env, { LETTA_BASE_URL: letta.url, LETTA_AGENT_NAME: name });
  delete process.env.LETTA_API_KEY;
  process.env.AUTH_SECRET ||= "test-secret-0123456789abcdef0123456789";
});
afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db.$disconnect();
  await letta?.close();
});

describe("sharedAgentId", () => {
  it("creates the agent from agent.yaml exactly once when two instances ask at the same time", async () => {
    const first = await import("@/lib/letta/agent");
    vi.resetModules(); // a second "instance": its own caches and its own database pool
    const second = await import("@/lib/letta/agent");
    expect(second.sharedAgentId).not.toBe(first.sharedAgentId);
    const [a, b] = await Promise.all([first.sharedAgentId(), second.sharedAgentId()]);
    expect(a).toBe(b);
    const agents = (await letta.client.agents.list({ name })).getPaginatedItems();
    expect(agents.map((agent) => agent.id)).toEqual([a]);
    // Created exactly as the file says.
    const config = first.agentConfig();
    expect(config).toMatchObject({ name, privacy: { historySearch: "own_thread" }, tools: [] });
    expect((await planAgent(letta.client, config)).changes).toEqual([]);
  });
});

describe("GET /api/admin/memory drift", () => {
  const admin: SessionUser = { id: "admin-test", email: "admin@example.com", name: "Admin", image: null, role: "ADMIN", disabled: false };
  const get = async () => {
    const route = await import("@/app/api/admin/memory/route");
    return route.GET(new Request("http://threadline.test/api/admin/memory"), { params: Promise.resolve({}) } as never);
  };

  it("in sync, then the list of differences once the live agent is changed outside the file", async () => {
    const { createTestUser } = await import("../helpers/users");
    const user = await createTestUser({ role: "ADMIN" });
    state.user = { ...admin, id: user.id, email: user.email };
    const inSync = await get();
    expect(inSync.status).toBe(200);
    const body = await inSync.json();
    expect(body.drift).toEqual({ state: "in-sync", notices: [], warnings: [] });

    await letta.client.agents.update(body.agentId, { description: "edited by hand", context_window_limit: 1000 });
    await letta.client.agents.blocks.update("persona", { agent_id: body.agentId, value: "changed by hand" });
    expect((await (await get()).json()).drift).toEqual({
      state: "drift",
      changes: [
        '~ description: "edited by hand" → "The shared Threadline agent"',
        "~ context_window: 1000 → 128000",
        "~ block persona value: 1 line changed",
      ],
      notices: [],
      warnings: [],
    });
  });

  it("is not found for a non-admin", async () => {
    const { createTestUser } = await import("../helpers/users");
    const user = await createTestUser();
    state.user = { ...admin, id: user.id, email: user.email, role: "USER" };
    expect((await get()).status).toBe(404);
  });
});
