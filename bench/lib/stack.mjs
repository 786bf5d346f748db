// The system under test, started the way scripts/test.mjs starts it (same helpers), plus /proc readings of
// the processes we started. Everything binds 127.0.0.1 on free ports and is stopped by stopAll().
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import {
  BIN, ROOT, deployMigrations, freePort, httpOk, startEmbeddedPostgres, startService, waitFor,
} from "../../scripts/lib/services.mjs";
import { Nginx } from "../../scripts/lib/cluster/nginx.mjs";
import { exited, onExit, which } from "../../scripts/lib/cluster/processes.mjs";

export const AUTH_SECRET = process.env.AUTH_SECRET || "bench-secret-0123456789abcdef0123456789";

/**
 * Databases, as `npm test` picks them: DATABASE_URL when set (a real Postgres gives production-like numbers;
 * the bench users and the Letta schema it adds are removed at the end), else two throwaway embedded Postgres
 * (PGlite, in memory): one for the app, one for the local Letta server. LETTA_LOCAL_DATABASE_URL is honoured
 * (npm test sets it to its own embedded instance). The Letta schema is always a fresh one, so seeding is ours.
 */
export async function startDatabases() {
  let appUrl = process.env.DATABASE_URL;
  let lettaUrl = process.env.LETTA_LOCAL_DATABASE_URL;
  const embedded = !appUrl;
  if (embedded) {
    const memory = async (name) => (await startEmbeddedPostgres({ name, port: await freePort(), args: ["--memory", "--no-shadow"] })).url;
    [appUrl, lettaUrl] = await Promise.all([memory("bench-db"), lettaUrl ? lettaUrl : memory("bench-letta-db")]);
  }
  lettaUrl ??= appUrl;
  if ((await deployMigrations(appUrl)) !== 0) throw new Error("Applying the app's migrations failed (see above).");
  const lettaSchema = `letta_bench_${randomBytes(4).toString("hex")}`;
  const appPool = new pg.Pool({ connectionString: appUrl, max: 4 });
  // npm test hands us its own embedded database through DATABASE_URL: say which kind the numbers came from.
  const { rows } = await appPool.query("SELECT version() AS v");
  const pglite = embedded || /emscripten|wasm|emcc/i.test(rows[0].v);
  return {
    appUrl, lettaUrl, lettaSchema, kind: pglite ? "embedded PGlite (in memory)" : `${describeServer(appUrl)} (${rows[0].v.split(" on ")[0]})`,
    appPool,
    lettaPool: new pg.Pool({ connectionString: lettaUrl, max: 2 }),
    /** Leaves a shared server as we found it; throwaway embedded ones just go away with their process. */
    async cleanUp() {
      if (!embedded) {
        await this.appPool.query(`DELETE FROM "User" WHERE email LIKE 'bench-%@bench.invalid'`).catch(() => undefined);
      }
      await this.lettaPool.query(`DROP SCHEMA IF EXISTS "${lettaSchema}" CASCADE`).catch(() => undefined);
      await Promise.all([this.appPool.end(), this.lettaPool.end()]);
    },
  };
}

function describeServer(url) {
  try {
    const u = new URL(url);
    return `PostgreSQL server at ${u.hostname}:${u.port || 5432}`;
  } catch {
    return "PostgreSQL server";
  }
}

/** The local Letta server on a fresh schema: no token delay (benchmarks pace replies per send), /_control on. */
export async function startLetta({ databaseUrl, schema }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env, LETTA_LOCAL_PORT: String(port), LETTA_LOCAL_DATABASE_URL: databaseUrl, LETTA_LOCAL_SCHEMA: schema,
    LETTA_LOCAL_TOKEN_DELAY_MS: "0", LETTA_LOCAL_CONTROL: "1",
  };
  const child = startService("bench-letta", BIN("tsx"), ["letta-local/src/main.ts"], { env, prefix: "letta" });
  await waitFor("Local Letta server", () => httpOk(`${url}/v1/health/`), { child });
  return { url, child };
}

/** Environment for `next start` / `next dev`: only what the app reads, pointed at our databases and Letta. */
export function appEnv({ databaseUrl, lettaUrl, extra = {} }) {
  const env = { ...process.env, ...extra };
  for (const name of ["LETTA_API_KEY", "LETTA_LOCAL_CONTROL_URL", "E2E_PORT", "NODE_OPTIONS"]) delete env[name];
  return {
    ...env, NEXT_TELEMETRY_DISABLED: "1", AUTH_TRUST_HOST: "true", AUTH_SECRET, DATABASE_URL: databaseUrl,
    LETTA_BASE_URL: lettaUrl, ...extra,
  };
}

/** The node flags `npm start` gives the server (package.json's start script), so the bench runs it as deployed. */
function startFlags() {
  const start = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.start;
  return start.match(/--max-semi-space-size=\d+|--import=\S+/g) ?? [];
}

