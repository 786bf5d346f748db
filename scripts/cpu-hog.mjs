#!/usr/bin/env node
// Keeps N CPU cores busy, to run the test suite the way a busy CI machine runs it:
//   node scripts/cpu-hog.mjs 2 -- npm test      two busy loops for as long as `npm test` runs, then stops them
//   node scripts/cpu-hog.mjs 2                  two busy loops until Ctrl-C (or SIGTERM)
//   node scripts/cpu-hog.mjs 2 --seconds=60     …for a minute
// Each loop is a worker thread spinning on arithmetic (no I/O, no memory growth), in this one process, so
// stopping it (or its command ending) stops them all. Exits with the command's exit code.
import { spawn } from "node:child_process";
import os from "node:os";
import { Worker } from "node:worker_threads";

const argv = process.argv.slice(2);
const dash = argv.indexOf("--");
const own = dash >= 0 ? argv.slice(0, dash) : argv;
const command = dash >= 0 ? argv.slice(dash + 1) : [];
const count = Number(own.find((a) => /^\d+$/.test(a)) ?? 2);
const seconds = Number(own.find((a) => a.startsWith("--seconds="))?.slice(10) ?? 0);
if (!Number.isInteger(count) || count < 1 || count > 64) {
  console.error("Usage: node scripts/cpu-hog.mjs [N busy loops, default 2] [--seconds=S] [-- command …]");
  process.exit(2);
}

const SPIN = `
  let x = 0;
  for (;;) { for (let i = 0; i < 1e7; i++) x = (x * 1103515245 + 12345) % 2147483648; }
`;
const workers = Array.from({ length: count }, () => new Worker(SPIN, { eval: true }));
console.error(`[cpu-hog] ${count} busy loop${count === 1 ? "" : "s"} on ${os.availableParallelism()} cores` +
  (command.length ? ` while \`${command.join(" ")}\` runs` : seconds ? ` for ${seconds} s` : " until stopped"));

let child = null;
function stop(code) {
  for (const worker of workers) void worker.terminate();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (child && child.exitCode === null) child.kill(signal); // the command stops its own children
    else stop(signal === "SIGINT" ? 130 : 143);
  });
}
if (seconds > 0) setTimeout(() => stop(0), seconds * 1000);
if (command.length) {
  child = spawn(command[0], command.slice(1), { stdio: "inherit" });
  child.once("error", (error) => {
    console.error(`[cpu-hog] could not start ${command[0]}: ${error.message}`);
    stop(127);
  });
  child.once("exit", (code, signal) => stop(code ?? (signal ? 128 : 1)));
}
