#!/usr/bin/env node
// `npm run dev`: everything Threadline needs, on a fresh clone after `npm install`.
//   database  DATABASE_URL if set, else the embedded Postgres (PGlite) with data in .data/pglite
//   Letta     LETTA_BASE_URL / LETTA_API_KEY if set, else the local Letta server (letta-local/)
//   agent     `npm run agent:apply` once against that Letta, summarised in one line (a failure is shown, not fatal)
//   app       `next dev` on http://localhost:$PORT (3000)
// Reuse what is already running, start what is not: a second `npm run dev` (or `npm run db:embedded`)
// leaves an embedded Postgres or Letta server that already answers on its port alone.
// Env (from the shell, .env.local, .env): DATABASE_URL, LETTA_BASE_URL, LETTA_API_KEY, AUTH_SECRET, PORT,
//   EMBEDDED_PG_PORT (55432; +1 shadow, +2 Letta's database), LETTA_LOCAL_PORT (8283), LETTA_LOCAL_TOKEN_DELAY_MS (25).
//   Passes DATABASE_URL, LETTA_BASE_URL, AUTH_SECRET (.data/auth-secret), AUTH_TRUST_HOST=true to `next dev`.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  BIN, ROOT, describeUrl, deployMigrations, embeddedUrl, ensurePrismaClient, exitOnSignals, httpOk, loadEnvFiles,
  portAnswers, run, startEmbeddedPostgres, startService, stopAll, waitFor,
} from "./lib/services.mjs";

const envFiles = loadEnvFiles(); // first: our own choices depend on DATABASE_URL / LETTA_* / PORT too, not just Next's
const DATA = path.join(ROOT, ".data");
const EMBEDDED_PORT = Number(process.env.EMBEDDED_PG_PORT || 55432);
const LETTA_PORT = Number(process.env.LETTA_LOCAL_PORT || 8283);
const APP_PORT = Number(process.env.PORT || 3000);
const LETTA_DB_PORT = EMBEDDED_PORT + 2;
const usingEmbedded = !process.env.DATABASE_URL;
// Read before letta() sets LETTA_BASE_URL: whether Letta will be the local server on an embedded database of its own.
const lettaNeedsEmbedded = !process.env.LETTA_BASE_URL && !process.env.LETTA_API_KEY && !process.env.LETTA_LOCAL_DATABASE_URL;
const started = Date.now();

let stopping = false;
function fail(message) {
  if (stopping) return;
  stopping = true;
  console.error(`\n✖ ${message}`);
  return stopAll().then(() => process.exit(1));
}

