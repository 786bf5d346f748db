#!/usr/bin/env node
// What one open stream costs the Next server, measured as a slope: the server's live memory (forced GC through its
// inspector) with L1 streams open, then with L2, (live₂ − live₁) / (L2 − L1). Fixed costs (code compiled on first
// use, pool connections, caches) fall out of the difference, unlike the bench's one-level figure, which divides
// them among the streams open. Optionally a heap snapshot at each level, compared by constructor and by what holds
// each new object (the nearest socket, request, response, stream… above it).
//   DATABASE_URL=… node --experimental-websocket bench/mem-probe.mjs [--levels=100,300] [--root=<checkout>]
//     [--path=/api/chat/messages] [--snapshot] [--pipe]
// --root: another checkout with its own production build (as bench/ab.mjs); --path: the route the streams open
// (POST, JSON body {text, otid, conversationId}, the user's session cookie). Streams are letta-local long replies
// (600 tokens at 100 ms), so all stay open while weighed. --pipe: weigh the floor arm's bare Node pipe
// (bench/lib/bare-pipe.mjs, no framework) instead of Next, the same sends forwarded to the same letta-local.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { stopAll } from "../scripts/lib/services.mjs";
import { connectInspector } from "./lib/inspector.mjs";
import { httpStream } from "./lib/sse.mjs";
import { startDatabases, startLetta } from "./lib/stack.mjs";
import { control } from "./lib/streaming.mjs";
import { round, sleep } from "./lib/stats.mjs";
import { createUsers, prepareUsers } from "./lib/users.mjs";

const argv = process.argv.slice(2);
const option = (name, fallback) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;
const levels = option("levels", "100,300").split(",").map(Number);
const root = path.resolve(option("root", "."));
const route = option("path", "/api/chat/messages");
const snapshots = argv.includes("--snapshot");
const barePipe = argv.includes("--pipe");
const { startNext } = await import(path.join(root, "bench/lib/stack.mjs"));

// Constructor names that anchor an object to what holds it (first match up the retainer chain wins, breadth-first
// from every anchor at once).
const ANCHORS = new Set([
  "ServerResponse", "IncomingMessage", "ClientRequest", "Socket", "HTTPParser", "NextRequest", "Request", "Response",
  "ReadableStream", "WritableStream", "ReadableStreamDefaultController", "WritableStreamDefaultController",
  "AbortController", "AbortSignal", "Headers", "NodeNextRequest", "NodeNextResponse", "Timeout", "Promise",
]);

async function snapshot(inspector) {
  const parts = [];
  inspector.onSnapshotChunk((chunk) => parts.push(chunk));
  await inspector.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  inspector.onSnapshotChunk(null);
  const s = JSON.parse(parts.join(""));
  const { node_fields: nf, edge_fields: ef, node_types: [types], edge_types: [etypes] } = s.snapshot.meta;
  const N = nf.length;
  const E = ef.length;
  const [typeAt, nameAt, idAt, sizeAt, edgesAt] = ["type", "name", "id", "self_size", "edge_count"].map((f) => nf.indexOf(f));
  const [etypeAt, enameAt, toAt] = ["type", "name_or_index", "to_node"].map((f) => ef.indexOf(f));
  const count = s.nodes.length / N;
  const nodes = { id: new Float64Array(count), size: new Float64Array(count), key: new Array(count), firstEdge: new Uint32Array(count + 1) };
  let edge = 0;
  for (let i = 0; i < count; i++) {
    const type = types[s.nodes[i * N + typeAt]];
    nodes.id[i] = s.nodes[i * N + idAt];
    nodes.size[i] = s.nodes[i * N + sizeAt];
    nodes.key[i] = type === "object" || type === "closure" ? `${s.strings[s.nodes[i * N + nameAt]]} (${type})` : `(${type})`;
    nodes.firstEdge[i] = edge;
    edge += s.nodes[i * N + edgesAt];
  }
  nodes.firstEdge[count] = edge;
  const targets = new Uint32Array(s.edges.length / E);
  const weak = new Uint8Array(s.edges.length / E);
  const edgeName = new Array(s.edges.length / E);
  for (let e = 0; e < targets.length; e++) {
    targets[e] = s.edges[e * E + toAt] / N;
    const type = etypes[s.edges[e * E + etypeAt]];
    weak[e] = type === "weak" ? 1 : 0;
    if (type !== "element" && type !== "hidden") edgeName[e] = s.strings[s.edges[e * E + enameAt]];
  }
  const rawName = (i) => s.strings[s.nodes[i * N + nameAt]];
  const child = (i, name) => {
    for (let e = nodes.firstEdge[i]; e < nodes.firstEdge[i + 1]; e++) if (edgeName[e] === name) return targets[e];
    return -1;
  };
  /** A closure's name and the file it comes from (its SharedFunctionInfo's script). */
  const where = (fn) => {
    const shared = child(fn, "shared");
    const script = shared >= 0 ? child(shared, "script") : -1;
    const file = script >= 0 ? child(script, "name") : -1;
    const url = file >= 0 ? rawName(file) : "?";
    return `${rawName(fn) || "(anonymous)"} @ ${url.replace(/^.*\/(node_modules|\.next)\//, "$1/")}`;
  };
  nodes.fn = (i) => (nodes.key[i].endsWith("(closure)") ? where(i) : nodes.key[i].startsWith("Generator") || nodes.key[i].startsWith("AsyncFunction") ? (child(i, "function") >= 0 ? `suspended ${where(child(i, "function"))}` : null) : null);
  return { nodes, targets, weak, count };
}

