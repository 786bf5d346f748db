// Benchmark: the proxy against the physical floor of one extra hop (issue #16). A bare Node `http` server
// (bench/lib/bare-pipe.mjs, no framework) forwards the same send to the same letta-local and pipes the stream back.
// Side by side in one run, arms alternating:
//   - TTFT at 1 stream: Threadline, the bare pipe and letta-local directly, the same turn on the same conversation,
//     all three over fetch and read by the same scanner (ttft.mjs's direct arm uses the SDK; here it is raw fetch
//     for all three, so that only the hop differs);
//   - CPU per 1,000 chunks: the same N long streams through Threadline and through the pipe (streaming.mjs's arm),
//     CPU of each server's process group from /proc;
//   - CPU per 1,000-token reply through Threadline: what a serverless platform bills as active CPU (the send's
//     gate and Letta call included), and the same through the pipe.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import readline from "node:readline";
import { ROOT } from "../../scripts/lib/services.mjs";
import { fetchTurn, httpStream } from "./sse.mjs";
import { monotonicUs } from "./profile.mjs";
import { groupPids, usage } from "./stack.mjs";
import { control, request, runArm } from "./streaming.mjs";
import { difference, round, sleep, summary } from "./stats.mjs";

const TEXT = "Benchmark turn: please explain how a streaming proxy adds latency, in a short list.";

