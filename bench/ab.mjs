#!/usr/bin/env node
// Side-by-side A/B of two builds: this checkout's `next start` and another checkout's (e.g. the commit before a
// change), both running at once on one local Letta server and one app database, requests alternating between
// them (and the direct upstream) in one loop, so machine-load drift hits both builds alike. Both need a
// production build (.next) already; the app schema must be the same in both.
//   DATABASE_URL=… node bench/ab.mjs <other-checkout> [history|ttft] [iterations] [concurrency]
// With a concurrency above 1 (ttft only), that many workers each send through both builds and directly in turn,
// one user each (issue #16: TTFT under 100 concurrent sends).
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
const CONCURRENCY = Number(process.argv[5] ?? 1);
const WARMUP = CONCURRENCY > 1 ? CONCURRENCY : 20;
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
  const users = await createUsers(db.appPool, mode === "ttft" ? Math.max(30, CONCURRENCY) : 12);
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
  const failures = { this: [], other: [], direct: [] };
  const rounds = async (worker, count, record) => {
    for (let i = 0; i < count; i++) {
      const u = CONCURRENCY > 1 ? users[worker] : users[i % users.length];
      for (const arm of (i + worker) % 2 ? ["other", "this", "direct"] : ["this", "other", "direct"]) {
        // A turn is read to its end, so the next send to this conversation is not refused as busy. Under
        // concurrency a failed turn is counted, not timed (the run goes on).
        const ms = CONCURRENCY > 1 ? await one(arm, u).catch((error) => (failures[arm].push(error.message), null)) : await one(arm, u);
        if (record && ms !== null) times[arm].push(ms);
      }
    }
  };
  const workers = (count, record) => Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => rounds(w, count, record)));
  await workers(Math.ceil(WARMUP / CONCURRENCY), false);
  await workers(Math.ceil(ITER / CONCURRENCY), true);
  const s = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summary(v)]));
  console.log(`${mode}: ${times.this.length} per arm (+${WARMUP} warm-up), ${CONCURRENCY} at once, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" / ")}, ${os.cpus().length} CPUs`);
  for (const k of ["this", "other", "direct"]) {
    console.log(`  ${k.padEnd(6)} p50 ${s[k].p50.toFixed(2)}  p95 ${s[k].p95.toFixed(2)}  p99 ${s[k].p99.toFixed(2)} ms, failed ${failures[k].length}${failures[k][0] ? ` (${failures[k][0].slice(0, 120)})` : ""}`);
  }
  console.log(`  added p50: this ${(s.this.p50 - s.direct.p50).toFixed(2)} ms, other ${(s.other.p50 - s.direct.p50).toFixed(2)} ms`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
await db?.cleanUp().catch(() => undefined);
await stopAll();
await otherServices.stopAll();
process.exit(process.exitCode ?? 0);
