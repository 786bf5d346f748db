// The limit table has one format, whichever way it is written: the request gate's SQL (one round trip on the
// send path) and rate-limiter-flexible (sign-in limits) read each other's windows. Real Postgres.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { apiLimitWindow, persistentLimiter } from "@/lib/db/rate-limits";
import { loadRequestContext } from "@/lib/db/request-context";
import { createTestUser, testSessionId } from "../helpers/users";

// The library's view of the API's message limit: same key prefix, same window.
const library = persistentLimiter({ keyPrefix: "api_message", points: 20, durationSeconds: 60 });
const gate = (userId: string) => loadRequestContext({ userId, sessionId: testSessionId(userId), rateLimit: apiLimitWindow("message", userId), withConversation: false });

describe("the limit table (lib/db/rate-limits.ts)", () => {
  afterAll(() => db.$disconnect());

  it("counts the gate's points where rate-limiter-flexible reads them", async () => {
    const user = await createTestUser();
    for (let i = 0; i < 3; i++) await gate(user.id);
    const seen = await library.get(user.id);
    expect(seen?.consumedPoints).toBe(3);
    expect(seen?.remainingPoints).toBe(17);
    expect(seen!.msBeforeNext).toBeGreaterThan(50_000);
    expect(seen!.msBeforeNext).toBeLessThanOrEqual(60_000);
  });

  it("continues a window rate-limiter-flexible started, to the same end", async () => {
    const user = await createTestUser();
    await library.consume(user.id);
    const started = await library.consume(user.id);
    const { rate } = await gate(user.id);
    expect(rate?.points).toBe(3);
    // The same window: it ends when the library said it would (within the time between the two calls).
    expect(Math.abs(rate!.msBeforeNext - started.msBeforeNext)).toBeLessThan(5_000);
  });

  it("reads the user without their conversation when the route does not need it", async () => {
    const user = await createTestUser();
    await db.conversation.create({ data: { userId: user.id, lettaConversationId: `conv-${user.id}`, agentId: "agent-1" } });
    expect((await gate(user.id)).conversation).toBeNull();
    const joined = await loadRequestContext({ userId: user.id, sessionId: testSessionId(user.id), withConversation: true });
    expect(joined.conversation).toEqual({ userId: user.id, lettaConversationId: `conv-${user.id}`, agentId: "agent-1" });
    expect(joined.rate).toBeNull();
  });
});
