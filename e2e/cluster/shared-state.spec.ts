// What must hold across instances because it lives in Postgres, not in a process: one conversation per user,
// however many first sends race on however many instances, and one per-minute limit per user.
// API level: requests go straight to each instance in turn, so the spread is certain (nginx's round robin
// would also spread them, but not provably).
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { database } from "../helpers/db";
import { lettaClient } from "../helpers/letta-control";
import { persona } from "../helpers/session";
import { cluster, type ClusterState } from "./helpers/cluster";

test.beforeEach(async () => {
  await cluster.heal();
});

type Sent = { instance: string; status: number; code: string | null; message: string | null; text: string };

/** POST /api/chat/messages on one instance, read to the end (a 200 is the reply's stream). */
async function send(instance: ClusterState["instances"][number], cookie: string, text: string): Promise<Sent> {
  const response = await fetch(`${instance.url}/api/chat/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ text, otid: randomUUID() }),
  });
  const body = await response.text();
  let error: { code?: string; message?: string } | undefined;
  if (!response.ok) error = (JSON.parse(body) as { error?: { code?: string; message?: string } }).error;
  return { instance: instance.name, status: response.status, code: error?.code ?? null, message: error?.message ?? null, text };
}

const count = (values: (string | number)[]) =>
  values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [String(v)]: (acc[String(v)] ?? 0) + 1 }), {});

test("50 parallel first sends of a new user, alternating between the instances, make exactly one conversation", async ({ baseURL }) => {
  const user = await persona(baseURL!);
  const state = await cluster.state();
  const startedAt = new Date(Date.now() - 1000);
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) => send(state.instances[i % state.instances.length]!, user.cookie, `parallel first send ${i}`)),
  );

  // The limit (20 a minute) lets exactly 20 through, whichever instance they reached; the rest are told to wait.
  const statuses = count(results.map((r) => r.status));
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
  for (let i = 0; i < 22; i++) results.push(await send(instances[i % instances.length]!, user.cookie, `limit ${i}`));

  expect(results.slice(0, 20).map((r) => r.status)).toEqual(Array(20).fill(200));
  // The 21st and 22nd land on different instances; both know the user already sent 20 this minute.
  expect(new Set(results.slice(20).map((r) => r.instance)).size).toBe(2);
  for (const over of results.slice(20)) {
    expect(over).toMatchObject({ status: 429, code: "rate_limit:message" });
    expect(over.message).toMatch(/^You're going a bit fast\. Try again in \d+ seconds?\.$/);
  }
  await user.api.dispose();
});
