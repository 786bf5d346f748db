// The long main-thread tasks (> 50 ms, or the threshold given) of a Chromium trace recorded by the bench
// (BENCH_TRACE_DIR=… npm run bench -- --only=browser), each with what took its time: script evaluation and function
// calls by URL, HTML parsing, style, layout, paint, GC; and each task's thread time (the CPU it used) beside its wall time.
// A trace recorded with BENCH_TRACE_JS=1 has JavaScript samples too: the functions they fell in are listed per task
// (self time), with our own modules' share (inclusive: time in them and in what they called), by source file and
// line when the build in .next has source maps (BUNDLE_SOURCEMAPS=1 next build).
//   node bench/trace-tasks.mjs /tmp/traces/load-empty.json [threshold_ms]
import fs from "node:fs";
import path from "node:path";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";

const [file, threshold = "50"] = process.argv.slice(2);
const raw = JSON.parse(fs.readFileSync(file, "utf8"));
const all = Array.isArray(raw) ? raw : raw.traceEvents;
const events = all.filter((e) => e.ph === "X" && e.dur);
// The renderer's main thread: the one with the most ParseHTML / EvaluateScript work.
const score = new Map();
for (const e of events) if (e.name === "ParseHTML" || e.name === "EvaluateScript" || e.name === "FunctionCall") score.set(`${e.pid}:${e.tid}`, (score.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur);
const main = [...score].sort((a, b) => b[1] - a[1])[0]?.[0];
// JavaScript samples (BENCH_TRACE_JS=1): V8's profile chunks, per thread.
const profiles = new Map();
const maps = new Map();
for (const e of all) {
  if (e.name === "Profile") profiles.set(e.id, { pid: e.pid, tid: e.tid, start: e.args.data.startTime, nodes: new Map(), samples: [], deltas: [] });
  if (e.name !== "ProfileChunk" || !profiles.has(e.id)) continue;
  const profile = profiles.get(e.id);
  for (const node of e.args.data.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
  profile.samples.push(...(e.args.data.cpuProfile?.samples ?? []));
  profile.deltas.push(...(e.args.data.timeDeltas ?? []));
}
const onMain = events.filter((e) => `${e.pid}:${e.tid}` === main).sort((a, b) => a.ts - b.ts);
const tasks = onMain.filter((e) => e.name === "RunTask" && e.dur / 1000 > Number(threshold));
const start = onMain[0]?.ts ?? 0;
const label = (e) => {
  const d = e.args?.data ?? {};
  const where = d.url ? ` ${d.url.replace(/^.*\/_next\/static\//, "")}${d.functionName ? ` ${d.functionName}` : ""}` : d.functionName ? ` ${d.functionName}` : "";
  return `${e.name}${where}`;
};
for (const task of tasks) {
  // Thread time: what the main thread itself ran. On a loaded machine the wall time also holds the time the renderer
  // waited for a core (other processes' work), which no change to the page can remove.
  const thread = task.tdur === undefined ? "" : ` (thread time ${(task.tdur / 1000).toFixed(1)} ms)`;
  console.log(`task at ${((task.ts - start) / 1000).toFixed(0)} ms: ${(task.dur / 1000).toFixed(1)} ms${thread}`);
  const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
  // Direct children's children: one level below the task's own dispatch.
  const sums = new Map();
  for (const e of inside) {
    if (!["EvaluateScript", "FunctionCall", "ParseHTML", "UpdateLayoutTree", "Layout", "Paint", "MinorGC", "MajorGC", "v8.compile", "v8.compileModule", "TimerFire", "FireAnimationFrame", "EventDispatch", "v8.parseOnBackground", "HitTest", "PrePaint", "Commit"].includes(e.name)) continue;
    const key = label(e);
    sums.set(key, (sums.get(key) ?? 0) + e.dur);
  }
  for (const [key, dur] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${(dur / 1000).toFixed(1).padStart(6)} ms  ${key}`);
  const { self, ours } = samplesIn(task.ts, task.ts + task.dur);
  if (self.size) console.log("    JavaScript samples (self time):");
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${(us / 1000).toFixed(1).padStart(6)} ms  ${key}`);
  if (ours.size) console.log("    our modules (inclusive):");
  for (const [key, us] of [...ours].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${(us / 1000).toFixed(1).padStart(6)} ms  ${key}`);
}
if (!tasks.length) console.log(`no task over ${threshold} ms on the main thread`);

/** Self time per function of the main thread's JavaScript samples in [from, to], and our modules' inclusive time (µs). */
function samplesIn(from, to) {
  const self = new Map();
  const ours = new Map();
  for (const profile of profiles.values()) {
    if (`${profile.pid}:${profile.tid}` !== main) continue;
    let at = profile.start;
    for (let i = 0; i < profile.samples.length; i++) {
      at += profile.deltas[i];
      if (at < from || at > to) continue;
      const dt = profile.deltas[i + 1] ?? 0;
      const node = profile.nodes.get(profile.samples[i]);
      const key = where(node.callFrame);
      self.set(key, (self.get(key) ?? 0) + dt);
      // Up the stack: each of our modules' frames counted once per sample.
      const seen = new Set();
      for (let up = node; up; up = profile.nodes.get(up.parent)) {
        const frame = where(up.callFrame);
        if (/ (components|hooks|lib|app)\//.test(frame) && !seen.has(frame)) {
          seen.add(frame);
          ours.set(frame, (ours.get(frame) ?? 0) + dt);
        }
      }
    }
  }
  return { self, ours };
}

/** A function's name and place: its source file and line through the chunk's source map when .next has one. */
function where({ functionName, url = "", lineNumber, columnNumber }) {
  const chunk = url.match(/\/_next\/(static\/.*\.js)/)?.[1];
  const map = chunk ? sourceMap(chunk) : null;
  const original = map ? originalPositionFor(map, { line: lineNumber + 1, column: columnNumber }) : null;
  if (original?.source) return `${original.name ?? (functionName || "(anonymous)")} ${original.source.replace(/^.*\[project\]\//, "")}:${original.line}`;
  return `${functionName || "(anonymous)"}${url ? ` ${url.replace(/^.*\//, "")}:${columnNumber}` : ""}`;
}

function sourceMap(chunk) {
  if (!maps.has(chunk)) {
    const js = `.next/${chunk}`;
    const name = fs.existsSync(js) ? fs.readFileSync(js, "utf8").match(/sourceMappingURL=(\S+)/)?.[1] : null;
    const mapFile = name ? path.join(path.dirname(js), name) : null;
    maps.set(chunk, mapFile && fs.existsSync(mapFile) ? new TraceMap(fs.readFileSync(mapFile, "utf8")) : null);
  }
  return maps.get(chunk);
}
