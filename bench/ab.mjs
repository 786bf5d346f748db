#!/usr/bin/env node
// Side-by-side A/B of two builds: this checkout's `next start` and another checkout's (e.g. the commit before a
// change), both running at once on one local Letta server and one app database, requests alternating between
// them (and the direct upstream) in one loop, so machine-load drift hits both builds alike. Both need a
// production build (.next) already; the app schema must be the same in both.
//   DATABASE_URL=… node bench/ab.mjs <other-checkout> [history|ttft] [iterations]
// Prints p50 / p95 / p99 per arm and each build's p50 minus the direct arm's. Used for issue #7 (bench/README.md).
import os from "node:os";
import path from "node:path";
import Letta from "@letta-ai/letta-client";
import { stopAll } from "../scripts/lib/services.mjs";
import { fetchTurn } from "./lib/sse.mjs";
import { seedConversation, agentOf } from "./lib/seed.mjs";
import { startDatabases, startLetta, startNext } from "./lib/stack.mjs";
import { summary } from "./lib/stats.mjs";
import { createUsers, prepareUsers } from "./lib/users.mjs";

const [otherRoot, mode = "history", iterations = mode === "ttft" ? "200" : "300"] = process.argv.slice(2);
if (!otherRoot) {
  console.error("Usage: node bench/ab.mjs <other-checkout> [history|ttft] [iterations]");
  process.exit(2);
}
const ITER = Number(iterations);
const WARMUP = 20;
const other = await import(path.resolve(otherRoot, "bench/lib/stack.mjs"));
const otherServices = await import(path.resolve(otherRoot, "scripts/lib/services.mjs"));

let db;
try {
  db = await startDatabases();
  const letta = await startLetta({ databaseUrl: db.lettaUrl, schema: db.lettaSchema });
  const arms = {
    other: (await other.startNext({ databaseUrl: db.appUrl, lettaUrl: letta.url })).url,
    this: (await startNext({ databaseUrl: db.appUrl, lettaUrl: letta.url })).url,
  };
  // Enough users that neither limit is reached: 20 sends or 240 pages a minute each, shared by both builds.
  const users = await createUsers(db.appPool, mode === "ttft" ? 30 : 12);
  await prepareUsers({ baseUrl: arms.this, lettaUrl: letta.url, pool: db.appPool, users });
  const agentId = await agentOf(db.lettaPool, db.lettaSchema, users[0].conversationId);
  for (const u of users) await seedConversation(db.lettaPool, db.lettaSchema, { conversationId: u.conversationId, agentId, count: 100 });
  const sdk = new Letta({ baseURL: letta.url, apiKey: null, maxRetries: 0 });

  const page = async (arm, u) => {
    const url = arm === "direct" ? `${letta.url}/v1/conversations/${u.conversationId}/messages?order=desc&limit=50` : `${arms[arm]}/api/chat/messages?limit=50`;
    const t0 = performance.now();
    const response = await fetch(url, { headers: arm === "direct" ? {} : { cookie: u.cookie } });
    await response.text();
    if (!response.ok) throw new Error(`${arm}: HTTP ${response.status}`);
    return performance.now() - t0;
  };
  const turn = async (arm, u) => {
    const text = `hello ${Math.random()}`;
    const otid = crypto.randomUUID();
    const result = await fetchTurn(() => (arm === "direct"
      ? sdk.conversations.messages.create(u.conversationId, { messages: [{ role: "user", content: text, otid }], stream_tokens: true, background: true, include_pings: true }).asResponse()
      : fetch(`${arms[arm]}/api/chat/messages`, { method: "POST", headers: { cookie: u.cookie, "content-type": "application/json" }, body: JSON.stringify({ text, otid }) })));
    if (!result.ok) throw new Error(`${arm}: ${result.error}`);
    return result.ttftMs;
  };
  const one = mode === "ttft" ? turn : page;
  const times = { this: [], other: [], direct: [] };
  for (let i = 0; i < ITER + WARMUP; i++) {
    const u = users[i % users.length];
    for (const arm of i % 2 ? ["other", "this", "direct"] : ["this", "other", "direct"]) {
      const ms = await one(arm, u); // a turn is read to its end, so the next send to this conversation is not refused as busy
      if (i >= WARMUP) times[arm].push(ms);
    }
  }
  const s = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summary(v)]));
  console.log(`${mode}: ${ITER} per arm (+${WARMUP} warm-up), load average ${os.loadavg().map((x) => x.toFixed(1)).join(" / ")}, ${os.cpus().length} CPUs`);
  for (const k of ["this", "other", "direct"]) console.log(`  ${k.padEnd(6)} p50 ${s[k].p50.toFixed(2)}  p95 ${s[k].p95.toFixed(2)}  p99 ${s[k].p99.toFixed(2)} ms`);
  console.log(`  added p50: this ${(s.this.p50 - s.direct.p50).toFixed(2)} ms, other ${(s.other.p50 - s.direct.p50).toFixed(2)} ms`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
await db?.cleanUp().catch(() => undefined);
await stopAll();
await otherServices.stopAll();
process.exit(process.exitCode ?? 0);
