// The long main-thread tasks (> 50 ms, or the threshold given) of a Chromium trace recorded by the bench
// (BENCH_TRACE_DIR=… npm run bench -- --only=browser), each with what took its time: script evaluation and function
// calls by URL, HTML parsing, style, layout, paint, GC; and each task's thread time (the CPU it used) beside its wall time.
//   node bench/trace-tasks.mjs /tmp/traces/load-empty.json [threshold_ms]
import fs from "node:fs";

const [file, threshold = "50"] = process.argv.slice(2);
const raw = JSON.parse(fs.readFileSync(file, "utf8"));
const events = (Array.isArray(raw) ? raw : raw.traceEvents).filter((e) => e.ph === "X" && e.dur);
// The renderer's main thread: the one with the most ParseHTML / EvaluateScript work.
const score = new Map();
for (const e of events) if (e.name === "ParseHTML" || e.name === "EvaluateScript" || e.name === "FunctionCall") score.set(`${e.pid}:${e.tid}`, (score.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur);
const main = [...score].sort((a, b) => b[1] - a[1])[0]?.[0];
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
}
if (!tasks.length) console.log(`no task over ${threshold} ms on the main thread`);