/** Growth per stream from snapshot a to b: by constructor, and by the nearest anchor holding each new object. */
function compare(a, b, streams) {
  const known = new Set(a.nodes.id);
  const byKey = new Map();
  const add = (map, key, bytes) => {
    const g = map.get(key) ?? { bytes: 0, count: 0 };
    g.bytes += bytes;
    g.count += 1;
    map.set(key, g);
  };
  const isNew = new Uint8Array(b.count);
  for (let i = 0; i < b.count; i++) if (!known.has(b.nodes.id[i])) isNew[i] = 1;
  const removed = new Map();
  const present = new Set(b.nodes.id);
  for (let i = 0; i < a.count; i++) if (!present.has(a.nodes.id[i])) add(removed, a.nodes.key[i], a.nodes.size[i]);
  for (let i = 0; i < b.count; i++) if (isNew[i]) add(byKey, b.nodes.key[i], b.nodes.size[i]);
  // Multi-source breadth-first walk from every new anchor object down its strong edges, over new objects only.
  const owner = new Array(b.count);
  let frontier = [];
  for (let i = 0; i < b.count; i++) {
    const name = b.nodes.key[i].replace(/ \((object|closure)\)$/, "");
    if (isNew[i] && ANCHORS.has(name)) {
      owner[i] = name;
      frontier.push(i);
    }
  }
  while (frontier.length) {
    const next = [];
    for (const i of frontier) {
      for (let e = b.nodes.firstEdge[i]; e < b.nodes.firstEdge[i + 1]; e++) {
        const j = b.targets[e];
        if (b.weak[e] || !isNew[j] || owner[j] !== undefined) continue;
        owner[j] = owner[i];
        next.push(j);
      }
    }
    frontier = next;
  }
  const byOwner = new Map();
  for (let i = 0; i < b.count; i++) if (isNew[i]) add(byOwner, owner[i] ?? "(no anchor)", b.nodes.size[i]);
  const byFunction = new Map();
  for (let i = 0; i < b.count; i++) {
    if (!isNew[i]) continue;
    const fn = b.nodes.fn(i);
    if (fn) add(byFunction, fn, b.nodes.size[i]);
  }
  const rows = (map, top) => [...map].map(([name, g]) => ({ name, kb: round(g.bytes / 1024 / streams, 2), count: round(g.count / streams, 1) }))
    .sort((x, y) => y.kb - x.kb).slice(0, top);
  const sum = (map) => [...map.values()].reduce((s, g) => s + g.bytes, 0);
  return {
    new_kb_per_stream: round(sum(byKey) / 1024 / streams, 1), freed_kb_per_stream: round(sum(removed) / 1024 / streams, 1),
    by_constructor: rows(byKey, 30), by_anchor: rows(byOwner, 30),
    // count per stream of each closure (and each suspended async function or generator), by name and file
    functions: rows(byFunction, 80).sort((x, y) => y.count - x.count),
  };
}

