// Small process helpers for the cluster's parts (scripts/lib/cluster/).
import fs from "node:fs";
import path from "node:path";

/** A program from Debian's packages, or null. */
export function which(name, extra = []) {
  for (const dir of [...extra, ...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/sbin"]) {
    const file = path.join(dir, name);
    if (dir && fs.existsSync(file)) return file;
  }
  return null;
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

export const exited = (child) => child.exitCode !== null || child.signalCode !== null;
export const onExit = (child) => (exited(child) ? Promise.resolve() : new Promise((r) => child.once("exit", r)));

/** Says when a part of the cluster exits (expected or not), with how. */
export function reportExit(name, child) {
  child.once("exit", (code, signal) => console.log(`[cluster] ${name} (pid ${child.pid}) exited: ${signal ?? `code ${code}`}`));
}

/** Keeps the last lines a process printed (tests read an instance's shutdown log). */
export function remember(child, lines) {
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (data) => {
      for (const line of String(data).split("\n")) if (line) lines.push(line);
      if (lines.length > 500) lines.splice(0, lines.length - 500);
    });
  }
}
