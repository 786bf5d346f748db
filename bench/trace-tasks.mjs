// The long main-thread tasks (> 50 ms, or the threshold given) of a Chromium trace recorded by the bench
// (BENCH_TRACE_DIR=… npm run bench -- --only=browser), each with what took its time: script evaluation and function
// calls by URL, HTML parsing, style, layout, paint, GC; and, from the CPU profiler's samples, the functions that spent
// the most time in it (self time), and our own modules' share (inclusive). Names and files are read from the build's
// source maps when it has them (`BUNDLE_SOURCEMAPS=1 next build`), else they are the minified ones.
//   node bench/trace-tasks.mjs /tmp/traces/load-empty.json [threshold_ms]
import fs from "node:fs";
import path from "node:path";
// source-map-js comes with postcss (Tailwind's build), not as a dependency of ours: without it, names stay minified.
const { SourceMapConsumer } = await import("source-map-js").catch(() => ({ SourceMapConsumer: null }));

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
// The CPU profile of the main thread: its samples (time, node) and each node's frame, named through source maps.
const profileEvents = (Array.isArray(raw) ? raw : raw.traceEvents).filter((e) => (e.name === "Profile" || e.name === "ProfileChunk") && `${e.pid}` === main?.split(":")[0]);
const nodes = new Map();
const profileSamples = [];
let clock = profileEvents.find((e) => e.name === "Profile")?.args?.data?.startTime ?? 0;
for (const e of profileEvents) {
  const profile = e.args?.data?.cpuProfile;
  if (!profile) continue;
  for (const node of profile.nodes ?? []) nodes.set(node.id, node);
  const deltas = e.args.data.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    clock += deltas[i] ?? 0;
    profileSamples.push({ ts: clock, node: id, dt: deltas[i + 1] ?? 0 });
  });
}
const maps = new Map();
function frameName(node) {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  if (!url) return functionName || `(${node.callFrame.codeType ?? "native"})`;
  const file = url.replace(/^.*\/_next\/static\//, "");
  const jsFile = path.join(".next/static", file.split("?")[0]);
  if (!maps.has(jsFile)) {
    // The map's name is in the file's last line (Turbopack's differs from the chunk's own).
    const mapName = fs.existsSync(jsFile) ? /\/\/# sourceMappingURL=(\S+)\s*$/.exec(fs.readFileSync(jsFile, "utf8"))?.[1] : null;
    const mapFile = mapName ? path.join(path.dirname(jsFile), mapName) : null;
    maps.set(jsFile, SourceMapConsumer && mapFile && fs.existsSync(mapFile) ? new SourceMapConsumer(JSON.parse(fs.readFileSync(mapFile, "utf8"))) : null);
  }
  const map = maps.get(jsFile);
  if (!map) return `${functionName || "(anonymous)"} ${file}`;
  const original = map.originalPositionFor({ line: lineNumber + 1, column: columnNumber });
  if (!original.source) return `${functionName || "(anonymous)"} ${file}`;
  const source = original.source.replace(/^.*\[project\]\//, "").replace(/^node_modules\//, "").replace(/^next\/dist\/compiled\//, "");
  return `${original.name ?? functionName ?? "(anonymous)"} ${source}:${original.line}`;
}
const names = new Map();
function stackOf(id) {
  const frames = [];
  for (let node = nodes.get(id); node; node = nodes.get(node.parent)) {
    if (!names.has(node.id)) names.set(node.id, frameName(node));
    const name = names.get(node.id);
    if (!name.startsWith("(root)")) frames.push(name);
  }
  return frames.length ? frames : ["(idle)"];
}

for (const task of tasks) {
  console.log(`task at ${((task.ts - start) / 1000).toFixed(0)} ms: ${(task.dur / 1000).toFixed(1)} ms`);
  const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
  // Direct children's children: one level below the task's own dispatch.
  const sums = new Map();
  for (const e of inside) {
    if (!["EvaluateScript", "FunctionCall", "ParseHTML", "UpdateLayoutTree", "Layout", "Paint", "MinorGC", "MajorGC", "v8.compile", "v8.compileModule", "TimerFire", "FireAnimationFrame", "EventDispatch", "v8.parseOnBackground", "HitTest", "PrePaint", "Commit"].includes(e.name)) continue;
    const key = label(e);
    sums.set(key, (sums.get(key) ?? 0) + e.dur);
  }
  for (const [key, dur] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${(dur / 1000).toFixed(1).padStart(6)} ms  ${key}`);
  const samples = profileSamples.filter((sample) => sample.ts >= task.ts && sample.ts <= task.ts + task.dur);
  if (!samples.length) continue;
  const self = new Map();
  const ours = new Map();
  for (const sample of samples) {
    const frames = stackOf(sample.node);
    const top = frames[0];
    self.set(top, (self.get(top) ?? 0) + sample.dt);
    for (const frame of new Set(frames.filter((f) => / (components|hooks|lib|app)\//.test(f)))) ours.set(frame, (ours.get(frame) ?? 0) + sample.dt);
  }
  console.log(`  CPU samples (${samples.length}), self time:`);
  for (const [key, dur] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${(dur / 1000).toFixed(1).padStart(6)} ms  ${key}`);
  if (ours.size) console.log("  our modules, inclusive:");
  for (const [key, dur] of [...ours].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${(dur / 1000).toFixed(1).padStart(6)} ms  ${key}`);
}
if (!tasks.length) console.log(`no task over ${threshold} ms on the main thread`);
