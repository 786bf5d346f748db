// Benchmark 5: start-up. (a) `npm run dev` (scripts/dev.mjs) in a temporary copy of the repo with no .data and
// no .next, i.e. a first run after clone + install, until the sign-in page answers; then again in the same copy
// (warm: data directories and Turbopack's cache kept). (b) `next start` on the
// existing build until the sign-in page answers. Baseline for both: a bare `node` HTTP server's start to its first
// answer on this machine, so the figures read as "seconds above starting Node at all".
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BIN, ROOT, freePort, portAnswers } from "../../scripts/lib/services.mjs";
import { appEnv } from "./stack.mjs";
import { percentile, round, sleep } from "./stats.mjs";

/** Status of GET url, or 0 when nothing answers yet. */
async function status(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000), redirect: "manual" });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}

/** Spawns a command in its own process group and times it until `url` answers 200; always stops the group. */
async function timeUntilOk(command, args, { cwd, env, url, timeoutMs, log }) {
  const out = log ? fs.openSync(log, "w") : "ignore";
  const t0 = performance.now();
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", out, out] });
  let exited = false;
  child.once("exit", () => { exited = true; });
  try {
    while (performance.now() - t0 < timeoutMs) {
      if (exited) throw new Error(`${path.basename(command)} exited before answering${log ? ` (see ${log})` : ""}`);
      if ((await status(url)) === 200) return (performance.now() - t0) / 1000;
      await sleep(50);
    }
    throw new Error(`${url} did not answer within ${timeoutMs / 1000} s${log ? ` (see ${log})` : ""}`);
  } finally {
    const gone = new Promise((resolve) => (exited ? resolve() : child.once("exit", resolve)));
    try { process.kill(-child.pid, "SIGTERM"); } catch { /* gone */ }
    await Promise.race([gone, sleep(10_000)]);
    try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ }
    if (typeof out === "number") fs.closeSync(out);
  }
}

async function nodeBaseline() {
  const port = await freePort();
  const script = `require("http").createServer((q, s) => s.end("ok")).listen(${port}, "127.0.0.1")`;
  return timeUntilOk(process.execPath, ["-e", script], { cwd: ROOT, env: process.env, url: `http://127.0.0.1:${port}/`, timeoutMs: 10_000 });
}

/** Three consecutive free ports (dev.mjs uses EMBEDDED_PG_PORT, +1 for the shadow database, +2 for Letta's). */
async function freePortRun() {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    if (port < 65000 && !(await portAnswers(port + 1)) && !(await portAnswers(port + 2))) return port;
  }
  throw new Error("no three consecutive free ports");
}

/** A copy of the repo without data, build output or reports; node_modules hard-linked (symlinked if that fails). */
function copyRepo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "threadline-bench-dev-"));
  const skip = new Set(["node_modules", ".next", ".data", "reports", "test-results", ".git", "bench/results"].map((p) => path.join(ROOT, p)));
  fs.cpSync(ROOT, dir, { recursive: true, filter: (src) => !skip.has(src) });
  try {
    execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(dir, "node_modules")]);
  } catch {
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  }
  return dir;
}

async function devStart() {
  const dir = copyRepo();
  try {
    const [pg, letta, app] = [await freePortRun(), await freePort(), await freePort()];
    const env = { ...process.env, PORT: String(app), EMBEDDED_PG_PORT: String(pg), LETTA_LOCAL_PORT: String(letta), NEXT_TELEMETRY_DISABLED: "1" };
    // What a fresh checkout sees: no database, Letta, secret or ports from this process's environment.
    for (const name of ["DATABASE_URL", "SHADOW_DATABASE_URL", "LETTA_BASE_URL", "LETTA_API_KEY", "LETTA_LOCAL_DATABASE_URL", "LETTA_LOCAL_CONTROL_URL", "AUTH_SECRET", "NODE_OPTIONS"]) delete env[name];
    const start = (log) => timeUntilOk(process.execPath, ["scripts/dev.mjs"], { cwd: dir, env, url: `http://127.0.0.1:${app}/sign-in`, timeoutMs: 240_000, log });
    const log = path.join(ROOT, "bench/results/dev-start.log");
    const seconds = await start(log);
    // Warm: the same copy again, with the .data and .next (Turbopack's cache) the first start left, once the
    // first has let go of its ports.
    for (let i = 0; i < 100 && (await portAnswers(app) || await portAnswers(pg) || await portAnswers(pg + 2)); i++) await sleep(200);
    const warmLog = path.join(ROOT, "bench/results/dev-warm-start.log");
    const warmSeconds = await start(warmLog);
    return { seconds, warmSeconds, log: path.relative(ROOT, log), warmLog: path.relative(ROOT, warmLog) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * @param o {{ databaseUrl, lettaUrl, runs: number, dev: boolean }} runs: production cold starts (median reported).
 */
export async function runStartup(o) {
  const prod = [];
  const baseline = [];
  for (let i = 0; i < o.runs; i++) {
    baseline.push(await nodeBaseline());
    const port = await freePort();
    prod.push(await timeUntilOk(BIN("next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: ROOT, env: appEnv({ databaseUrl: o.databaseUrl, lettaUrl: o.lettaUrl }), url: `http://127.0.0.1:${port}/sign-in`, timeoutMs: 90_000,
    }));
  }
  const median = (xs) => round(percentile(xs, 0.5), 2);
  const result = {
    runs: o.runs,
    node_baseline_s: median(baseline),
    prod_cold_start_s: median(prod),
    prod_cold_start_all_s: prod.map((s) => round(s, 2)),
    prod_above_baseline_s: round(median(prod) - median(baseline), 2),
  };
  if (o.dev) {
    const dev = await devStart();
    Object.assign(result, {
      dev_fresh_start_s: round(dev.seconds, 1), dev_above_baseline_s: round(dev.seconds - median(baseline), 1), dev_log: dev.log,
      dev_warm_start_s: round(dev.warmSeconds, 1), dev_warm_log: dev.warmLog,
    });
  }
  return result;
}