/** The bare pipe in its own process group; resolves once it listens. */
async function startPipe(lettaUrl) {
  const child = spawn(process.execPath, [path.join(ROOT, "bench/lib/bare-pipe.mjs")], {
    env: { ...process.env, UPSTREAM: lettaUrl }, detached: true, stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the bare pipe did not start within 10 s")), 10_000);
    readline.createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      resolve(Number(line));
    });
    child.once("exit", (code) => reject(new Error(`the bare pipe exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pids: () => groupPids(child.pid),
    stop: () => {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    },
  };
}

/** One turn through an arm, as raw fetch. */
function turnVia(arm, o, user) {
  const { url, headers, body } = request(arm, o, user, TEXT);
  return () => fetchTurn(() => fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }));
}

async function ttftTriples(o) {
  const arms = ["proxy", "pipe", "direct"];
  const times = { proxy: [], pipe: [], direct: [] };
  const paired = { proxy: [], pipe: [] };
  const failures = { proxy: 0, pipe: 0, direct: 0 };
  const errors = [];
  for (let k = 0; k < o.warmup + o.pairs; k++) {
    const user = o.users[k % o.users.length];
    // Rotate which arm goes first, second and third.
    const order = arms.map((_, i) => arms[(i + k) % arms.length]);
    const turn = {};
    for (const arm of order) turn[arm] = await turnVia(arm, o, user)();
    if (k < o.warmup) continue;
    for (const arm of arms) {
      if (turn[arm].ok) times[arm].push(turn[arm].ttftMs);
      else {
        failures[arm] += 1;
        if (errors.length < 5) errors.push(`${arm}: ${turn[arm].error}`);
      }
    }
    for (const arm of ["proxy", "pipe"]) if (turn[arm].ok && turn.direct.ok) paired[arm].push(turn[arm].ttftMs - turn.direct.ttftMs);
  }
  const s = Object.fromEntries(arms.map((arm) => [arm, summary(times[arm])]));
  return {
    turns_per_arm: o.pairs, warmup_turns_per_arm: o.warmup, failures, errors,
    proxy_ms: s.proxy, pipe_ms: s.pipe, direct_ms: s.direct,
    proxy_added_ms: difference(s.proxy, s.direct), pipe_added_ms: difference(s.pipe, s.direct),
    proxy_added_paired_p50_ms: summary(paired.proxy).p50, pipe_added_paired_p50_ms: summary(paired.pipe).p50,
  };
}

/** `replies` replies of `tokens` tokens at once through one arm; CPU of its server over the whole of it. */
async function replyCost(arm, o, pids) {
  const match = `bench-cost-${randomUUID().slice(0, 8)}`;
  await control(o.lettaUrl, "POST", { type: "long_reply", match, count: o.replies, tokens: o.replyTokens, token_delay_ms: o.replyTokenDelayMs });
  const text = `${match}: please write a long answer.`;
  const before = usage(pids).cpuS;
  const from = monotonicUs();
  const results = await Promise.all(o.users.slice(0, o.replies).map((user) => httpStream({
    ...request(arm, o, user, text), timeoutMs: 60_000 + o.replyTokens * o.replyTokenDelayMs * 4,
  })));
  const cpuS = usage(pids).cpuS - before;
  const window = { from, to: monotonicUs() };
  await control(o.lettaUrl, "DELETE");
  const ok = results.filter((r) => r.ok);
  return {
    replies: o.replies, failed: results.length - ok.length, errors: [...new Set(results.filter((r) => !r.ok).map((r) => r.error))].slice(0, 3),
    chunks_per_reply: ok.length ? round(ok.reduce((n, r) => n + r.chunks, 0) / ok.length, 0) : null,
    // Per 1,000 tokens, whatever the reply length configured (the send itself is counted once per reply).
    cpu_ms_per_1000_token_reply: ok.length ? round((cpuS * 1000) / ok.length / (o.replyTokens / 1000), 1) : null,
    profile_window_us: window, // to cut the server's CPU profile (--profile)
  };
}

/**
 * @param o {{ baseUrl, lettaUrl, users, nextPids, lettaPids, ttft: { pairs, warmup }, streams, tokens, tokenDelayMs,
 *   rampS, replies, replyTokens, replyTokenDelayMs, proxyFirst }}
 */
export async function runFloor(o) {
  const pipe = await startPipe(o.lettaUrl);
  try {
    const common = { ...o, pipeUrl: pipe.url };
    const pipePids = pipe.pids();
    const ttft = await ttftTriples({ ...common, ...o.ttft });
    // Streaming: the same n streams through each server, one arm after the other, order alternating per run.
    const stream = {};
    for (const arm of o.proxyFirst ? ["proxy", "pipe"] : ["pipe", "proxy"]) {
      stream[arm] = await runArm(arm, { ...common, n: o.streams, nextPids: arm === "proxy" ? o.nextPids : pipePids, inspector: null, heapDiff: false });
      await sleep(1500);
    }
    const cpu = (arm) => stream[arm].next_cpu_s_per_1000_chunks;
    const cost = {};
    for (const arm of o.proxyFirst ? ["proxy", "pipe"] : ["pipe", "proxy"]) cost[arm] = await replyCost(arm, common, arm === "proxy" ? o.nextPids : pipePids);
    return {
      ttft_1: ttft,
      streaming: {
        streams: o.streams, tokens_per_reply: o.tokens, token_delay_ms: o.tokenDelayMs,
        proxy_cpu_s_per_1000_chunks: cpu("proxy"), pipe_cpu_s_per_1000_chunks: cpu("pipe"),
        proxy_cpu_s_per_1000_chunks_streaming: stream.proxy.next_cpu_s_per_1000_chunks_streaming,
        pipe_cpu_s_per_1000_chunks_streaming: stream.pipe.next_cpu_s_per_1000_chunks_streaming,
        letta_cpu_s_per_1000_chunks: stream.proxy.letta_cpu_s_per_1000_chunks,
        cpu_ratio: round(cpu("proxy") / cpu("pipe"), 2),
        cpu_ratio_streaming: round(stream.proxy.next_cpu_s_per_1000_chunks_streaming / stream.pipe.next_cpu_s_per_1000_chunks_streaming, 2),
        machine_busy_pct: { proxy: stream.proxy.machine_busy_pct, pipe: stream.pipe.machine_busy_pct },
        failed: { proxy: stream.proxy.failed, pipe: stream.pipe.failed }, errors: [...(stream.proxy.errors ?? []), ...(stream.pipe.errors ?? [])],
        inter_chunk_ms: { proxy: stream.proxy.inter_chunk_ms, pipe: stream.pipe.inter_chunk_ms },
        profile_window_us: stream.proxy.profile_window_us, // all streams open through Threadline (--profile)
      },
      reply_cost: { reply_tokens: o.replyTokens, token_delay_ms: o.replyTokenDelayMs, proxy: cost.proxy, pipe: cost.pipe },
    };
  } finally {
    pipe.stop();
  }
}
