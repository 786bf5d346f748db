// The cluster's private PostgreSQL servers: initdb in the cluster's temp dir, a free port, stopped and started
// by the tests. The machine's own PostgreSQL is never touched.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort, startService, waitFor } from "../services.mjs";
import { exited, onExit, reportExit, which } from "./processes.mjs";

/** PostgreSQL's server binaries: PG_BIN, else the newest /usr/lib/postgresql/<version>/bin (Debian's layout). */
export function postgresBin() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, "bin/initdb"))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions[0]) return path.join(base, versions[0], "bin");
  const initdb = which("initdb");
  return initdb ? path.dirname(initdb) : null;
}

/** initdb refuses to run as root: as root, the servers run as the `postgres` account. */
function postgresUser() {
  if (process.getuid?.() !== 0) return {};
  const line = fs.readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("Running as root needs a `postgres` account for the private PostgreSQL servers (apt-get install -y postgresql).");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
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
export async function createPostgresServers(tmp) {
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
