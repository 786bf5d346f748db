/**
 * Load test for letta-local: N concurrent token streams against a server on loopback.
 *
 *   tsx letta-local/bench/load.ts --streams 2000 --token-delay 25
 *
 * Starts the server as a child process (so client and server get their own cores) on a throwaway schema, creates
 * one agent and N conversations, then opens N `stream_tokens` sends at once and counts SSE chunks. Bounded by
 * --timeout (s). Options: --streams, --token-delay (ms), --tokens (reply length via the long_reply fault),
 * --background, --url (use a running server with LETTA_LOCAL_CONTROL=1 instead of starting one), --timeout.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import pg from "pg";

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const key = process.argv[i]!.replace(/^--/, "");
  const next = process.argv[i + 1];
  if (next !== undefined && !next.startsWith("--")) {
    args.set(key, next);
    i++;
  } else args.set(key, "true");
}
const streams = Number(args.get("streams") ?? 2000);
const tokenDelay = Number(args.get("token-delay") ?? 25);
const tokens = args.has("tokens") ? Number(args.get("tokens")) : null;
const background = args.get("background") === "true";
const timeoutS = Number(args.get("timeout") ?? 180);
const databaseUrl = process.env.LETTA_LOCAL_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function request(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: { id?: string } | null }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(`${base}${path}`, { method, agent, headers: { "content-type": "application/json" } }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (chunk: Buffer) => parts.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(parts).toString();
        resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as { id?: string }) : null });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

async function startServer(schema: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "letta-local/src/main.ts"], {
    env: { ...process.env, LETTA_LOCAL_PORT: "0", LETTA_LOCAL_SCHEMA: schema, LETTA_LOCAL_CONTROL: "1", LETTA_LOCAL_TOKEN_DELAY_MS: String(tokenDelay), LETTA_LOCAL_DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = /listening on (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, child };
}

/** CPU seconds (user+system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface StreamResult {
  chunks: number;
  firstChunkMs: number;
  doneMs: number;
  ok: boolean;
}

function openStream(base: string, conversationId: string, started: number): Promise<StreamResult> {
  return new Promise((resolve) => {
    const result: StreamResult = { chunks: 0, firstChunkMs: 0, doneMs: 0, ok: false };
    const body = JSON.stringify({ input: "Tell me how a load test with many concurrent streams behaves", stream_tokens: true, background });
    const req = http.request(`${base}/v1/conversations/${conversationId}/messages`, { method: "POST", agent, headers: { "content-type": "application/json" } }, (res) => {
      let tail = "";
      res.setEncoding("utf8");
      res.on("data", (text: string) => {
        const joined = tail + text;
        let index = joined.indexOf("\n\n");
        let last = 0;
        while (index >= 0) {
          if (joined.startsWith("data: {\"id\":\"message-", last)) {
            result.chunks += 1;
            if (!result.firstChunkMs) result.firstChunkMs = Date.now() - started;
          }
          if (joined.startsWith("data: [DONE]", last)) result.ok = true;
          last = index + 2;
          index = joined.indexOf("\n\n", last);
        }
        tail = joined.slice(last);
      });
      res.on("end", () => resolve({ ...result, doneMs: Date.now() - started }));
    });
    req.on("error", () => resolve({ ...result, doneMs: Date.now() - started }));
    req.end(body);
  });
}

async function inBatches<T>(count: number, size: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, j) => task(i + j)))));
  return out;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;

const schema = `letta_bench_${randomBytes(4).toString("hex")}`;
const external = args.get("url");
const server = external ? { url: external, child: null } : await startServer(schema);
const killer = setTimeout(() => {
  console.error(`timeout after ${timeoutS}s`);
  server.child?.kill("SIGKILL");
  process.exit(2);
}, timeoutS * 1000);
try {
  const agentState = await request(server.url, "POST", "/v1/agents/", { name: `bench-${schema}` });
  const conversations = await inBatches(streams, 50, async () => String((await request(server.url, "POST", `/v1/conversations/?agent_id=${agentState.json?.id}`, {})).json?.id));
  if (tokens !== null) await request(server.url, "POST", "/_control/faults", { type: "long_reply", tokens, count: streams, match: "load test" });
  const cpuBefore = server.child?.pid ? cpuSeconds(server.child.pid) : 0;
  const started = Date.now();
  const results = await Promise.all(conversations.map((id) => openStream(server.url, id, started)));
  const elapsedS = (Date.now() - started) / 1000;
  const cpu = server.child?.pid ? cpuSeconds(server.child.pid) - cpuBefore : NaN;
  const totalChunks = results.reduce((n, r) => n + r.chunks, 0);
  const ok = results.filter((r) => r.ok).length;
  const report = {
    streams,
    completed_with_done: ok,
    failed: streams - ok,
    token_delay_ms: tokenDelay,
    background,
    chunks_per_stream: Math.round(totalChunks / Math.max(1, ok)),
    total_chunks: totalChunks,
    wall_s: Number(elapsedS.toFixed(2)),
    chunks_per_s: Math.round(totalChunks / elapsedS),
    first_chunk_ms_p50: percentile(results.map((r) => r.firstChunkMs), 0.5),
    first_chunk_ms_p99: percentile(results.map((r) => r.firstChunkMs), 0.99),
    stream_ms_p50: percentile(results.map((r) => r.doneMs), 0.5),
    stream_ms_p99: percentile(results.map((r) => r.doneMs), 0.99),
    server_cpu_s: Number(cpu.toFixed(2)),
    server_cpu_util: Number((cpu / elapsedS).toFixed(2)),
  };
  console.log(JSON.stringify(report, null, 2));
} finally {
  clearTimeout(killer);
  agent.destroy();
  if (server.child) {
    server.child.kill("SIGTERM");
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}
