// What must hold across instances because it lives in Postgres, not in a process: one conversation per user,
// however many first sends race on however many instances, and one per-minute limit per user.
// API level: requests go straight to each instance in turn, so the spread is certain (nginx's round robin
// would also spread them, but not provably).
import { database } from "../helpers/db";
import { lettaClient } from "../helpers/letta-control";
import { persona } from "../helpers/session";
import { sendTo, tally, type Sent } from "./helpers/api";
import { cluster } from "./helpers/cluster";
import { expect, test } from "./helpers/fixtures";

test("50 parallel first sends of a new user, alternating between the instances, make exactly one conversation", async ({ baseURL }) => {
  const user = await persona(baseURL!);
  const state = await cluster.state();
  const startedAt = new Date(Date.now() - 1000);
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) => sendTo(state.instances[i % state.instances.length]!, user.cookie, `parallel first send ${i}`)),
  );

  // The limit (20 a minute) lets exactly 20 through, whichever instance they reached; the rest are told to wait.
  const statuses = tally(results.map((r) => r.status));
  expect(statuses["429"], JSON.stringify(statuses)).toBe(30);
  expect((statuses["200"] ?? 0) + (statuses["409"] ?? 0), JSON.stringify(statuses)).toBe(20);
  expect(statuses["200"]).toBeGreaterThanOrEqual(1);
  const admitted = results.filter((r) => r.status !== 429);
  expect(new Set(admitted.map((r) => r.instance)), "both instances admitted first sends").toEqual(new Set(state.instances.map((i) => i.name)));

  // One mapping row, one Letta conversation created for it.
  const { rows } = await database().query(`SELECT "lettaConversationId" AS id, "agentId" FROM "Conversation" WHERE "userId" = $1`, [user.id]);
  expect(rows).toHaveLength(1);
  const letta = await lettaClient();
  const created = (await letta.conversations.list({ agent_id: rows[0].agentId, order: "desc", limit: 200 }))
    .filter((c) => c.created_at && new Date(c.created_at) >= startedAt);
  expect(created.map((c) => c.id)).toEqual([rows[0].id]);

  // Every send that got a reply is in that one conversation.
  const history = await user.api.get("/api/chat/messages?limit=100");
  const stored = ((await history.json()) as { items: { kind: string; text?: string }[] }).items.filter((i) => i.kind === "user").map((i) => i.text);
  expect(stored.sort()).toEqual(results.filter((r) => r.status === 200).map((r) => r.text).sort());
  await user.api.dispose();
});

test("the per-minute message limit counts sends on every instance", async ({ baseURL }) => {
  const user = await persona(baseURL!);
  const { instances } = await cluster.state();
  const results: Sent[] = [];
  // One after another (each reply read to its end), alternating: a, b, a, b…
  for (let i = 0; i < 22; i++) results.push(await sendTo(instances[i % instances.length]!, user.cookie, `limit ${i}`));

  expect(results.slice(0, 20).map((r) => r.status)).toEqual(Array(20).fill(200));
  // The 21st and 22nd land on different instances; both know the user already sent 20 this minute.
  expect(new Set(results.slice(20).map((r) => r.instance)).size).toBe(2);
  for (const over of results.slice(20)) {
    expect(over).toMatchObject({ status: 429, error: { code: "rate_limit:message" } });
    expect(over.error?.message).toMatch(/^You're going a bit fast\. Try again in \d+ seconds?\.$/);
  }
  await user.api.dispose();
});
