#!/usr/bin/env node
// `npm test`: lint, typecheck, Vitest (unit + integration, real Postgres), then Playwright (Chromium) against
// a production build, then the cluster test on that build (`npm run test:cluster`: two instances behind nginx,
// parts killed and restarted), then `npm run bench -- --quick` on it as a smoke check (it fails on errors, never
// on the numbers). Ends with one line, `N passed, N failed[, N skipped]`, and exits 1 on any failure.
//   database  DATABASE_URL if set (migrations deployed to it), else a throwaway embedded Postgres (memory://)
//   Letta     LETTA_BASE_URL / LETTA_API_KEY if set, else the local Letta server (no token delay, /_control on)
// Options: --only=lint,typecheck,vitest,e2e,cluster,bench   --quick (everything but e2e, cluster and bench)
//   Other arguments go to the selected runners: `npm test -- --only=vitest tests/auth` runs `vitest run tests/auth`.
// Env: DATABASE_URL, LETTA_BASE_URL, LETTA_API_KEY, LETTA_LOCAL_DATABASE_URL, AUTH_SECRET, CHROMIUM_PATH (read);
//   sets DATABASE_URL, LETTA_BASE_URL, LETTA_LOCAL_CONTROL_URL, LETTA_LOCAL_DATABASE_URL, AUTH_SECRET, AUTH_TRUST_HOST,
//   NEXT_TELEMETRY_DISABLED, E2E_PORT, SKIP_BUILD_TYPECHECK for the runners, and dummy secrets (AUTH_GITHUB_*, LETTA_API_KEY,
//   a database password) for the build and the browser tests (see dummySecrets). Unlike `npm run dev`, it ignores .env files.
import fs from "node:fs";
import path from "node:path";
import {
  BIN, ROOT, deployMigrations, ensurePrismaClient, exitOnSignals, freePort, httpOk, run, startEmbeddedPostgres,
  startService, stopAll, waitFor,
} from "./lib/services.mjs";
import { findChromium } from "./lib/chromium.mjs";
import { namedOutcomes, summarize } from "./test-summary.mjs";

const STEPS = ["lint", "typecheck", "vitest", "e2e", "cluster", "bench"];
const BROWSER_STEPS = ["e2e", "cluster", "bench"]; // need a production build and Chromium; --quick leaves them out
const argv = process.argv.slice(2);
const only = argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const filters = argv.filter((a) => !a.startsWith("--only=") && a !== "--quick");
const selected = new Set(only ?? STEPS.filter((s) => !(argv.includes("--quick") && BROWSER_STEPS.includes(s))));
const unknown = [...selected].filter((s) => !STEPS.includes(s));
if (unknown.length) {
  console.error(`Unknown step(s) ${unknown.join(", ")}; choose from ${STEPS.join(", ")}.`);
  process.exit(2);
}

const exitCodes = {}; // step name -> exit code; test-summary.mjs turns a silent non-zero into one failure
const timings = [];
async function step(name, fn) {
  const t0 = Date.now();
  console.log(`\n━━ ${name}`);
  exitCodes[name] = await fn();
  timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (exitCodes[name] !== 0) console.log(`✖ ${name} failed (exit code ${exitCodes[name]})`);
  return exitCodes[name] === 0;
}

Object.assign(process.env, {
  NEXT_TELEMETRY_DISABLED: "1",
  AUTH_TRUST_HOST: "true",
  AUTH_SECRET: process.env.AUTH_SECRET || "dummy-auth-secret-threadline-6a0c4e91",
});
fs.mkdirSync(path.join(ROOT, "reports"), { recursive: true });
for (const report of ["vitest.json", "playwright.json", "cluster.json", "bench.json"]) fs.rmSync(path.join(ROOT, "reports", report), { force: true });
exitOnSignals();

const localLetta = !process.env.LETTA_BASE_URL && !process.env.LETTA_API_KEY;

/**
 * Throwaway embedded Postgres (memory://, free ports) when DATABASE_URL is unset. PGlite serves all clients
 * from ONE session and letta-local sets search_path on its connections, so letta-local (the server and any
 * Vitest file that starts one) gets its own instance through LETTA_LOCAL_DATABASE_URL.
 * Started early, in parallel with lint and typecheck; awaited when the tests need them.
 */
async function startDatabases() {
  if (process.env.DATABASE_URL) return;
  const memory = async (name) => (await startEmbeddedPostgres({ name, port: await freePort(), args: ["--memory", "--no-shadow"] })).url;
  const lettaDb = localLetta && !process.env.LETTA_LOCAL_DATABASE_URL;
  const [app, letta] = await Promise.all([memory("db"), lettaDb ? memory("letta-db") : undefined]);
  process.env.DATABASE_URL = app;
  // PGlite serves one session: concurrent extended-protocol queries from many pooled connections can
  // interleave ("portal does not exist"), so the app under test queues on one connection instead.
  process.env.DATABASE_POOL_MAX ||= "1";
  if (letta) process.env.LETTA_LOCAL_DATABASE_URL = letta;
}

