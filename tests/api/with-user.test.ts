// The API gate (lib/api/with-user.ts, lib/api/with-admin.ts + lib/db/request-context.ts) against real Postgres: the session cookie,
// the account re-read on every request, the per-user rate limit, all in one database round trip.
import { afterAll, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { withAdmin } from "@/lib/api/with-admin";
import { withUser } from "@/lib/api/with-user";
import { db, pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { revokeUserSession, revokeUserSessions } from "@/lib/db/user-sessions";
import { createTestUser, testSessionId } from "../helpers/users";

const COOKIE = "authjs.session-token";

/** A request with a session cookie for `userId`: their test session unless `sid` names another (null: none). */
async function requestAs(userId: string | null, sid: string | null = userId && testSessionId(userId)): Promise<Request> {
  const headers = new Headers({ "x-forwarded-proto": "http" });
  const token = sid ? { sub: userId, sid } : { sub: userId };
  if (userId) headers.set("cookie", `${COOKIE}=${await encode({ token, secret: env().AUTH_SECRET, salt: COOKIE })}`);
  return new Request("http://127.0.0.1/api/test", { headers });
}

const echo = withUser(async ({ user, conversation }) => Response.json({ id: user.id, conversation }), { rateLimit: "message" });
const adminRoute = withAdmin(async () => Response.json({ ok: true }));
const admin = (req: Request) => adminRoute(req, { params: Promise.resolve({}) });

async function points(key: string): Promise<number | null> {
  const row = await db.rateLimiterFlexible.findUnique({ where: { key } });
  return row?.points ?? null;
}

describe("withUser", () => {
  afterAll(() => db.$disconnect());

  it("answers 401 without a session and for an account that no longer exists", async () => {
    expect((await echo(await requestAs(null))).status).toBe(401);
    const response = await echo(await requestAs("no-such-user"));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "unauthorized:auth", message: "Please sign in again." } });
  });

  it("passes the user and their conversation, read in one round trip, and sets no cookie", async () => {
    const user = await createTestUser();
    await db.conversation.create({ data: { userId: user.id, lettaConversationId: `conv-${user.id}`, agentId: "agent-1" } });
    const query = vi.spyOn(pool(), "query");
    try {
      const response = await echo(await requestAs(user.id));
      expect(response.status).toBe(200);
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await response.json()).toStrictEqual({
        id: user.id, conversation: { userId: user.id, lettaConversationId: `conv-${user.id}`, agentId: "agent-1" },
      });
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      query.mockRestore();
    }
  });

  it("answers a clear, retryable 503 when the database cannot be reached (fault injected into the pool)", async () => {
    const user = await createTestUser();
    const query = vi.spyOn(pool(), "query").mockRejectedValueOnce(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }) as never);
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const response = await echo(await requestAs(user.id));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        error: { code: "offline:database", message: "Threadline can't reach its database right now. Please try again in a moment." },
      });
      expect(errors).toHaveBeenCalled(); // the cause is logged on the server, not sent
    } finally {
      query.mockRestore();
      errors.mockRestore();
    }
  });

  it("refuses a disabled account at once, with a 403 that says why, and takes no point from it", async () => {
    const user = await createTestUser();
    expect((await echo(await requestAs(user.id))).status).toBe(200);
    await db.user.update({ where: { id: user.id }, data: { disabled: true } });
    const response = await echo(await requestAs(user.id));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: "forbidden:auth", message: "This account has been disabled. Contact your administrator." },
    });
    expect(await points(`api_message:${user.id}`)).toBe(1);
  });

  it("allows 20 sends a minute per user and refuses the 21st with 429, without touching other users", async () => {
    const [user, other] = await Promise.all([createTestUser(), createTestUser()]);
    const request = await requestAs(user.id);
    // Concurrently, as from several tabs or instances: every one of them is counted.
    const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await echo(request.clone())).status));
    expect(statuses).toEqual(Array(20).fill(200));
    const refused = await echo(request.clone());
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("rate_limit:message");
    expect(body.error.message).toMatch(/^You're going a bit fast\. Try again in (60|[1-5]?\d) seconds?\.$/);
    expect((await echo(await requestAs(other.id))).status).toBe(200);
  });

  it("starts a new window once the old one has expired", async () => {
    const user = await createTestUser();
    await db.rateLimiterFlexible.create({ data: { key: `api_message:${user.id}`, points: 500, expire: new Date(Date.now() - 1000) } });
    expect((await echo(await requestAs(user.id))).status).toBe(200);
    expect(await points(`api_message:${user.id}`)).toBe(1);
  });

  it("gives non-admins the not-found answer on admin routes, without using the admin limit", async () => {
    const [user, boss] = await Promise.all([createTestUser(), createTestUser({ role: "ADMIN" })]);
    const response = await admin(await requestAs(user.id));
    expect(response.status).toBe(404);
    expect(await points(`api_admin:${user.id}`)).toBeNull();
    expect((await admin(await requestAs(boss.id))).status).toBe(200);
    expect(await points(`api_admin:${boss.id}`)).toBe(1);
  });

  it("admits an admin in one round trip that does not read the admin's conversation", async () => {
    const boss = await createTestUser({ role: "ADMIN" });
    await db.conversation.create({ data: { userId: boss.id, lettaConversationId: `conv-${boss.id}`, agentId: "agent-1" } });
    const query = vi.spyOn(pool(), "query");
    try {
      expect((await admin(await requestAs(boss.id))).status).toBe(200);
      expect(query).toHaveBeenCalledTimes(1);
      expect(String(query.mock.calls[0]![0])).not.toContain('"Conversation"');
    } finally {
      query.mockRestore();
    }
  });
});

