// The usage budget holds across instances because it is charged in Postgres, in the request gate's one
// statement, not counted in a process: a user with one message left whose sends race on both instances gets
// exactly one through. API level, like shared-state.spec.ts: requests go straight to each instance in turn, so the
// spread is certain (nginx's round robin would also spread them, but not provably).
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { database } from "../helpers/db";
import { persona } from "../helpers/session";
import { cluster, type ClusterState } from "./helpers/cluster";

test.beforeEach(async () => {
  await cluster.heal();
});

type Sent = { instance: string; status: number; code: string | null; resetAt: string | null; limit: number | null };

/** POST /api/chat/messages on one instance, read to the end (a 200 is the reply's stream). */
async function send(instance: ClusterState["instances"][number], cookie: string, text: string): Promise<Sent> {
  const response = await fetch(`${instance.url}/api/chat/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ text, otid: randomUUID() }),
  });
  const body = await response.text();
  const error = response.ok ? undefined : (JSON.parse(body) as { error?: { code?: string; resetAt?: string; limit?: number } }).error;
  return { instance: instance.name, status: response.status, code: error?.code ?? null, resetAt: error?.resetAt ?? null, limit: error?.limit ?? null };
}

const count = (values: (string | number | null)[]) =>
  values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [String(v)]: (acc[String(v)] ?? 0) + 1 }), {});

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
    Array.from({ length: 50 }, (_, i) => send(instances[i % instances.length]!, user.cookie, `budget race ${i}`)),
  );

  // One send through; of the 20 the per-minute limit lets reach the budget, 19 are refused over it; 30 are rate limited.
  const codes = count(results.map((r) => r.code ?? r.status));
  expect(codes, JSON.stringify(codes)).toEqual({ 200: 1, "quota:chat": 19, "rate_limit:message": 30 });
  const refused = results.filter((r) => r.code === "quota:chat");
  expect(new Set(refused.map((r) => r.instance)), "both instances refused over the budget").toEqual(new Set(instances.map((i) => i.name)));
  for (const r of refused) expect(r).toMatchObject({ status: 429, limit: 1, resetAt: expect.stringMatching(/T00:00:00\.000Z$/) });

  // The day's row says one message, whatever instance charged it.
  const { rows } = await database().query(`SELECT messages FROM "UsageDay" WHERE "userId" = $1`, [user.id]);
  expect(rows).toEqual([{ messages: 1 }]);
  await user.api.dispose();
});
