#!/usr/bin/env node
// `npm run bench`: Threadline's benchmarks against a production build, each figure measured side by side with a
// direct baseline in the same run (see bench/README.md for what each one means and how to read it).
//   npm run bench                 full run (a few minutes on 2 cores; builds first)
//   npm run bench -- --quick      smaller version (under a minute once built); `npm test` runs it as a smoke check
// Options: --skip-build (reuse .next), --only=ttft,stream,floor,history,browser,startup,scaleout (scaleout is opt-in:
//   the 100-concurrent burst through 1 and 2 `next start` behind nginx), --profile (CPU profile of the Next server,
//   summarised for the streaming window), --streams=250,1000 (streaming levels; the targets are read
//   at 1,000, or at the largest level when 1,000 is not run), --report=FILE ({ passed, failed } for scripts/test.mjs).
// Env: DATABASE_URL (a real Postgres gives production-like numbers; else throwaway embedded ones), CHROMIUM_PATH.
// Exits 1 only on errors (a benchmark that could not run, or an arm where every request failed), never on numbers.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BIN, ROOT, ensurePrismaClient, exitOnSignals, run, stopAll } from "../scripts/lib/services.mjs";
import { runBrowser } from "./lib/browser.mjs";
import { runFirstPaint } from "./lib/first-paint.mjs";
import { runFloor } from "./lib/floor.mjs";
import { runHistory } from "./lib/history.mjs";
import { connectInspector } from "./lib/inspector.mjs";
import { summariseProfile } from "./lib/profile.mjs";
import { evaluateTargets, markdown } from "./lib/report.mjs";
import { groupPids, startDatabases, startLetta, startNext } from "./lib/stack.mjs";
import { runStartup } from "./lib/startup.mjs";
import { runStreaming } from "./lib/streaming.mjs";
import { round, withTimeout } from "./lib/stats.mjs";
import { runScaleout, runTtft } from "./lib/ttft.mjs";
import { createUsers, prepareUsers } from "./lib/users.mjs";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const option = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const ALL = ["ttft", "stream", "floor", "history", "browser", "startup"];
// Opt-in (not in ALL): scaleout, the 100-concurrent burst through one `next start`, nginx → one, nginx → two.
const only = new Set(option("only")?.split(",") ?? ALL);

const CONFIG = quick ? {
  ttft1: { pairs: 40, warmupPairs: 5 }, ttftConcurrent: { concurrency: 50, pairs: 50, warmupPairs: 50 },
  scaleout: { concurrency: 50, pairsPerWorker: 1, rounds: 4 },
  streams: [100], targetStreams: 100, tokens: 30, tokenDelayMs: 100, rampS: 1,
  floor: { ttft: { pairs: 20, warmup: 3 }, streams: 50, tokens: 30, tokenDelayMs: 100, rampS: 1, replies: 3, replyTokens: 1000, replyTokenDelayMs: 2 },
  history: { sizes: [100, 10_000], samples: 20, warmup: 3 },
  browser: { messages: 200, replyTokens: 100, tokenDelayMs: 10 },
  firstPaint: { messages: 50, loads: 5, warmup: 1 },
  startup: { runs: 1, dev: false },
} : {
  ttft1: { pairs: 200, warmupPairs: 20 }, ttftConcurrent: { concurrency: 100, pairs: 200, warmupPairs: 100 },
  // The ttft_100 burst (2 pairs per worker) in each of four arms, 4 rounds (each arm first once).
  scaleout: { concurrency: 100, pairsPerWorker: 2, rounds: 4 },
  // 250: below what one Next process sustains here (a control); the targets are set at 1,000.
  streams: [250, 1000, 2000], targetStreams: 1000, tokens: 120, tokenDelayMs: 100, rampS: 4,
  // The floor's streaming level: below saturation, so CPU per chunk is not inflated by queueing in either arm.
  floor: { ttft: { pairs: 100, warmup: 10 }, streams: 250, tokens: 120, tokenDelayMs: 100, rampS: 4, replies: 10, replyTokens: 1000, replyTokenDelayMs: 5 },
  history: { sizes: [100, 100_000], samples: 100, warmup: 10 },
  browser: { messages: 2000, replyTokens: 1000, tokenDelayMs: 10 },
  firstPaint: { messages: 50, loads: 30, warmup: 2 },
  startup: { runs: 3, dev: true },
};
const streamLevels = option("streams")?.split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0);
if (streamLevels?.length) {
  CONFIG.streams = streamLevels;
  if (!streamLevels.includes(CONFIG.targetStreams)) CONFIG.targetStreams = Math.max(...streamLevels);
}

