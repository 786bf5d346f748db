// The cluster the cluster test runs against (scripts/test-cluster.mjs): two production instances (`next start`,
// started the way `npm start` starts them) behind nginx, one Postgres for the app, one letta-local (with its own
// Postgres, so that stopping the app's database leaves Letta running, as with Letta Cloud).
// Every part can be killed, stopped and started again by the tests, through a small HTTP control API
// (controlHandler below). The Postgres servers are private (initdb in a temp dir, free ports): the machine's
// PostgreSQL is never touched.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BIN, ROOT, deployMigrations, freePort, httpOk, portAnswers, startService, waitFor } from "./services.mjs";

const NGINX_SITE = path.join(ROOT, "deploy/nginx/threadline.conf");

/** A program from Debian's packages, or null. */
function which(name, extra = []) {
  for (const dir of [...extra, ...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/sbin"]) {
    const file = path.join(dir, name);
    if (dir && fs.existsSync(file)) return file;
  }
  return null;
}

/** PostgreSQL's server binaries: PG_BIN, else the newest /usr/lib/postgresql/<version>/bin (Debian's layout). */
function postgresBin() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, "bin/initdb"))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions[0]) return path.join(base, versions[0], "bin");
  const initdb = which("initdb");
  return initdb ? path.dirname(initdb) : null;
}

/** What the cluster needs from the machine; a readable message for each missing piece. */
export function missingPrerequisites() {
  const missing = [];
  if (!which("nginx")) missing.push("nginx (Debian: apt-get install -y nginx)");
  if (!postgresBin()) missing.push("PostgreSQL's server binaries, initdb and postgres (Debian: apt-get install -y postgresql), or PG_BIN");
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) missing.push("a production build (npm run build)");
  return missing;
}

/** initdb refuses to run as root: as root, the servers run as the `postgres` account. */
function postgresUser() {
  if (process.getuid?.() !== 0) return {};
  const line = fs.readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("Running as root needs a `postgres` account for the private PostgreSQL servers (apt-get install -y postgresql).");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** Established TCP connections whose local port is `port` (IPv4 and IPv6): requests in flight on that server. */
export function inboundConnections(port) {
  let count = 0;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 4) continue;
      const localPort = parseInt(fields[1].split(":").pop(), 16);
      if (localPort === port && fields[3] === "01") count += 1; // 01 = ESTABLISHED
    }
  }
  return count;
}

const exited = (child) => child.exitCode !== null || child.signalCode !== null;
const onExit = (child) => (exited(child) ? Promise.resolve() : new Promise((r) => child.once("exit", r)));

/** Says when a part of the cluster exits (expected or not), with how. */
function reportExit(name, child) {
  child.once("exit", (code, signal) => console.log(`[cluster] ${name} (pid ${child.pid}) exited: ${signal ?? `code ${code}`}`));
}

/** Keeps the last lines a process printed (tests read an instance's shutdown log). */
function remember(child, lines) {
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (data) => {
      for (const line of String(data).split("\n")) if (line) lines.push(line);
      if (lines.length > 500) lines.splice(0, lines.length - 500);
    });
  }
}

class PostgresServer {
  constructor({ name, dir, port, bin, user }) {
    Object.assign(this, { name, dir, port, bin, user, child: null });
    this.url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  }

  start() {
    // Settings for a throwaway test server: no fsync (nothing here must survive a power cut).
    this.child = startService(this.name, path.join(this.bin, "postgres"), [
      "-D", this.dir, "-p", String(this.port), "-k", this.dir, "-c", "listen_addresses=127.0.0.1",
      "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200",
      "-c", "log_min_messages=warning",
    ], { prefix: this.name, uid: this.user.uid, gid: this.user.gid, cwd: this.dir });
    reportExit(this.name, this.child);
    return waitFor(`PostgreSQL (${this.name})`, () => this.accepts(), { child: this.child, timeoutMs: 30_000 });
  }

  /** True once the server answers a query (a port that accepts while starting up is not enough). */
  accepts() {
    const probe = spawnSync(path.join(this.bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(this.port), "-U", "postgres", "-d", "postgres", "-q", "-t", "1"]);
    return probe.status === 0;
  }