/** Stop everything if a service we started dies on its own, so the terminal never shows a half-running app. */
function watch(name, child) {
  child.once("exit", (code, signal) => {
    fail(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the rest.`);
  });
  return child;
}

const APP_DATA_DIR = ".data/pglite";
const LETTA_DATA_DIR = ".data/pglite-letta";
const initialised = (dataDir) => fs.existsSync(path.join(ROOT, dataDir, "PG_VERSION"));

/**
 * On a first start both embedded databases need initdb, which is CPU-bound WASM (7 s alone here, 12 s each when
 * both run at once, while `next dev` compiles beside them). Pay it once: initialise the app's directory, closed
 * cleanly, and copy it for Letta's. The two stay separate instances with separate directories (see letta());
 * a copy of a stopped, freshly initialised cluster is what a second initdb would produce, bar the system id.
 * Resolves once both directories exist (at once when either is already initialised or served elsewhere).
 */
let dataDirs;
function dataDirsReady() {
  dataDirs ??= (async () => {
    if (!usingEmbedded || !lettaNeedsEmbedded || [APP_DATA_DIR, LETTA_DATA_DIR].some(initialised)) return;
    if ((await portAnswers(EMBEDDED_PORT)) || (await portAnswers(LETTA_DB_PORT))) return;
    const script = path.join(ROOT, "scripts/embedded-postgres.mjs");
    const code = await run(process.execPath, [script, "--init-only", `--data-dir=${APP_DATA_DIR}`]);
    if (code !== 0) throw new Error("Initialising the embedded Postgres data directory failed (see above).");
    fs.cpSync(path.join(ROOT, APP_DATA_DIR), path.join(ROOT, LETTA_DATA_DIR), { recursive: true });
  })();
  return dataDirs;
}

/** Reuse an embedded Postgres that answers on `port`, else start one with its data in `dataDir`. */
async function embedded(name, port, dataDir, args = []) {
  if (await portAnswers(port)) return `embedded Postgres on port ${port} (reused)`;
  await dataDirsReady();
  const { child } = await startEmbeddedPostgres({ name, port, args: [`--data-dir=${dataDir}`, ...args] });
  watch(`Embedded Postgres (${name})`, child);
  return `embedded Postgres on port ${port}, data in ${dataDir}`;
}

async function database() {
  if (process.env.DATABASE_URL) return `${describeUrl(process.env.DATABASE_URL)} (DATABASE_URL)`;
  process.env.DATABASE_URL = embeddedUrl(EMBEDDED_PORT);
  process.env.DATABASE_POOL_MAX ||= "1"; // PGlite serves one session; see scripts/test.mjs
  process.env.SHADOW_DATABASE_URL ||= embeddedUrl(EMBEDDED_PORT + 1); // for `npm run db:migrate` in another terminal
  return embedded("db", EMBEDDED_PORT, APP_DATA_DIR, [`--shadow-port=${EMBEDDED_PORT + 1}`]);
}

async function letta() {
  if (process.env.LETTA_BASE_URL) return process.env.LETTA_BASE_URL;
  if (process.env.LETTA_API_KEY) return "Letta Cloud (LETTA_API_KEY)";
  const baseUrl = `http://127.0.0.1:${LETTA_PORT}`;
  process.env.LETTA_BASE_URL = baseUrl;
  const healthy = () => httpOk(`${baseUrl}/v1/health/`);
  if (await healthy()) return `local Letta server at ${baseUrl} (reused)`;
  if (await portAnswers(LETTA_PORT)) throw new Error(`Port ${LETTA_PORT} is taken by something that is not a Letta server; set LETTA_LOCAL_PORT.`);
  const env = {
    ...process.env,
    LETTA_LOCAL_PORT: String(LETTA_PORT),
    LETTA_LOCAL_TOKEN_DELAY_MS: process.env.LETTA_LOCAL_TOKEN_DELAY_MS || "25", // replies stream like a real model
  };
  if (usingEmbedded && !process.env.LETTA_LOCAL_DATABASE_URL) {
    // PGlite serves every client from ONE session, and letta-local sets search_path on its connections: sharing
    // the app's instance would point the app's and the migrations' unqualified names at letta's schema.
    await embedded("letta-db", LETTA_DB_PORT, LETTA_DATA_DIR, ["--no-shadow"]);
    env.LETTA_LOCAL_DATABASE_URL = embeddedUrl(LETTA_DB_PORT);
  }
  const child = watch("Local Letta server", startService("letta", BIN("tsx"), ["letta-local/src/main.ts"], { env, prefix: "letta" }));
  await waitFor("Local Letta server", healthy, { child });
  return `local Letta server at ${baseUrl} (${env.LETTA_LOCAL_TOKEN_DELAY_MS} ms/token)`;
}

/**
 * Make the shared agent match agent.yaml (scripts/agent-apply.ts --summary), before `next dev` starts so the app
 * never races it to create the agent. Resolves one line; a failure (invalid file, Letta error) is reported with
 * its details but never stops dev.
 */
function applyAgentFile() {
  return new Promise((resolve) => {
    const child = spawn(BIN("tsx"), ["scripts/agent-apply.ts", "--summary"], { cwd: ROOT, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk) => { output += chunk; });
    child.once("error", (error) => resolve({ ok: false, text: `could not run agent:apply (${error.message})` }));
    child.once("exit", (code) => resolve({ ok: code === 0, text: output.trim() || `agent:apply exited with code ${code}` }));
  });
}

/** Next 16 allows one `next dev` per folder; say so before it starts, binds the port and then exits. */
function checkNextLock() {
  let lock;
  try { lock = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/dev/lock"), "utf8")); } catch { return; }
  try { process.kill(lock.pid, 0); } catch { return; } // stale lock: next dev replaces it
  throw new Error(`Another \`next dev\` is already running for this folder at ${lock.appUrl} (pid ${lock.pid}). Use it, or stop it first.`);
}

/** Any HTTP answer: a missing static file is answered without compiling a page. */
async function nextAnswers() {
  try {
    const res = await fetch(`http://127.0.0.1:${APP_PORT}/_next/static/threadline-probe`, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

/** First compile of the page a signed-out visitor lands on, so the first browser visit does not wait for it. */
async function warmUp() {
  try {
    const res = await fetch(`http://127.0.0.1:${APP_PORT}/sign-in`, { signal: AbortSignal.timeout(120_000) });
    await res.body?.cancel();
  } catch {
    // Only a warm-up: the page compiles on the first visit instead.
  }
}

/** A stable dev secret, so sessions survive restarts; never used when AUTH_SECRET is set. */
function authSecret() {
  if (process.env.AUTH_SECRET) return;
  const file = path.join(DATA, "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(DATA, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  process.env.AUTH_SECRET = fs.readFileSync(file, "utf8").trim();
}

exitOnSignals(() => { stopping = true; console.log("\nStopping…"); });

try {
  checkNextLock();
  if (await portAnswers(APP_PORT)) throw new Error(`Port ${APP_PORT} is already in use (is \`npm run dev\` already running?). Set PORT to use another.`);
  authSecret();
  process.env.AUTH_TRUST_HOST ||= "true";

  // Independent start-up work runs side by side: client generation, app database + migrations, Letta (+ its
  // database), and `next dev` with the first compile of the sign-in page. database() and letta() set
  // DATABASE_URL / LETTA_BASE_URL synchronously (the ports are known up front), so `next dev` can start with its
  // final environment before either answers.
  const services = Promise.all([
    database().then(async (description) => [description, await deployMigrations(process.env.DATABASE_URL)]),
    letta().then(async (description) => [description, await applyAgentFile()]),
  ]);
  services.catch(() => {}); // awaited below; an early rejection must not count as unhandled meanwhile
  // Turbopack compiles on demand, and the first compile (instrumentation, proxy, sign-in page: 15-20 s on a
  // fresh clone, under load) used to start only after the databases, so it added to their time. The Prisma
  // client must exist before anything compiles; then `next dev` starts now and compiles /sign-in at once.
  if ((await ensurePrismaClient()) !== 0) throw new Error("`npm run db:generate` failed.");
  // The sign-in page and the proxy need neither database nor Letta. The only early caller of either is
  // instrumentation.ts's find-or-create of the shared agent, which would race agent:apply below: this flag
  // leaves the agent to us (the app finds it on the first chat request).
  //
  // Turbopack keeps its work in .next/dev/cache, which makes the next start warm. But on Ctrl-C `next dev` gives its
  // server 100 ms before SIGKILL, so whatever was compiled since the last background write is lost, often the very
  // pages just opened. __NEXT_DEV_WAIT_FOR_TURBOPACK_SHUTDOWN (Next's own switch, internal: without it we are only
  // back to a colder restart) makes it wait for Turbopack to finish writing; stopAll() allows that 5 s.
  const nextEnv = { ...process.env, THREADLINE_DEV_APPLIES_AGENT: "1", __NEXT_DEV_WAIT_FOR_TURBOPACK_SHUTDOWN: "1" };
  const next = watch("next dev", startService("next", BIN("next"), ["dev", "-p", String(APP_PORT)], { env: nextEnv }));
  // The first request (whichever) compiles instrumentation and the proxy before it is answered: ask for /sign-in
  // as soon as the port accepts connections. Not awaited: the banner below waits for the services and for `next
  // dev` to answer, as before; a first visit during the compile joins it rather than starting its own.
  waitFor("next dev", () => portAnswers(APP_PORT), { child: next }).then(warmUp, () => {}); // an exit is watch()'s

  const [[db, migrated], [lettaDescription, agent]] = await services;
  if (!agent.ok) console.error(`\n✖ agent.yaml was not applied (the app still starts; fix it and run \`npm run agent:apply\`):\n${agent.text}\n`);
  if (migrated !== 0) throw new Error("Applying migrations failed (see above).");
  await waitFor("next dev", nextAnswers, { child: next });

  console.log([
    "",
    `  Threadline is running at http://localhost:${APP_PORT}  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  Database  ${db}`,
    `  Letta     ${lettaDescription}`,
    `  Agent     ${agent.ok ? agent.text : "✖ agent.yaml not applied (see above)"}`,
    envFiles.length ? `  Env       ${envFiles.join(", ")}` : null,
    "  Ctrl-C stops what this command started.",
    "",
  ].filter((line) => line !== null).join("\n"));
} catch (error) {
  await fail(error.message);
}