// Each open stream holds a descriptor on each side of two hops; the live-memory probe needs a WebSocket client
// (--experimental-websocket on Node 20). Re-run ourselves under a raised `ulimit -n` and with the flag if needed.
const needFds = Math.max(...CONFIG.streams) * 2 + 1024;
const softLimit = Number(execFileSync("sh", ["-c", "ulimit -n"]).toString().trim());
if ((softLimit < needFds || typeof WebSocket === "undefined") && !process.env.BENCH_REEXEC) {
  const flags = typeof WebSocket === "undefined" ? ["--experimental-websocket"] : [];
  const raise = softLimit < needFds ? `ulimit -n ${needFds} && ` : "";
  const result = spawnSync("sh", ["-c", `${raise}exec "$0" "$@"`, process.execPath, ...flags, ...process.argv.slice(1)], {
    stdio: "inherit", env: { ...process.env, BENCH_REEXEC: "1" },
  });
  process.exit(result.status ?? 1);
}

exitOnSignals();
const started = new Date();
const t0 = performance.now();
const loadBefore = os.loadavg().map((x) => round(x, 1)); // the machine is shared: say how busy it was
const stamp = started.toISOString().replace(/[:T]/g, "-").slice(0, 19);
const resultsDir = path.join(ROOT, "bench/results");
fs.mkdirSync(resultsDir, { recursive: true });
const profileDir = argv.includes("--profile") ? path.join(resultsDir, `profile-${stamp}`) : undefined;
const results = {};
const errors = [];
let database;
let inspector = null;

/** One benchmark: bounded in time, its error recorded and the run continued. */
async function bench(name, key, minutes, fn) {
  if (!only.has(name)) return;
  const t = performance.now();
  console.log(`\n━━ bench: ${key}`);
  try {
    results[key] = await withTimeout(fn(), minutes * 60_000, key);
    console.log(`   done in ${round((performance.now() - t) / 1000, 1)} s`);
  } catch (error) {
    errors.push(`${key}: ${error.message}`);
    console.error(`✖ ${key}: ${error.stack ?? error.message}`);
  }
}

