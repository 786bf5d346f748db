// The cluster the cluster test runs against (scripts/test-cluster.mjs): two production instances (`next start`,
// started the way `npm start` starts them) behind nginx, one Postgres for the app, one letta-local (with its own
// Postgres, so that stopping the app's database leaves Letta running, as with Letta Cloud).
// Every part can be killed, stopped and started again by the tests, through a small HTTP control API
// (./control.mjs). The Postgres servers are private (initdb in a temp dir, free ports): the machine's
// PostgreSQL is never touched.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, deployMigrations, freePort } from "../services.mjs";
import { Nginx } from "./nginx.mjs";
import { createPostgresServers, postgresBin } from "./postgres.mjs";
import { exited, inboundConnections, onExit, which } from "./processes.mjs";
import { Instance, LettaServer } from "./servers.mjs";

export { controlHandler } from "./control.mjs";

/** What the cluster needs from the machine; a readable message for each missing piece. */
export function missingPrerequisites() {
  const missing = [];
  if (!which("nginx")) missing.push("nginx (Debian: apt-get install -y nginx)");
  if (!postgresBin()) missing.push("PostgreSQL's server binaries, initdb and postgres (Debian: apt-get install -y postgresql), or PG_BIN");
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) missing.push("a production build (npm run build)");
  return missing;
}

/**
 * Starts the whole cluster. `instances`: how many `next start`. Returns the cluster and a request handler for
 * its control API.
 */
export async function startCluster({ instances: count = 2, env = {} } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "threadline-cluster-"));
  fs.chmodSync(tmp, 0o755); // the PostgreSQL servers and nginx's workers run as other accounts when we are root
  const pg = await createPostgresServers(tmp);
  await Promise.all([pg.app.start(), pg.letta.start()]);
  const databaseUrl = pg.app.url;
  const letta = new LettaServer({ port: await freePort(), databaseUrl: pg.letta.url });
  const [migrated] = await Promise.all([deployMigrations(databaseUrl), letta.start()]);
  if (migrated !== 0) throw new Error("deploying migrations to the cluster's database failed");
  const instanceEnv = {
    NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", AUTH_TRUST_HOST: "true",
    AUTH_SECRET: process.env.AUTH_SECRET || "cluster-secret-0123456789abcdef0123456789",
    DATABASE_URL: databaseUrl, LETTA_BASE_URL: letta.url, LETTA_AGENT_NAME: "threadline-cluster",
    ...env,
  };
  for (const key of ["LETTA_API_KEY", "AUTH_URL", "CHAT_STREAM_MAX_SECONDS", "DATABASE_POOL_MAX"]) if (!(key in env)) delete instanceEnv[key];
  const instances = [];
  for (let i = 0; i < count; i++) {
    instances.push(new Instance({ name: String.fromCharCode(97 + i), port: await freePort(), env: instanceEnv }));
  }
  // At once: the shared agent is found or created under a Postgres advisory lock, whichever instance asks first.
  await Promise.all(instances.map((instance) => instance.start()));
  const nginx = new Nginx({ tmp, port: await freePort(), instances });
  await nginx.start();
  const cluster = { tmp, pg, letta, instances, nginx, databaseUrl };
  return cluster;
}

/** Brings every part back up (what a test changed), then reloads nginx so it uses every instance again. */
export async function heal(cluster) {
  const started = [];
  if (!cluster.pg.app.up) { await cluster.pg.app.start(); started.push("pg-app"); }
  if (!cluster.letta.up) { await cluster.letta.start(); started.push("letta"); }
  for (const instance of cluster.instances) {
    if (!instance.up) { await instance.start(); started.push(instance.name); }
  }
  if (started.length) await cluster.nginx.reload();
  return { started };
}

export function describe(cluster) {
  return {
    url: cluster.nginx.url,
    databaseUrl: cluster.databaseUrl,
    lettaUrl: cluster.letta.url,
    instances: cluster.instances.map((i) => ({
      name: i.name, url: i.url, port: i.port, up: i.up, pid: i.child?.pid ?? null, restarts: i.restarts,
      connections: i.up ? inboundConnections(i.port) : 0,
    })),
    postgres: { up: cluster.pg.app.up, port: cluster.pg.app.port },
    letta: { up: cluster.letta.up },
  };
}

/**
 * Stops the cluster front to back (nginx, instances, Letta, then the databases with a fast shutdown), so no
 * server waits on clients that are about to go anyway. stopAll() then finds nothing left to stop.
 */
export async function stopCluster(cluster) {
  if (!cluster) return;
  const stop = async (child, signal = "SIGTERM") => {
    if (!child || exited(child)) return;
    const timer = setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ } }, 5000);
    try { process.kill(-child.pid, signal); } catch { /* gone */ }
    await onExit(child);
    clearTimeout(timer);
  };
  await stop(cluster.nginx.child, "SIGQUIT"); // nginx: graceful stop
  await Promise.all(cluster.instances.map((i) => stop(i.child)));
  await stop(cluster.letta.child);
  await Promise.all([stop(cluster.pg.app.child, "SIGINT"), stop(cluster.pg.letta.child, "SIGINT")]);
}

/** Removes the cluster's temp dir (after every process stopped). */
export function removeClusterFiles(cluster) {
  if (cluster?.tmp) fs.rmSync(cluster.tmp, { recursive: true, force: true });
}