describe("signed-out sessions (the UserSession row the cookie's sid names)", () => {
  afterAll(() => db.$disconnect());
  const signedOut = { error: { code: "unauthorized:auth", message: "Please sign in again." } };

  it("refuses a copied cookie the moment its session is signed out, in the same one statement, taking no point", async () => {
    const user = await createTestUser();
    const copied = await requestAs(user.id);
    expect((await echo(copied.clone())).status).toBe(200);
    expect(await revokeUserSession({ id: testSessionId(user.id), userId: user.id })).toBe(true);
    const query = vi.spyOn(pool(), "query");
    try {
      const response = await echo(copied.clone());
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(signedOut);
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      query.mockRestore();
    }
    expect(await points(`api_message:${user.id}`)).toBe(1);
    expect((await admin(copied.clone())).status).toBe(401);
  });

  it("signing out one session by id is scoped to its owner: another account's session id changes nothing", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    // What /settings' "Sign out" form would post if its hidden sessionId were forged to name someone else's session.
    expect(await revokeUserSession({ id: testSessionId(owner.id), userId: other.id })).toBe(false);
    expect((await echo(await requestAs(owner.id))).status).toBe(200);
    expect(await revokeUserSession({ id: "not-a-session-id", userId: other.id })).toBe(false);
    expect((await echo(await requestAs(other.id))).status).toBe(200);
  });

  it("keeps the other sessions of the account, or none of them when all are signed out", async () => {
    const user = await createTestUser();
    await db.userSession.create({ data: { id: `second-${user.id}`, userId: user.id } });
    await revokeUserSessions({ userId: user.id, exceptId: `second-${user.id}` });
    expect((await echo(await requestAs(user.id))).status).toBe(401);
    expect((await echo(await requestAs(user.id, `second-${user.id}`))).status).toBe(200);
    await revokeUserSessions({ userId: user.id });
    expect((await echo(await requestAs(user.id, `second-${user.id}`))).status).toBe(401);
  });

  it("refuses a cookie without a session id, with another user's session id, or with an unknown one", async () => {
    const [user, other] = await Promise.all([createTestUser(), createTestUser()]);
    for (const sid of [null, testSessionId(other.id), "no-such-session"]) {
      const response = await echo(await requestAs(user.id, sid));
      expect(response.status, String(sid)).toBe(401);
      expect(await response.json()).toEqual(signedOut);
    }
  });

  it("notes when a session was last active, at most every few minutes", async () => {
    const user = await createTestUser();
    const long = new Date(Date.now() - 60 * 60 * 1000);
    await db.userSession.update({ where: { id: testSessionId(user.id) }, data: { lastSeenAt: long } });
    expect((await echo(await requestAs(user.id))).status).toBe(200);
    const seen = (await db.userSession.findUniqueOrThrow({ where: { id: testSessionId(user.id) } })).lastSeenAt;
    expect(seen.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await echo(await requestAs(user.id))).status).toBe(200);
    expect((await db.userSession.findUniqueOrThrow({ where: { id: testSessionId(user.id) } })).lastSeenAt).toEqual(seen);
  });
});
