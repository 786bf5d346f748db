#!/usr/bin/env node
// `npm run test:cluster`: Threadline as it runs in production, several instances behind a real reverse proxy,
// and what happens when a part of it dies. Starts (scripts/lib/cluster/) two `next start` instances of the
// production build behind nginx (deploy/nginx/threadline.conf), a private PostgreSQL for the app and
// letta-local (with its own PostgreSQL), then runs the Playwright specs in e2e/cluster/ against nginx's URL.
// The specs kill, stop and restart the parts through the cluster's control API. Everything started here is
// stopped at the end (process groups), and the temp dir removed.
//   npm run test:cluster                    builds first (next build), then runs
//   npm run test:cluster -- --skip-build    uses the existing .next build (`npm test` passes this)
//   other arguments go to Playwright (a spec file, -g "pattern")
// Needs nginx and PostgreSQL's server binaries (Debian: apt-get install -y nginx postgresql) and Chromium.
// Writes reports/cluster.json; ends with `N passed, N failed` when run on its own.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { controlHandler, describe, missingPrerequisites, removeClusterFiles, startCluster, stopCluster } from "./lib/cluster/index.mjs";
import { BIN, ROOT, exitOnSignals, run, stopAll } from "./lib/services.mjs";

const argv = process.argv.slice(2);
const skipBuild = argv.includes("--skip-build");
const standalone = !argv.includes("--from-test-runner");
const filters = argv.filter((a) => !a.startsWith("--skip-build") && a !== "--from-test-runner");
const REPORT = path.join(ROOT, "reports/cluster.json");

fs.mkdirSync(path.dirname(REPORT), { recursive: true });
fs.rmSync(REPORT, { force: true });
let cluster = null;
exitOnSignals();
process.on("exit", () => removeClusterFiles(cluster)); // after every process stopped (services.mjs kills leftovers first)

async function main() {
  if (!skipBuild) {
    const code = await run(BIN("next"), ["build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (code !== 0) return code;
  }
  const missing = missingPrerequisites();
  if (missing.length) {
    console.error(`The cluster test needs:\n${missing.map((m) => `  - ${m}`).join("\n")}`);
    return 1;
  }
  const t0 = Date.now();
  try {
    cluster = await startCluster({ instances: 2 });
  } catch (error) {
    console.error(`Could not start the cluster: ${error.message}`);
    return 1;
  }
  const control = http.createServer(controlHandler(cluster));
  await new Promise((resolve) => control.listen(0, "127.0.0.1", resolve));
  const controlUrl = `http://127.0.0.1:${control.address().port}`;
  const state = describe(cluster);
  console.log(`Cluster up in ${((Date.now() - t0) / 1000).toFixed(1)} s: nginx ${state.url} → ${state.instances.map((i) => `${i.name} ${i.url}`).join(", ")}; ` +
    `PostgreSQL :${state.postgres.port}; letta-local ${state.lettaUrl}`);
  const env = {
    ...process.env,
    CLUSTER_URL: state.url, CLUSTER_CONTROL_URL: controlUrl,
    // What the shared e2e helpers read: the cluster's own database and Letta.
    DATABASE_URL: cluster.databaseUrl, LETTA_BASE_URL: cluster.letta.url, LETTA_LOCAL_CONTROL_URL: cluster.letta.url,
    LETTA_LOCAL_DATABASE_URL: cluster.pg.letta.url,
  };
  delete env.LETTA_API_KEY;
  const code = await run(BIN("playwright"), ["test", "-c", "e2e/cluster/playwright.config.ts", ...filters], { env });
  control.close();
  return code;
}

const code = await main();
await stopCluster(cluster);
await stopAll();
if (standalone) {
  const { summarize } = await import("./test-summary.mjs");
  const { line } = summarize({ cluster: code }, { only: ["cluster"] });
  console.log(line);
}
process.exit(code);
