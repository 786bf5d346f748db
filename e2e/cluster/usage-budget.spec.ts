// The usage budget holds across instances because it is charged in Postgres, in the request gate's one
// statement, not counted in a process: a user with one message left whose sends race on both instances gets
// exactly one through. API level, like shared-state.spec.ts: requests go straight to each instance in turn, so the
// spread is certain (nginx's round robin would also spread them, but not provably).
import { database } from "../helpers/db";
import { persona } from "../helpers/session";
import { sendTo, tally } from "./helpers/api";
import { cluster } from "./helpers/cluster";
import { expect, test } from "./helpers/fixtures";

test("a user with 1 message left today: 50 parallel sends alternating between the instances accept exactly 1", async ({ baseURL }) => {
  const user = await persona(baseURL!);
  // An admin's per-user override (as PUT /api/admin/users/:id/budget writes it): 1 message a day, tokens unlimited.
  await database().query(
    `INSERT INTO "UsageBudget" ("userId", "messagesPerDay", "tokensPerDay", "tokensPerMonth", "updatedAt")
     VALUES ($1, 1, -1, -1, now() AT TIME ZONE 'UTC')`,
    [user.id],
  );
  const { instances } = await cluster.state();
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) => sendTo(instances[i % instances.length]!, user.cookie, `budget race ${i}`)),
  );

  // One send through; of the 20 the per-minute limit lets reach the budget, 19 are refused over it; 30 are rate limited.
  const codes = tally(results.map((r) => r.error?.code ?? r.status));
  expect(codes, JSON.stringify(codes)).toEqual({ 200: 1, "quota:chat": 19, "rate_limit:message": 30 });
  const refused = results.filter((r) => r.error?.code === "quota:chat");
  expect(new Set(refused.map((r) => r.instance)), "both instances refused over the budget").toEqual(new Set(instances.map((i) => i.name)));
  for (const r of refused) expect(r).toMatchObject({ status: 429, error: { limit: 1, resetAt: expect.stringMatching(/T00:00:00\.000Z$/) } });

  // The day's row says one message, whatever instance charged it.
  const { rows } = await database().query(`SELECT messages FROM "UsageDay" WHERE "userId" = $1`, [user.id]);
  expect(rows).toEqual([{ messages: 1 }]);
  await user.api.dispose();
});