let db;
try {
  db = await startDatabases();
  const letta = await startLetta({ databaseUrl: db.lettaUrl, schema: db.lettaSchema });
  const next = await startNext({ databaseUrl: db.appUrl, lettaUrl: letta.url });
  let pipeUrl = null;
  let inspectPort = next.inspectPort;
  if (barePipe) {
    inspectPort = await new Promise((resolve) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
    const child = spawn(process.execPath, [`--inspect=127.0.0.1:${inspectPort}`, path.join(root, "bench/lib/bare-pipe.mjs")], {
      env: { ...process.env, UPSTREAM: letta.url }, stdio: ["ignore", "pipe", "ignore"],
    });
    process.on("exit", () => child.kill());
    pipeUrl = `http://127.0.0.1:${await new Promise((resolve) => child.stdout.once("data", (d) => resolve(String(d).trim())))}`;
  }
  const inspector = await connectInspector(inspectPort);
  const max = Math.max(...levels);
  const users = await createUsers(db.appPool, max + 20);
  await prepareUsers({ baseUrl: next.url, lettaUrl: letta.url, pool: db.appPool, users });
  const open = (user, text) => {
    const state = { answered: false, chunks: 0 };
    const times = { push: () => { state.chunks += 1; } };
    const otid = crypto.randomUUID();
    const done = httpStream({
      ...(pipeUrl
        ? { url: `${pipeUrl}/v1/conversations/${user.conversationId}/messages`, headers: {}, body: { messages: [{ role: "user", content: text, otid }], stream_tokens: true, background: true, include_pings: true } }
        : { url: `${next.url}${route}`, headers: { cookie: user.cookie }, body: { text, otid, conversationId: user.conversationId } }),
      timeoutMs: 300_000, times, onResponse: () => { state.answered = true; },
    });
    return { state, done };
  };
  // Warm-up: 20 short turns to the end, so code is compiled and pools are open before anything is weighed.
  const warm = await Promise.all(users.slice(max, max + 20).map((u) => open(u, "warm up").done));
  console.log(`warm-up: ${warm.filter((r) => r.ok).length}/20 ok`, warm.find((r) => !r.ok)?.error ?? "");
  await control(letta.url, "POST", { type: "long_reply", match: "mem-probe", count: max, tokens: 600, token_delay_ms: 100 });
  const streams = [];
  const readings = [];
  let previous = null;
  for (const level of levels) {
    while (streams.length < level) {
      streams.push(open(users[streams.length], "mem-probe: a long answer please"));
      if (streams.length % 20 === 0) await sleep(50);
    }
    while (streams.some((s) => !s.state.answered || s.state.chunks === 0)) await sleep(100);
    await sleep(1000);
    const live = await inspector.liveBytes();
    const heap = snapshots ? await snapshot(inspector) : null;
    const openNow = streams.filter((s) => s.state.chunks > 0).length;
    const reading = { level, open: openNow, live_mb: round(live.live / 2 ** 20, 2), heap_mb: round(live.heapUsed / 2 ** 20, 2), external_mb: round(live.external / 2 ** 20, 2), rss_mb: round(live.rss / 2 ** 20, 1) };
    if (previous) {
      reading.kb_per_stream = round((live.live - previous.live.live) / 1024 / (openNow - previous.open), 1);
      reading.heap_kb_per_stream = round((live.heapUsed - previous.live.heapUsed) / 1024 / (openNow - previous.open), 1);
      reading.external_kb_per_stream = round((live.external - previous.live.external) / 1024 / (openNow - previous.open), 1);
      if (heap) reading.heap = compare(previous.heap, heap, openNow - previous.open);
    }
    console.log(JSON.stringify(reading, null, 1));
    readings.push(reading);
    previous = { live, heap, open: openNow };
  }
  await control(letta.url, "DELETE");
  for (const s of streams) s.done.catch(() => undefined);
  console.log(JSON.stringify({ root, route: pipeUrl ? "bare pipe" : route, levels: readings.map(({ heap, ...r }) => r) }));
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await stopAll();
  await db?.cleanUp();
  process.exit();
}
