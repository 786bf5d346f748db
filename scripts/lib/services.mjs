// Process and port helpers shared by scripts/dev.mjs and scripts/test.mjs.
// Every child runs in its own process group (detached), so stopping it also stops
// what it forked (`next` forks `next-server`, `tsx` forks node) and a terminal
// Ctrl-C reaches only us: we stop the children ourselves, in reverse start order.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = (name) => path.join(ROOT, "node_modules/.bin", name);

const started = []; // { name, child } in start order

/** Load .env.local then .env the way Next does: files never override the real environment. */
export function loadEnvFiles(names = [".env.local", ".env"]) {
  const loaded = [];
  for (const name of names) {
    const file = path.join(ROOT, name);
    if (fs.existsSync(file)) { process.loadEnvFile(file); loaded.push(name); }
  }
  return loaded;
}

/** True when something accepts TCP connections on host:port. */
export function portAnswers(port, host = "127.0.0.1", timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** A port that is free right now (the OS picks it; a small race is acceptable for tests). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** GET url and resolve true on a 2xx answer. */
export async function httpOk(url, timeoutMs = 1000) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** Poll `check` until it resolves true; fail early if `child` exits first. */
export async function waitFor(what, check, { timeoutMs = 60_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${what} exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was ready`);
    }
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} was not ready after ${timeoutMs / 1000} s`);
}

/**
 * Start a long-running child in its own process group.
 * prefix: print its output line by line as "[prefix] line"; otherwise it shares our terminal.
 * uid/gid: run it as another account (root starting PostgreSQL, which refuses to run as root).
 */
export function startService(name, command, args, { env = process.env, prefix, uid, gid, cwd = ROOT } = {}) {
  const child = spawn(command, args, {
    cwd, env, detached: true, stdio: prefix ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"], uid, gid,
  });
  if (prefix) {
    for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
      readline.createInterface({ input: stream }).on("line", (line) => out.write(`[${prefix}] ${line}\n`));
    }
  }
  started.push({ name, child });
  return child;
}

function signalGroup(child, signal) {
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}

/** Stop every started service, newest first: SIGTERM to its group, SIGKILL after graceMs. */
export async function stopAll({ graceMs = 5000 } = {}) {
  while (started.length) {
    const { child } = started.pop();
    if (child.exitCode !== null || child.signalCode !== null) { signalGroup(child, "SIGKILL"); continue; }
    const exited = new Promise((r) => child.once("exit", r));
    signalGroup(child, "SIGTERM");
    const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
    signalGroup(child, "SIGKILL"); // leftovers in the group (e.g. a worker that ignored SIGTERM)
  }
}

// Last resort if we exit without stopAll (an uncaught error): never leave servers behind.
process.on("exit", () => { for (const { child } of started) signalGroup(child, "SIGKILL"); });

/**
 * Start scripts/embedded-postgres.mjs on `port` (own process, so two instances use both cores) and
 * resolve its URL once it answers. `args`: e.g. ["--memory", "--no-shadow"] or ["--data-dir=.data/x"].
 */
export async function startEmbeddedPostgres({ name = "db", port, args = [] }) {
  const child = startService(name, process.execPath, [
    path.join(ROOT, "scripts/embedded-postgres.mjs"), `--port=${port}`, "--exit-with-parent", ...args,
  ], { prefix: name });
  await waitFor(`Embedded Postgres (${name})`, () => portAnswers(port), { child });
  return { url: embeddedUrl(port), child };
}

export const embeddedUrl = (port) => `postgresql://postgres@127.0.0.1:${port}/postgres`;

/** Run a command to completion with inherited output; resolves its exit code (never throws). */
export function run(command, args, { env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"], detached: true });
    started.push({ name: command, child }); // so Ctrl-C during a step also stops it
    const forget = () => { const i = started.findIndex((s) => s.child === child); if (i >= 0) started.splice(i, 1); };
    child.once("error", (error) => { forget(); console.error(error.message); resolve(127); });
    child.once("exit", (code, signal) => { forget(); resolve(code ?? (signal ? 128 : 1)); });
  });
}

/** Generate the Prisma client when it is missing or older than the schema (a fresh clone has none). */
export async function ensurePrismaClient({ force = false } = {}) {
  const client = path.join(ROOT, "generated/prisma/client.ts");
  const schema = path.join(ROOT, "prisma/schema.prisma");
  const stale = !fs.existsSync(client) || fs.statSync(client).mtimeMs < fs.statSync(schema).mtimeMs;
  if (!force && !stale) return 0;
  return run("npm", ["run", "--silent", "db:generate"]);
}

/** Deploy pending migrations in a child process (schema-engine leaves a pg pool open). */
export function deployMigrations(databaseUrl) {
  return run(process.execPath, [path.join(ROOT, "scripts/migrate.mjs"), "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl } });
}

/**
 * Stop everything and exit on Ctrl-C, SIGTERM, a closed terminal, or when our parent goes away:
 * `kill <npm pid>` reaches only npm's `sh -c`, which dies and leaves us running without a signal.
 */
export function exitOnSignals(onStop = () => {}) {
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    onStop(signal);
    await stopAll();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
  const parent = process.ppid;
  setInterval(() => { if (process.ppid !== parent) stop("SIGHUP"); }, 1000).unref();
}

/** "postgresql://user@host:port/db" without a password, for banners. */
export function describeUrl(url) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}/${u.pathname.slice(1) || "postgres"}`;
  } catch {
    return "(unparseable URL)";
  }
}