/**
 * `next start` on the existing build, run by node itself with the inspector on a free loopback port (the bench
 * reads live heap through it: bench/lib/inspector.mjs). `cpuProfileDir`: also write a V8 CPU profile on exit
 * (--cpu-prof is not allowed in NODE_OPTIONS; `next start` serves in-process, so the flags reach the server).
 */
export async function startNext({ databaseUrl, lettaUrl, cpuProfileDir }) {
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("No production build (.next/BUILD_ID): run without --skip-build.");
  const [port, inspectPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const flags = [...startFlags(), `--inspect=127.0.0.1:${inspectPort}`, ...(cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : [])];
  const child = startService("bench-next", process.execPath, [...flags, path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: appEnv({ databaseUrl, lettaUrl }), prefix: "next",
  });
  await waitFor("next start", () => httpOk(`${url}/sign-in`, 5000), { child, timeoutMs: 90_000 });
  return { url, child, inspectPort };
}

/**
 * nginx in front of `instances` (each { port }), configured exactly as the cluster test configures it
 * (scripts/lib/cluster/nginx.mjs: deploy/nginx/threadline.conf with this run's ports, in Debian's stock http
 * settings), in a temp dir of its own. `stop()` stops it and removes the dir.
 */
export async function startBalancer({ instances }) {
  if (!which("nginx")) throw new Error("nginx is not installed (Debian: apt-get install -y nginx)");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "threadline-bench-nginx-"));
  fs.chmodSync(tmp, 0o755); // nginx's workers run as www-data when we are root
  const nginx = new Nginx({ tmp, port: await freePort(), instances });
  await nginx.start();
  return {
    url: nginx.url, child: nginx.child,
    async stop() {
      await stopChild(nginx.child, "SIGQUIT"); // nginx: graceful stop
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Stops one service started by startService (its whole process group) before the run ends: SIGKILL after 5 s. */
export async function stopChild(child, signal = "SIGTERM") {
  if (!child || exited(child)) return;
  const kill = (s) => { try { process.kill(-child.pid, s); } catch { /* gone */ } };
  const timer = setTimeout(() => kill("SIGKILL"), 5000);
  kill(signal);
  await onExit(child);
  clearTimeout(timer);
}

// ---- /proc readings (Linux) ----------------------------------------------------------------------------

const CLOCK_TICKS = 100; // getconf CLK_TCK on Linux x86-64
const PAGE_BYTES = 4096;

/** Pids in a process group: `next` forks `next-server`, `tsx` forks node; we count the whole group. */
export function groupPids(pgid) {
  const pids = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat && stat.pgrp === pgid) pids.push(Number(name));
  }
  return pids;
}

function readStat(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" "); // fields[0] is field 3 (state)
    return { pgrp: Number(fields[2]), cpuTicks: Number(fields[11]) + Number(fields[12]), rssPages: Number(fields[21]) };
  } catch {
    return null; // exited
  }
}

/** CPU seconds (user + system) and RSS bytes, summed over the given pids. */
export function usage(pids) {
  let ticks = 0;
  let pages = 0;
  for (const pid of pids) {
    const stat = readStat(pid);
    if (!stat) continue;
    ticks += stat.cpuTicks;
    pages += stat.rssPages;
  }
  return { cpuS: ticks / CLOCK_TICKS, rssBytes: pages * PAGE_BYTES };
}

/** Samples usage() every `everyMs` until stopped; returns the samples with their time (performance.now()). */
export function sampler(pids, everyMs = 200) {
  const samples = [{ t: performance.now(), ...usage(pids) }];
  const timer = setInterval(() => samples.push({ t: performance.now(), ...usage(pids) }), everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      samples.push({ t: performance.now(), ...usage(pids) });
      return samples;
    },
  };
}

/**
 * The kernel's count of connections dropped because a listen queue was full (TcpExt ListenOverflows), machine-wide.
 * A server whose event loop is too busy to accept() in time overflows its backlog (Node's default is 511).
 */
export function listenOverflows() {
  try {
    const lines = fs.readFileSync("/proc/net/netstat", "utf8").split("\n").filter((l) => l.startsWith("TcpExt:"));
    const names = lines[0].split(" ");
    return Number(lines[1].split(" ")[names.indexOf("ListenOverflows")]);
  } catch {
    return NaN;
  }
}

/** Machine-wide CPU ticks (all cores) from /proc/stat: how busy the whole box was, load generator included. */
export function machineTicks() {
  try {
    const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return { idle: NaN, total: NaN };
  }
}

/** The sample closest to time t. */
export function sampleAt(samples, t) {
  let best = samples[0];
  for (const s of samples) if (Math.abs(s.t - t) < Math.abs(best.t - t)) best = s;
  return best;
}