/** The local Letta server on a free port, instant replies, fault injection (/_control) enabled. */
async function startLetta() {
  if (!localLetta) {
    console.log(`Using ${process.env.LETTA_BASE_URL || "Letta Cloud (LETTA_API_KEY)"}`);
    return 0;
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = { ...process.env, LETTA_LOCAL_PORT: String(port), LETTA_LOCAL_TOKEN_DELAY_MS: "0", LETTA_LOCAL_CONTROL: "1" };
  const child = startService("letta", BIN("tsx"), ["letta-local/src/main.ts"], { env, prefix: "letta" });
  try {
    await waitFor("Local Letta server", () => httpOk(`${baseUrl}/v1/health/`), { child });
  } catch (error) {
    console.error(error.message);
    return 1;
  }
  Object.assign(process.env, { LETTA_BASE_URL: baseUrl, LETTA_LOCAL_CONTROL_URL: baseUrl });
  console.log(`Using the local Letta server at ${baseUrl}`);
  return 0;
}

/**
 * Recognisable dummy secrets for `next build` and the browser tests (AUTH_SECRET has one from the start), wherever
 * the caller set no real one:
 * e2e/secrets.spec.ts then shows that none reaches .next/static, a page or an API response. They are real
 * settings, not decoys: the app signs sessions with AUTH_SECRET, shows "Continue with GitHub", sends the Letta
 * key (the local Letta server accepts any) and connects with the database password (trust auth / PGlite ignore it).
 */
function dummySecrets() {
  const secrets = {
    AUTH_GITHUB_ID: process.env.AUTH_GITHUB_ID || "dummy-github-client-id-2c7e",
    AUTH_GITHUB_SECRET: process.env.AUTH_GITHUB_SECRET || "dummy-github-client-secret-5d1f0b8a",
    LETTA_API_KEY: process.env.LETTA_API_KEY || "dummy-letta-api-key-9e4a7c2b",
  };
  const database = new URL(process.env.DATABASE_URL);
  if (!database.password) {
    database.password = "dummy-db-password-3b8e6f1d";
    secrets.DATABASE_URL = database.toString();
  }
  return secrets;
}

const needsServices = selected.has("vitest") || selected.has("e2e") || selected.has("bench");
const databases = needsServices ? startDatabases() : null;
databases?.catch(() => {}); // reported when awaited below

if (await step("prisma generate", () => ensurePrismaClient({ force: true }))) {
  if (selected.has("lint")) await step("lint", () => run(BIN("eslint"), ["--max-warnings=0", "."]));
  if (selected.has("typecheck")) {
    // typegen writes next-env.d.ts and the route types that tsc needs on a fresh clone.
    await step("typecheck", async () => (await run(BIN("next"), ["typegen"])) || run(BIN("tsc"), ["--noEmit"]));
    // tsc just checked the same tsconfig: next.config.ts may skip `next build`'s second check on this flag,
    // so a type error is reported once and still lets the browser tests run.
    process.env.SKIP_BUILD_TYPECHECK = "1";
  }
  let ready = false;
  if (needsServices) {
    ready = await step("database", async () => {
      try {
        await databases;
      } catch (error) {
        console.error(error.message);
        return 1;
      }
      console.log(`Using ${process.env.DATABASE_URL}`);
      return deployMigrations(process.env.DATABASE_URL);
    }) && await step("letta", startLetta);
  }
  if (ready && selected.has("vitest")) {
    await step("vitest", () => run(BIN("vitest"), ["run", "--passWithNoTests", ...filters]));
  }
  let built = false;
  // The cluster test starts its own databases, Letta and instances: it needs only the build.
  if ((ready || !needsServices) && (selected.has("e2e") || selected.has("cluster") || selected.has("bench"))) {
    Object.assign(process.env, dummySecrets());
    const { chromium } = await import("@playwright/test");
    const browser = findChromium(chromium.executablePath());
    if ("error" in browser) await step("chromium", () => { console.error(browser.error); return 1; });
    else built = await step("next build", () => run(BIN("next"), ["build"]));
  }
  if (built && selected.has("e2e")) {
    process.env.E2E_PORT = String(await freePort());
    await step("playwright", () => run(BIN("playwright"), ["test", "--pass-with-no-tests", ...filters]));
  }
  if (built && selected.has("cluster")) {
    await step("cluster", () => run(process.execPath, ["scripts/test-cluster.mjs", "--skip-build", "--from-test-runner", ...filters]));
  }
  if (built && selected.has("bench")) {
    // Same build, same database; the bench starts its own Letta server and `next start`. One check in the summary
    // (reports/bench.json): it fails on errors (a benchmark that could not run), never on the numbers.
    await step("bench", () => run(process.execPath, ["bench/run.mjs", "--quick", "--skip-build", "--report=reports/bench.json"]));
  }
}

await stopAll();
console.log(`\nTimings: ${timings.join(", ")}`);
const named = namedOutcomes();
for (const title of named.flaky) console.log(`passed on a retry: ${title}`);
for (const title of named.failed) console.log(`✖ failed: ${title}`);
const { line, failed } = summarize(exitCodes);
console.log(line);
process.exit(failed ? 1 : 0);