  /** Fast shutdown (SIGINT): open connections are closed, as in `pg_ctl stop -m fast` or a failover. */
  async stop() {
    if (!this.child || exited(this.child)) return;
    process.kill(this.child.pid, "SIGINT");
    await onExit(this.child);
  }

  get up() {
    return Boolean(this.child && !exited(this.child));
  }
}

/**
 * Creates two private PostgreSQL servers (initdb once, copied for the second): `app` for Threadline, `letta`
 * for letta-local.
 */
async function createPostgresServers(tmp) {
  const bin = postgresBin();
  const user = postgresUser();
  const root = path.join(tmp, "pg");
  fs.mkdirSync(root);
  if (user.uid !== undefined) fs.chownSync(root, user.uid, user.gid);
  const template = path.join(root, "app");
  const init = spawnSync(path.join(bin, "initdb"), ["-D", template, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], {
    uid: user.uid, gid: user.gid, cwd: root, encoding: "utf8",
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  execFileSync("cp", ["-a", template, path.join(root, "letta")]);
  const [appPort, lettaPort] = [await freePort(), await freePort()];
  return {
    app: new PostgresServer({ name: "pg-app", dir: template, port: appPort, bin, user }),
    letta: new PostgresServer({ name: "pg-letta", dir: path.join(root, "letta"), port: lettaPort, bin, user }),
  };
}

class LettaServer {
  constructor({ port, databaseUrl }) {
    Object.assign(this, { port, databaseUrl, child: null, lines: [] });
    this.url = `http://127.0.0.1:${port}`;
  }

  start() {
    const env = {
      ...process.env, LETTA_LOCAL_PORT: String(this.port), LETTA_LOCAL_DATABASE_URL: this.databaseUrl, LETTA_LOCAL_SCHEMA: "letta_local",
      LETTA_LOCAL_TOKEN_DELAY_MS: "0", LETTA_LOCAL_CONTROL: "1",
    };
    this.child = startService("letta", BIN("tsx"), ["letta-local/src/main.ts"], { env, prefix: "letta" });
    reportExit("letta", this.child);
    remember(this.child, this.lines);
    return waitFor("letta-local", () => httpOk(`${this.url}/v1/health/`), { child: this.child });
  }

  async kill() {
    if (!this.child || exited(this.child)) return;
    process.kill(-this.child.pid, "SIGKILL"); // tsx and the node it forked
    await onExit(this.child);
  }

  get up() {
    return Boolean(this.child && !exited(this.child));
  }
}

/** One `next start`, started as `npm start` starts it (same Node options), in its own process group. */
class Instance {
  constructor({ name, port, env }) {
    Object.assign(this, { name, port, env, child: null, lines: [], startedAt: 0, restarts: -1 });
    this.url = `http://127.0.0.1:${port}`;
  }

  async start() {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    // `npm start` is `NODE_OPTIONS="…" next start`: take its options from package.json, so the test runs what ships.
    const nodeOptions = /NODE_OPTIONS="([^"]*?)\s*\$NODE_OPTIONS"/.exec(pkg.scripts.start)?.[1] ?? "";
    const env = { ...process.env, ...this.env, NODE_OPTIONS: nodeOptions };
    this.child = startService(this.name, BIN("next"), ["start", "-p", String(this.port), "-H", "127.0.0.1"], {
      env, prefix: this.name,
    });
    this.lines = [];
    remember(this.child, this.lines);
    reportExit(`instance ${this.name}`, this.child);
    this.startedAt = Date.now();
    this.restarts += 1;
    await waitFor(`instance ${this.name}`, () => httpOk(`${this.url}/api/health`), { child: this.child });
    await this.warmUp();
  }

  /**
   * `next start` loads a route's code on its first request: a fresh instance answers its first page or sign-in
   * in seconds on a busy machine. The tests are about the steady state, so each route is asked once here
   * (signed out: each answers a redirect or a 401, which loads the same code).
   */
  async warmUp() {
    const get = (p) => fetch(`${this.url}${p}`, { redirect: "manual", signal: AbortSignal.timeout(30_000) }).then((r) => r.arrayBuffer()).catch(() => undefined);
    const post = (p) => fetch(`${this.url}${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}", signal: AbortSignal.timeout(30_000) })
      .then((r) => r.arrayBuffer()).catch(() => undefined);
    await Promise.all([get("/sign-in"), get("/"), get("/api/auth/csrf"), get("/api/auth/session"), get("/api/ready")]);
    await Promise.all([get("/api/chat/messages"), post("/api/chat/messages"), post("/api/chat/stream"), post("/api/chat/cancel")]);
  }

  /**
   * Sends `signal` the way an orchestrator does: SIGTERM to the server process only (as `docker stop` signals
   * PID 1), SIGKILL to the whole group (nothing survives a killed container). Resolves when it has exited, with
   * how long that took and when its port stopped accepting connections.
   */
  async signal(signal, { timeoutMs = 30_000 } = {}) {
    const child = this.child;
    if (!child || exited(child)) return { alreadyExited: true };
    const sentAt = Date.now();
    let refusedAfterMs = null;
    const probing = (async () => {
      while (!exited(child) && refusedAfterMs === null) {
        if (!(await portAnswers(this.port, "127.0.0.1", 200))) refusedAfterMs = Date.now() - sentAt;
        else await new Promise((r) => setTimeout(r, 20));
      }
    })();
    if (signal === "SIGKILL") process.kill(-child.pid, "SIGKILL");
    else process.kill(child.pid, signal);
    const timer = setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ } }, timeoutMs);
    await onExit(child);
    clearTimeout(timer);
    await probing;
    try { process.kill(-child.pid, "SIGKILL"); } catch { /* the group is gone */ }
    return {
      exitedAfterMs: Date.now() - sentAt, code: child.exitCode, signal: child.signalCode,
      refusedAfterMs: refusedAfterMs ?? Date.now() - sentAt, aliveWhenRefused: refusedAfterMs !== null,
    };
  }

  get up() {
    return Boolean(this.child && !exited(this.child));
  }
}

class Nginx {
  constructor({ tmp, port, instances }) {
    Object.assign(this, { tmp, port, instances, child: null });
    this.url = `http://127.0.0.1:${port}`;
    this.dir = path.join(tmp, "nginx");
  }

  /**
   * The site file from deploy/nginx, with this run's ports, inside a top-level config that keeps Debian's stock
   * http settings (/etc/nginx/nginx.conf) and adds what a test needs: private paths, an access log with the
   * upstream of each request, and a response header naming it (so a test knows which instance served what).
   */
  writeConfig() {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.chmodSync(this.dir, 0o755);
    const site = fs.readFileSync(NGINX_SITE, "utf8");
    const servers = site.match(/^\s*server 127\.0\.0\.1:\d+;\n/gm) ?? [];
    if (servers.length < 2 || !/^\s*listen 80;$/m.test(site)) throw new Error(`${NGINX_SITE}: expected "listen 80;" and the upstream's server lines`);
    const indent = /^(\s*)server/.exec(servers[0])[1];
    const ours = this.instances.map((i) => `${indent}server 127.0.0.1:${i.port};\n`).join("");
    const patched = site.replace(servers.join(""), ours).replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${this.port};`);
    if (patched.includes("127.0.0.1:3001")) throw new Error(`${NGINX_SITE}: the upstream's server lines must be consecutive`);
    fs.writeFileSync(path.join(this.dir, "threadline.conf"), patched);
    const root = process.getuid?.() === 0;
    fs.writeFileSync(path.join(this.dir, "nginx.conf"), `# Generated by scripts/lib/cluster.mjs
daemon off;
${root ? "user www-data;" : ""}
worker_processes auto;
pid ${this.dir}/nginx.pid;
error_log ${this.dir}/error.log warn;
events { worker_connections 768; }
http {
    # Debian's stock http settings
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    gzip on;
    # Test-only: private paths, and which instance served each request
    client_body_temp_path ${this.dir}/body;
    proxy_temp_path ${this.dir}/proxy;
    fastcgi_temp_path ${this.dir}/fastcgi;
    uwsgi_temp_path ${this.dir}/uwsgi;
    scgi_temp_path ${this.dir}/scgi;
    log_format upstream '$request_method $uri $status upstream=$upstream_addr upstream_status=$upstream_status time=$request_time';
    access_log ${this.dir}/access.log upstream;
    add_header X-Threadline-Upstream $upstream_addr always;
    include ${this.dir}/threadline.conf;
}
`);
  }

  async start() {
    this.writeConfig();
    this.child = startService("nginx", which("nginx"), ["-p", this.dir, "-c", path.join(this.dir, "nginx.conf"), "-e", path.join(this.dir, "error.log")], {
      prefix: "nginx",
    });
    await waitFor("nginx", () => httpOk(`${this.url}/api/health`), { child: this.child });
  }

  /** A reload starts fresh workers: they forget which instances failed a moment ago (fail_timeout, 10 s). */
  async reload() {
    const oldWorkers = this.workers();
    process.kill(this.child.pid, "SIGHUP");
    await waitFor("nginx reload", () => {
      const now = this.workers();
      return now.length > 0 && !now.some((pid) => oldWorkers.includes(pid));
    }, { timeoutMs: 10_000 });
  }

  workers() {
    try {
      return fs.readFileSync(`/proc/${this.child.pid}/task/${this.child.pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  }

  accessLog() {
    try {
      return fs.readFileSync(path.join(this.dir, "access.log"), "utf8");
    } catch {
      return "";
    }
  }
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

/** The control API the tests call (e2e/cluster/helpers/cluster.ts). JSON in, JSON out. */
export function controlHandler(cluster) {
  const instance = (name) => {
    const found = cluster.instances.find((i) => i.name === name);
    if (!found) throw Object.assign(new Error(`no instance ${name}`), { status: 404 });
    return found;
  };
  /**
   * Refuses to act unless Letta is still generating a reply: a test that means to break something "mid-reply"
   * must fail loudly, not pass vacuously, if the reply ended first (a slow browser shows words seconds late).
   */
  const requireLiveRun = async (required) => {
    if (!required) return;
    const stats = await fetch(`${cluster.letta.url}/_control/stats`).then((r) => r.json()).catch(() => null);
    if (!stats?.live_runs) throw Object.assign(new Error("no run in progress in Letta: the reply ended before the test acted"), { status: 409 });
  };
  const routes = {
    "GET /state": () => describe(cluster),
    "POST /heal": () => heal(cluster),
    "POST /instance/signal": async ({ name, signal, whileRunLive }) => {
      await requireLiveRun(whileRunLive);
      const connections = inboundConnections(instance(name).port);
      if (whileRunLive && connections === 0) throw Object.assign(new Error(`instance ${name} has no request in flight`), { status: 409 });
      return { ...(await instance(name).signal(signal)), connections };
    },
    "POST /instance/start": async ({ name }) => { await instance(name).start(); return describe(cluster); },
    "GET /instance/log": ({ name }) => ({ lines: instance(name).lines }),
    "POST /postgres/stop": async ({ whileRunLive }) => { await requireLiveRun(whileRunLive); await cluster.pg.app.stop(); return { up: false }; },
    "POST /postgres/start": async () => { const t0 = Date.now(); await cluster.pg.app.start(); return { up: true, startedInMs: Date.now() - t0 }; },
    "POST /letta/kill": async ({ whileRunLive }) => { await requireLiveRun(whileRunLive); await cluster.letta.kill(); return { up: false }; },
    "POST /letta/start": async () => { const t0 = Date.now(); await cluster.letta.start(); return { up: true, startedInMs: Date.now() - t0 }; },
    "POST /proxy/reload": async () => { await cluster.nginx.reload(); return {}; },
    "GET /proxy/access-log": () => ({ text: cluster.nginx.accessLog() }),
  };
  return async (req, res) => {
    const url = new URL(req.url, "http://control");
    const route = routes[`${req.method} ${url.pathname}`];
    let body = Object.fromEntries(url.searchParams);
    try {
      if (!route) throw Object.assign(new Error(`no route ${req.method} ${url.pathname}`), { status: 404 });
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      if (chunks.length) body = { ...body, ...JSON.parse(Buffer.concat(chunks).toString("utf8")) };
      const result = await route(body);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result ?? {}));
    } catch (error) {
      res.writeHead(error.status ?? 500, { "content-type": "application/json" }).end(JSON.stringify({ error: error.message }));
    }
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

