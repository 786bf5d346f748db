#!/usr/bin/env node
// Zero-setup Postgres: PGlite (Postgres compiled to WASM) behind a wire-protocol socket, so pg, Prisma,
// Auth.js and scripts/migrate.mjs connect to it like to any server. Two servers: the main database
// and an in-memory shadow one for `npm run db:migrate` (PGlite has no CREATE DATABASE).
//
//   npm run db:embedded                       data in .data/pglite, ports 55432 (main) and 55433 (shadow)
//   npm run db:embedded -- --memory           throwaway database (what npm test uses)
//   npm run db:embedded -- --init-only        initialise the data directory (initdb), close it cleanly and exit
//   options: --data-dir=DIR --port=N --shadow-port=N --no-shadow --max-connections=N --exit-with-parent
//   env: PGLITE_DATA_DIR, EMBEDDED_PG_PORT, EMBEDDED_PG_SHADOW_PORT (the options win)
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
// parseArgs accepts both `--port 5433` and `--port=5433`, and rejects unknown flags instead of ignoring them.
const { values: args } = parseArgs({
  options: {
    memory: { type: "boolean" }, "init-only": { type: "boolean" }, "no-shadow": { type: "boolean" }, "exit-with-parent": { type: "boolean" },
    "data-dir": { type: "string" }, port: { type: "string" }, "shadow-port": { type: "string" }, "max-connections": { type: "string" },
  },
});

const memory = Boolean(args.memory);
const dataDir = path.resolve(ROOT, args["data-dir"] || process.env.PGLITE_DATA_DIR || ".data/pglite");
const port = Number(args.port || process.env.EMBEDDED_PG_PORT || 55432);
const shadowPort = args["no-shadow"] ? null : Number(args["shadow-port"] || process.env.EMBEDDED_PG_SHADOW_PORT || port + 1);
// pglite-socket multiplexes every connection onto one PGlite instance, and refuses connections past this
// limit. Connections are cheap here, while the app, the Letta server and test workers each keep a pool.
const maxConnections = Number(args["max-connections"] ?? 100);
const urlFor = (p) => `postgresql://postgres@127.0.0.1:${p}/postgres`;

// Two PGlite instances on one data directory would corrupt it: keep a pid file beside it.
const pidFile = `${dataDir}.pid`;
function claimDataDir() {
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, "utf8"));
    let alive = false;
    try { process.kill(pid, 0); alive = true; } catch { /* stale pid file */ }
    if (alive && pid !== process.pid) {
      const error = new Error(`${dataDir} is already in use by process ${pid} (another embedded Postgres).`);
      throw Object.assign(error, { expected: true });
    }
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true }); // PGlite's own mkdir is not recursive
  fs.writeFileSync(pidFile, String(process.pid));
}

/**
 * `--init-only`: run initdb into the data directory and close it cleanly (a checkpoint, no postmaster.pid), so
 * scripts/dev.mjs can copy the result for its second instance instead of paying initdb (CPU-bound WASM, 7-12 s
 * here) twice. A cleanly closed directory is a cold copy of the cluster, as safe to copy as any stopped Postgres.
 */
async function initOnly() {
  claimDataDir();
  const started = Date.now();
  const db = await PGlite.create(dataDir);
  await db.close();
  fs.rmSync(pidFile, { force: true });
  console.log(`Embedded Postgres (PGlite) data directory initialised in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

async function main() {
  if (args["init-only"]) {
    if (memory) throw Object.assign(new Error("--init-only needs a data directory, not --memory."), { expected: true });
    return initOnly();
  }
  if (!memory) claimDataDir();
  const started = Date.now();
  const servers = [];
  const dbs = [];
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(servers.map((s) => s.stop()));
    await Promise.all(dbs.map((db) => db.close())); // a clean close checkpoints the data directory
    if (!memory) fs.rmSync(pidFile, { force: true });
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, stop);
  if (args["exit-with-parent"]) {
    // Our orchestrators stop us on exit; this covers one that was killed with SIGKILL.
    const parent = process.ppid;
    setInterval(() => { if (process.ppid !== parent) stop(); }, 1000).unref();
  }
  async function serve(dataDirOrMemory, serverPort, connections) {
    const db = await PGlite.create(dataDirOrMemory);
    dbs.push(db);
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: serverPort, maxConnections: connections });
    await server.start();
    servers.push(server);
    return server.port;
  }
  /**
   * The shadow database only serves `db:migrate`, and an in-memory initdb costs ~2.5 s of this one thread:
   * listen at once, create it on the first connection, and relay connections to it.
   */
  async function serveLazily(publicPort, create) {
    let target;
    const relay = net.createServer(async (socket) => {
      socket.pause();
      const upstream = net.connect(await (target ??= create()), "127.0.0.1");
      socket.pipe(upstream).pipe(socket);
      socket.resume();
      socket.on("error", () => upstream.destroy());
      upstream.on("error", () => socket.destroy());
    });
    await new Promise((resolve, reject) => relay.once("error", reject).listen(publicPort, "127.0.0.1", resolve));
    servers.push({ stop: () => new Promise((resolve) => relay.close(resolve)) });
  }

  await serve(memory ? "memory://" : dataDir, port, maxConnections);
  const relative = path.relative(ROOT, dataDir);
  const where = memory ? "in memory (discarded on exit)" : relative.startsWith("..") ? dataDir : relative;
  console.log(`Embedded Postgres (PGlite) ready in ${((Date.now() - started) / 1000).toFixed(1)} s, data ${where}.`);
  console.log(`DATABASE_URL=${urlFor(port)}`);
  if (shadowPort !== null) {
    await serveLazily(shadowPort, () => serve("memory://", 0, 4));
    console.log(`SHADOW_DATABASE_URL=${urlFor(shadowPort)}`);
  }
  if (process.stdout.isTTY) {
    const env = `DATABASE_URL=${urlFor(port)}${shadowPort !== null ? ` SHADOW_DATABASE_URL=${urlFor(shadowPort)}` : ""}`;
    console.log(`\nIn another terminal: ${env} npm run db:migrate <name>`);
    console.log("psql needs PGSSLMODE=disable. Ctrl-C stops the server.");
  }
}

main().catch((error) => {
  const inUse = error.code === "EADDRINUSE";
  if (inUse) console.error(`Port ${error.port} is already in use: is an embedded Postgres already running?`);
  else console.error(error.expected ? error.message : error.stack ?? error);
  if (!memory && fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8") === String(process.pid)) fs.rmSync(pidFile);
  process.exit(1);
});