try {
  if (!argv.includes("--skip-build")) {
    console.log("━━ build (next build; --skip-build reuses .next)");
    if ((await ensurePrismaClient()) !== 0 || (await run(BIN("next"), ["build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } })) !== 0) {
      throw new Error("the production build failed");
    }
  }
  console.log("━━ starting Postgres, the local Letta server and `next start`");
  database = await startDatabases();
  const letta = await startLetta({ databaseUrl: database.lettaUrl, schema: database.lettaSchema });
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const next = await startNext({ databaseUrl: database.appUrl, lettaUrl: letta.url, cpuProfileDir: profileDir });
  const [nextPids, lettaPids] = [groupPids(next.child.pid), groupPids(letta.child.pid)];
  inspector = await connectInspector(next.inspectPort).catch((error) => {
    console.warn(`   (no live-memory probe: ${error.message})`);
    return null;
  });
  const maxStreams = Math.max(only.has("stream") ? Math.max(...CONFIG.streams) : 0, only.has("floor") ? CONFIG.floor.streams : 0, 60);
  const t1 = performance.now();
  // scaleout: a set of users per round and one for its warm-up, after ttft_100's, so nobody nears the 20 sends/min limit.
  const scaleoutUsers = only.has("scaleout") ? CONFIG.ttftConcurrent.concurrency + (CONFIG.scaleout.rounds + 1) * CONFIG.scaleout.concurrency : 0;
  const users = await createUsers(database.appPool, Math.max(maxStreams, CONFIG.ttftConcurrent.concurrency, scaleoutUsers) + 5);
  await prepareUsers({ baseUrl: next.url, lettaUrl: letta.url, pool: database.appPool, users });
  console.log(`   ${users.length} users signed in over HTTP, each with a conversation, in ${round((performance.now() - t1) / 1000, 1)} s`);
  const [histShort, histLong, browserUser, emptyUser, paintUser] = users.splice(-5); // dedicated: seeded conversations
  const common = { baseUrl: next.url, lettaUrl: letta.url };

  await bench("ttft", "ttft_1", 5, () => runTtft({ ...common, users: users.slice(0, 30), concurrency: 1, nextPids, ...CONFIG.ttft1 }));
  await bench("ttft", `ttft_${CONFIG.ttftConcurrent.concurrency}`, 5, () => runTtft({ ...common, users, nextPids, ...CONFIG.ttftConcurrent }));
  await bench("scaleout", "scaleout", 6, () => {
    const n = CONFIG.scaleout.concurrency;
    const first = CONFIG.ttftConcurrent.concurrency;
    const userSets = Array.from({ length: CONFIG.scaleout.rounds + 1 }, (_, i) => users.slice(first + i * n, first + (i + 1) * n));
    return runScaleout({ next, databaseUrl: database.appUrl, lettaUrl: letta.url, lettaPids, userSets, ...CONFIG.scaleout });
  });
  for (const [i, n] of CONFIG.streams.entries()) {
    await bench("stream", `stream_${n}`, 8, () => runStreaming({
      ...common, users, n, tokens: CONFIG.tokens, tokenDelayMs: CONFIG.tokenDelayMs, rampS: CONFIG.rampS, nextPids, lettaPids, proxyFirst: i % 2 === 1, inspector, heapDiff: Boolean(profileDir) && i === 0,
    }));
  }
  // Users 30–59 for the floor's turns (ttft_1 rotates over 0–29), so nobody nears the 20 sends/min limit.
  await bench("floor", "floor", 6, () => runFloor({
    ...common, users: [...users.slice(30, 60), ...users.slice(0, 30), ...users.slice(60)], nextPids, lettaPids, proxyFirst: CONFIG.streams.length % 2 === 1, ...CONFIG.floor,
  }));
  await bench("history", "history", 5, () => runHistory({ ...common, lettaPool: database.lettaPool, lettaSchema: database.lettaSchema, users: [histShort, histLong], ...CONFIG.history }));
  await bench("browser", "browser", 5, () => runBrowser({ ...common, lettaPool: database.lettaPool, lettaSchema: database.lettaSchema, user: browserUser, emptyUser, ...CONFIG.browser }));
  await bench("browser", "first_paint", 3, () => runFirstPaint({ ...common, lettaPool: database.lettaPool, lettaSchema: database.lettaSchema, user: paintUser, ...CONFIG.firstPaint }));
  await bench("startup", "startup", 6, () => runStartup({ databaseUrl: database.appUrl, lettaUrl: letta.url, ...CONFIG.startup }));
} catch (error) {
  errors.push(`set-up: ${error.message}`);
  console.error(`✖ ${error.stack ?? error.message}`);
}

inspector?.close();
await database?.cleanUp().catch(() => undefined);
await stopAll(); // also makes `next start` write its CPU profile (--profile)
if (profileDir) {
  // Where the Next server's CPU went during the measured turns (1 and 100 at once) and while the largest number of streams were open.
  const file = fs.readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile")).map((f) => path.join(profileDir, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  const ttftN = `ttft_${CONFIG.ttftConcurrent.concurrency}`;
  const windows = {
    ttft_1: results.ttft_1?.profile_window_us, [ttftN]: results[ttftN]?.profile_window_us,
    [`stream_${CONFIG.streams.at(-1)}`]: results[`stream_${CONFIG.streams.at(-1)}`]?.proxy?.profile_window_us,
    floor_streaming: results.floor?.streaming?.profile_window_us, floor_reply_cost: results.floor?.reply_cost?.proxy?.profile_window_us,
  };
  if (file) {
    results.profile = { file: path.relative(ROOT, file) };
    for (const [key, window] of Object.entries(windows)) if (window) results.profile[key] = summariseProfile(file, { top: 15, window });
  }
}

// A whole arm failing is an error (the bench measured nothing), not a number to report.
for (const [key, x] of Object.entries(results)) {
  for (const arm of ["proxy", "direct"]) {
    if (x?.[arm]?.failed === x?.[arm]?.streams && x?.[arm]?.streams) errors.push(`${key}: every ${arm} stream failed (${x[arm].errors.join("; ")})`);
    const n = x?.[`${arm}_ms`]?.n;
    if (n === 0) errors.push(`${key}: every ${arm} request failed (${x.errors?.join("; ")})`);
  }
}
for (const [name, x] of Object.entries(results.scaleout?.arms ?? {})) {
  if (x.proxy_ms.n === 0) errors.push(`scaleout ${name}: every send through Threadline failed (${x.errors.join("; ")})`);
}
const result = {
  meta: {
    mode: quick ? "quick" : "full", started: started.toISOString(), duration_s: round((performance.now() - t0) / 1000, 0),
    cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? "unknown", load_before: loadBefore, load_after: os.loadavg().map((x) => round(x, 1)),
    node: process.versions.node, database: database?.kind ?? "not started", config: CONFIG, only: [...only],
  },
  results, targets: evaluateTargets(results, CONFIG.streams, CONFIG.targetStreams), errors,
};
const base = path.join(resultsDir, `${stamp}-${result.meta.mode}`);
fs.writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
const table = markdown(result);
fs.writeFileSync(`${base}.md`, `${table}\n`);
console.log(`\n${table}\n\nResults: ${path.relative(ROOT, base)}.json (and .md)`);
const report = option("report");
if (report) fs.writeFileSync(path.resolve(ROOT, report), JSON.stringify({ passed: errors.length ? 0 : 1, failed: errors.length ? 1 : 0, errors }));
process.exit(errors.length ? 1 : 0);
