// Usage budgets in the one-statement request gate, against real Postgres: the message charge is atomic (50
// parallel sends with one message left accept exactly one), token limits let the crossing run finish and refuse the
// next send, overrides beat role defaults, windows roll over at UTC midnight and month ends (the app's clock), and a
// refused send gets the readable 429 `quota:chat`.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { withUser } from "@/lib/api/with-user";
import { setClockForTests } from "@/lib/clock";
import { db, pool } from "@/lib/db/client";
import { loadRequestContext } from "@/lib/db/request-context";
import { countRun, insertPendingRuns } from "@/lib/db/usage";
import { env } from "@/lib/env";
import { budgetParams } from "@/lib/usage/limits";
import { createTestUser, testSessionId } from "../helpers/users";

// This file's role defaults (env() is read on first use, after this).
// No Letta call is made here, but the environment must name a server.
process.env.LETTA_BASE_URL ??= "http://127.0.0.1:9";
process.env.CHAT_MESSAGES_PER_DAY = "2";
process.env.CHAT_TOKENS_PER_DAY = "0";
process.env.CHAT_TOKENS_PER_MONTH = "1000";
process.env.CHAT_ADMIN_MESSAGES_PER_DAY = "0";
process.env.CHAT_MESSAGES_PER_MINUTE = "100";

afterEach(() => setClockForTests(null));
afterAll(() => db.$disconnect());

const COOKIE = "authjs.session-token";
async function requestAs(userId: string): Promise<Request> {
  const cookie = `${COOKIE}=${await encode({ token: { sub: userId, sid: testSessionId(userId) }, secret: env().AUTH_SECRET, salt: COOKIE })}`;
  return new Request("http://127.0.0.1/api/chat/messages", { method: "POST", headers: { cookie, "x-forwarded-proto": "http" } });
}
const send = withUser(async () => Response.json({ ok: true }), { rateLimit: "message", chargeMessage: true });

/** The gate as a send uses it, with explicit defaults [messages/day, tokens/day, tokens/month] for USER. */
function gate(userId: string, at: Date, userDefaults: (number | null)[], adminDefaults: (number | null)[] = [null, null, null]) {
  return loadRequestContext({ userId, sessionId: testSessionId(userId), withConversation: true, budget: { ...budgetParams(at), userDefaults, adminDefaults } });
}
const usedToday = async (userId: string, day: string) =>
  (await db.usageDay.findUnique({ where: { userId_day: { userId, day: new Date(day) } } }))?.messages ?? 0;

