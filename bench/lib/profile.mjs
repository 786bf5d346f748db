// Summarises a V8 .cpuprofile (node --cpu-prof): where the server's CPU went, by function and by package.
// Used by `npm run bench -- --profile` to name the cause when a target is missed.
//   node bench/lib/profile.mjs <file.cpuprofile> [top] [fromUs-toUs]
import fs from "node:fs";
import { fileURLToPath } from "node:url";

/** node_modules/<pkg>, a bundled Next chunk, node: internals, or our own code. */
function origin(url) {
  if (!url) return "(native / GC / idle)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith("node:")) return url.replace("node:internal/", "node:"); // which internal: webstreams, http, undici…
  if (url.includes(".next/server/")) return "app bundle (.next/server)";
  return url.replace(/^file:\/\//, "");
}

/** The monotonic clock in µs, the time base of a .cpuprofile (CLOCK_MONOTONIC is shared by all processes). */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** `window`: only samples taken in [from, to] (monotonicUs() readings), e.g. while the streams were open. */
export function summariseProfile(file, { top = 25, window } = {}) {
  const profile = JSON.parse(fs.readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  // timeDeltas[i] is the time since the previous sample; charge it to samples[i].
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.from || at > window.to)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const fns = new Map();
  const pkgs = new Map();
  let total = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === "(idle)") continue;
    total += us;
    const name = `${callFrame.functionName || "(anonymous)"} ${origin(callFrame.url)}:${callFrame.lineNumber + 1}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
    const pkg = callFrame.functionName.startsWith("(") ? callFrame.functionName : origin(callFrame.url);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
  }
  const rank = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: Number((us / total).toFixed(3)) }));
  return { busy_ms: Math.round(total / 1000), by_package: rank(pkgs), by_function: rank(fns) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [from, to] = (process.argv[4] ?? "").split("-").map(Number);
  const summary = summariseProfile(process.argv[2], { top: Number(process.argv[3] ?? 25), window: to ? { from, to } : undefined });
  console.log(`busy ${summary.busy_ms} ms\n\nby package:`);
  for (const row of summary.by_package) console.log(`  ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.ms} ms  ${row.name}`);
  console.log("\nby function (self time):");
  for (const row of summary.by_function) console.log(`  ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.ms} ms  ${row.name}`);
}
