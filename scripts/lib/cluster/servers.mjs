// The cluster's Node servers: letta-local, and the app's instances (`next start` as `npm start` starts it).
import fs from "node:fs";
import path from "node:path";
import { BIN, ROOT, httpOk, portAnswers, startService, waitFor } from "../services.mjs";
import { exited, onExit, remember, reportExit } from "./processes.mjs";

export class LettaServer {
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
export class Instance {
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