describe("budgets in the request gate", () => {
  it("50 parallel sends from a user with 1 message left accept exactly 1", async () => {
    const user = await createTestUser();
    const now = new Date();
    await db.usageDay.create({ data: { userId: user.id, day: new Date(now.toISOString().slice(0, 10)), messages: 4 } });
    const results = await Promise.all(Array.from({ length: 50 }, () => gate(user.id, now, [5, null, null])));
    expect(results.filter((r) => r.budget?.charged)).toHaveLength(1);
    expect(await usedToday(user.id, now.toISOString().slice(0, 10))).toBe(5);
  });

  it("50 parallel first sends of the day with a limit of 1 accept exactly 1 (no row yet)", async () => {
    const user = await createTestUser();
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 50 }, () => gate(user.id, now, [1, null, null])));
    expect(results.filter((r) => r.budget?.charged)).toHaveLength(1);
    expect(await usedToday(user.id, now.toISOString().slice(0, 10))).toBe(1);
  });

  it("tokens: a send is let through while under the limit (its run may cross it), the next one is refused", async () => {
    const user = await createTestUser();
    const now = new Date("2026-12-02T10:00:00Z");
    expect((await gate(user.id, now, [null, 100, null])).budget?.charged).toBe(true);
    // The run it started used 150 tokens: over the limit, and still counted in full.
    await insertPendingRuns([{ runId: `run-${user.id}`, userId: user.id, lettaConversationId: "conv-x", startedAt: now }]);
    await countRun({ runId: `run-${user.id}`, usage: { promptTokens: 100, completionTokens: 50, totalTokens: 150, stepCount: 1 }, countedAt: now });
    const refused = await gate(user.id, now, [null, 100, null]);
    expect(refused.budget).toMatchObject({ charged: false, used: { messagesToday: 1, tokensToday: 150, tokensThisMonth: 150 } });
    expect(await usedToday(user.id, "2026-12-02")).toBe(1); // a refused send costs no message
  });

  it("the day and the month roll over at UTC midnight and on the 1st, by the app's clock", async () => {
    const user = await createTestUser();
    const lastMinute = new Date("2026-12-31T23:59:30Z");
    setClockForTests(lastMinute);
    expect((await gate(user.id, lastMinute, [1, null, 500])).budget?.charged).toBe(true);
    expect((await gate(user.id, lastMinute, [1, null, 500])).budget?.charged).toBe(false);
    // A run started at 23:59:30 is counted after midnight: its tokens belong to 31 December and to December.
    await insertPendingRuns([{ runId: `run-nye-${user.id}`, userId: user.id, lettaConversationId: "conv-x", startedAt: lastMinute }]);
    const newYear = new Date("2027-01-01T00:00:05Z");
    setClockForTests(newYear);
    await countRun({ runId: `run-nye-${user.id}`, usage: { promptTokens: 400, completionTokens: 200, totalTokens: 600, stepCount: 1 }, countedAt: newYear });
    expect(await db.usageDay.findMany({ where: { userId: user.id }, select: { day: true, tokens: true, messages: true } })).toEqual([
      { day: new Date("2026-12-31"), tokens: 600n, messages: 1 },
    ]);
    expect(await db.usageMonth.findMany({ where: { userId: user.id }, select: { month: true, tokens: true } })).toEqual([
      { month: new Date("2026-12-01"), tokens: 600n },
    ]);
    // 1 January: a new day and a new month; December's 600 tokens (over its 500) no longer count.
    const next = await gate(user.id, newYear, [1, null, 500]);
    expect(next.budget).toMatchObject({ charged: true, used: { messagesToday: 0, tokensToday: 0, tokensThisMonth: 0 } });
    // Back on 31 December, the month limit would refuse.
    expect((await gate(user.id, new Date("2026-12-31T23:59:59Z"), [null, null, 500])).budget?.charged).toBe(false);
  });

  it("an override beats the role's default: unlimited, higher, lower, and 0 (none at all); admins have their own defaults", async () => {
    const user = await createTestUser();
    const now = new Date("2026-12-02T12:00:00Z");
    const charged = async () => (await gate(user.id, now, [1, null, null], [null, null, null])).budget?.charged;
    expect(await charged()).toBe(true);
    expect(await charged()).toBe(false); // the default: 1 a day
    await db.usageBudget.create({ data: { userId: user.id, messagesPerDay: 3 } });
    expect(await charged()).toBe(true);
    expect(await charged()).toBe(true);
    expect(await charged()).toBe(false); // higher: 3
    await db.usageBudget.update({ where: { userId: user.id }, data: { messagesPerDay: -1 } });
    expect(await charged()).toBe(true); // unlimited
    await db.usageBudget.update({ where: { userId: user.id }, data: { messagesPerDay: 0 } });
    const none = await gate(user.id, now, [1, null, null]);
    expect(none.budget).toMatchObject({ charged: false, limits: { messagesPerDay: 0 } });

    const admin = await createTestUser({ role: "ADMIN" });
    const adminGate = await gate(admin.id, now, [0, 0, 0], [null, null, 7]);
    expect(adminGate.budget).toMatchObject({ charged: true, limits: { messagesPerDay: null, tokensPerDay: null, tokensPerMonth: 7 } });
  });

  it("still one statement, and a disabled account is not charged", async () => {
    const user = await createTestUser({ disabled: true });
    const query = vi.spyOn(pool(), "query");
    try {
      const result = await gate(user.id, new Date(), [null, null, null]);
      expect(result.budget?.charged).toBe(false);
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      query.mockRestore();
    }
  });
});

describe("a refused send", () => {
  it("answers 429 quota:chat with a readable message, when it resets and the limit", async () => {
    const user = await createTestUser();
    setClockForTests(new Date("2026-12-02T20:48:00Z"));
    expect((await send(await requestAs(user.id))).status).toBe(200);
    expect((await send(await requestAs(user.id))).status).toBe(200);
    const refused = await send(await requestAs(user.id));
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      error: {
        code: "quota:chat",
        message: "You've used today's 2 messages. You can write again at 00:00 UTC, in 3 h 12 min.",
        resetAt: "2026-12-03T00:00:00.000Z",
        limit: 2,
        window: "messages_day",
      },
    });
  });

  it("over this month's tokens: resets on the 1st", async () => {
    const user = await createTestUser();
    const now = new Date("2026-12-30T22:00:00Z");
    setClockForTests(now);
    await db.usageMonth.create({ data: { userId: user.id, month: new Date("2026-12-01"), tokens: 1000n } });
    const refused = await send(await requestAs(user.id));
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      error: {
        code: "quota:chat",
        message: "You've used this month's 1,000 tokens. You can write again at 00:00 UTC on 1 Jan, in 1 d 2 h.",
        resetAt: "2027-01-01T00:00:00.000Z",
        limit: 1000,
        window: "tokens_month",
      },
    });
  });

  it("the per-minute limit is configurable (CHAT_MESSAGES_PER_MINUTE) and answers before the budget", async () => {
    expect(env().CHAT_MESSAGES_PER_MINUTE).toBe(100);
    const user = await createTestUser();
    await db.rateLimiterFlexible.create({ data: { key: `api_message:${user.id}`, points: 100, expire: new Date(Date.now() + 60_000) } });
    const refused = await send(await requestAs(user.id));
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe("rate_limit:message");
    expect(await db.usageDay.count({ where: { userId: user.id } })).toBe(0);
  });
});
