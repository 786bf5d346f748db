// Benchmark 2: N concurrent users each receiving a long reply (letta-local's `long_reply` fault: a fixed number of
// tokens at a fixed pace), through Threadline and directly, one arm after the other on the same N conversations.
// Measured at the client: gaps between consecutive chunks and chunks/s; at the server: CPU and RSS of the
// Next server's process group from /proc.
import { randomUUID } from "node:crypto";
import { heapDiffer } from "./heap.mjs";
import { httpStream } from "./sse.mjs";
import { listenOverflows, machineTicks, sampleAt, sampler } from "./stack.mjs";
import { monotonicUs } from "./profile.mjs";
import { percentile, round, sleep } from "./stats.mjs";

/** performance.now() (ms) → the monotonic µs a .cpuprofile uses, to cut the server's profile to a window. */
const toMonotonicUs = (ms) => Math.round(monotonicUs() - performance.now() * 1000 + ms * 1000);

export async function control(lettaUrl, method, body) {
  const response = await fetch(`${lettaUrl}/_control/faults`, {
    method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`/_control/faults ${method} failed: ${response.status}`);
}

/** proxy: Threadline's send route; direct: letta-local; pipe: the same call through the bare pipe (floor.mjs). */
export function request(arm, { baseUrl, lettaUrl, pipeUrl }, user, text) {
  const otid = randomUUID();
  if (arm === "proxy") {
    return { url: `${baseUrl}/api/chat/messages`, headers: { cookie: user.cookie }, body: { text, otid } };
  }
  return {
    url: `${arm === "pipe" ? pipeUrl : lettaUrl}/v1/conversations/${user.conversationId}/messages`, headers: {},
    body: { messages: [{ role: "user", content: text, otid }], stream_tokens: true, background: true, include_pings: true },
  };
}

/** Chunks whose arrival time lies in [from, to], over all streams (times are sorted per stream). */
function chunksBetween(streams, from, to) {
  let count = 0;
  for (const s of streams) {
    for (const t of s.times) if (t >= from && t <= to) count += 1;
  }
  return count;
}

/**
 * Live bytes of the Next server (after a forced GC) with the streams open right now; the in-flight sends count too,
 * since they are part of what that many users cost.
 */
async function measureOpen(probe, inspector, live) {
  // The forced GC stops the server for 0.5–2 s. Only the proxy arm pays it, so it must not land while requests
  // still wait to be answered: they would sit in the listen queue (and overflow it) because of the bench itself.
  // So wait until every request has its response headers (or has ended), then weigh what is open at that moment.
  let waited = false;
  while (live.some((s) => !s.answered && !s.ended)) {
    waited = true;
    await sleep(100);
  }
  probe.open = live.filter((s) => s.times.length > 0 && !s.ended).length + (waited ? 0 : 1); // + the stream that just ended
  probe.waited_for_answers = waited;
  const from = performance.now();
  probe.after = await inspector.liveBytes();
  if (probe.diff) probe.heap = await probe.diff(probe.open);
  probe.at = { from, to: performance.now() };
}

/** The most streams that were receiving at the same moment (each open from its first to its last chunk). */
function peakOpen(streams) {
  const events = [];
  for (const s of streams) if (s.times.length) events.push([s.times[0], 1], [s.times.at(-1), -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, step] of events) peak = Math.max(peak, (open += step));
  return peak;
}

/**
 * One arm: open `n` streams, arrivals spread evenly over `rampS` seconds (users do not all press Send in the same
 * millisecond; with replies longer than the ramp, all n are open together afterwards), and read them all.
 */
export async function runArm(arm, o) {
  const { n, tokens, tokenDelayMs, rampS, users, lettaUrl, nextPids, lettaPids } = o;
  const match = `bench-long-${randomUUID().slice(0, 8)}`;
  await control(lettaUrl, "POST", { type: "long_reply", match, count: n, tokens, token_delay_ms: tokenDelayMs });
  const text = `${match}: please write a long answer.`;
  const timeoutMs = 120_000 + tokens * tokenDelayMs * 3;
  const overflowsBefore = listenOverflows();
  const probe = arm === "proxy" && o.inspector ? { before: await o.inspector.liveBytes() } : null;
  if (probe && o.heapDiff) probe.diff = await heapDiffer(o.inspector);
  const next = sampler(nextPids);
  const letta = sampler(lettaPids);
  const [ownCpu0, machine0] = [process.cpuUsage(), machineTicks()]; // the load generator shares the 2 cores
  const t0 = performance.now();
  const pending = [];
  const live = []; // per stream: chunk times (filled as they arrive) and whether it has ended
  for (let i = 0; i < n; i++) {
    const state = { times: [], ended: false, answered: false };
    live.push(state);
    const onResponse = () => { state.answered = true; };
    pending.push(httpStream({ ...request(arm, o, users[i], text), timeoutMs, times: state.times, onResponse }).then((result) => {
      state.ended = true;
      // When the first stream ends the most streams are open: weigh the server's live memory then, once.
      if (probe && !probe.started) probe.started = measureOpen(probe, o.inspector, live);
      return result;
    }));
    const due = t0 + ((i + 1) * rampS * 1000) / n; // in steps of ≥ 10 ms: timers are no finer anyway
    if (due - performance.now() >= 10) await sleep(due - performance.now());
  }
  const results = await Promise.all(pending);
  const [ownCpu, machine1] = [process.cpuUsage(ownCpu0), machineTicks()];
  await probe?.started;
  const overflows = listenOverflows() - overflowsBefore;
  const nextSamples = next.stop();
  const lettaSamples = letta.stop();
  await control(lettaUrl, "DELETE"); // faults left over by failed sends must not leak into the next arm
  const ok = results.filter((r) => r.ok);
  const failed = results.length - ok.length;
  const bad = results.filter((r) => !r.ok);
  const errors = [...new Set(bad.map((r) => r.error))].slice(0, 5);
  // When failures happen says what failed them (e.g. all near 60 s: a server-side headers timeout).
  const failedAfterS = bad.length ? { p50: round(percentile(bad.map((r) => r.endMs), 0.5) / 1000, 1), max: round(Math.max(...bad.map((r) => r.endMs)) / 1000, 1) } : null;
  if (!ok.length) return { arm, streams: n, failed, errors, failed_after_s: failedAfterS, listen_queue_overflows: overflows };

  // Gaps of failed streams count too: they are real waits a user sat through. Gaps spanning the bench's own
  // forced GC (the memory probe) are left out: that pause is ours, not the proxy's.
  const gaps = [];
  let skipped = 0;
  const [gcFrom, gcTo] = probe?.at ? [probe.at.from, probe.at.to] : [Infinity, -Infinity];
  for (const s of results) {
    for (let i = 1; i < s.times.length; i++) {
      if (s.times[i] >= gcFrom && s.times[i - 1] <= gcTo) skipped += 1;
      else gaps.push(s.times[i] - s.times[i - 1]);
    }
  }
  const totalChunks = results.reduce((sum, r) => sum + r.chunks, 0);
  const delivered = results.filter((r) => r.times.length); // every chunk that arrived counts as throughput
  const first = Math.min(...delivered.map((s) => s.times[0]));
  const last = Math.max(...delivered.map((s) => s.times.at(-1)));
  // Steady state: from the moment every stream has its first chunk to the moment the first one ends.
  const allOpen = Math.max(...ok.map((s) => s.times[0]));
  const firstEnd = Math.min(...ok.map((s) => s.times.at(-1)));
  const steady = firstEnd - allOpen >= 1000;
  const [from, to] = steady ? [allOpen, firstEnd] : [first, last];
  const windowChunks = chunksBetween(delivered, from, to);
  const cpu = (samples, a, b) => sampleAt(samples, b).cpuS - sampleAt(samples, a).cpuS;
  const phaseCpu = nextSamples.at(-1).cpuS - nextSamples[0].cpuS;
  const peakRss = Math.max(...nextSamples.filter((s) => s.t >= from && s.t <= to).map((s) => s.rssBytes), 0);
  return {
    arm, streams: n, failed, errors, failed_after_s: failedAfterS, listen_queue_overflows: overflows,
    peak_open_streams: peakOpen(results),
    chunks_per_stream: round(totalChunks / results.length, 1),
    first_chunk_ms: { p50: round(percentile(ok.map((s) => s.times[0] - s.t0), 0.5)), p99: round(percentile(ok.map((s) => s.times[0] - s.t0), 0.99)) },
    inter_chunk_ms: { p50: round(percentile(gaps, 0.5)), p99: round(percentile(gaps, 0.99)), n: gaps.length, left_out_for_gc_probe: skipped },
    chunks_per_s: round(windowChunks / ((to - from) / 1000), 0),
    // Each stream's own delivery rate, first to last chunk: free of the send burst's stagger.
    per_stream_chunks_per_s_p50: round(percentile(delivered.filter((s) => s.times.length > 1).map((s) => (s.times.length - 1) / ((s.times.at(-1) - s.times[0]) / 1000)), 0.5), 1),
    window: steady ? "all streams open" : "first to last chunk (streams never all open at once)",
    window_s: round((to - from) / 1000, 1),
    wall_s: round((performance.now() - t0) / 1000, 1),
    next_cpu_s: round(phaseCpu, 2),
    next_cpu_s_per_1000_chunks: arm !== "direct" ? round(phaseCpu / (totalChunks / 1000), 3) : null,
    next_cpu_s_per_1000_chunks_streaming: arm !== "direct" ? round(cpu(nextSamples, from, to) / (windowChunks / 1000), 3) : null,
    letta_cpu_s_per_1000_chunks: round((lettaSamples.at(-1).cpuS - lettaSamples[0].cpuS) / (totalChunks / 1000), 3),
    // Is the load generator (this process) or the machine the limit? Both over the whole arm.
    loadgen_cpu_s_per_1000_chunks: round((ownCpu.user + ownCpu.system) / 1e6 / (totalChunks / 1000), 3),
    machine_busy_pct: round(100 * (1 - (machine1.idle - machine0.idle) / (machine1.total - machine0.total)), 0),
    next_rss_before_mb: round(nextSamples[0].rssBytes / 2 ** 20, 1),
    next_rss_peak_mb: round(peakRss / 2 ** 20, 1),
    // Per stream actually open at the peak (fewer than n when the send path lets them in one by one).
    next_rss_kb_per_stream: arm === "proxy" ? round((peakRss - nextSamples[0].rssBytes) / 1024 / peakOpen(results), 1) : null,
    profile_window_us: { from: toMonotonicUs(from), to: toMonotonicUs(to) },
    live_memory: probe?.open ? {
      open_streams: probe.open, before_mb: round(probe.before.live / 2 ** 20, 1), at_peak_mb: round(probe.after.live / 2 ** 20, 1),
      kb_per_open_stream: round((probe.after.live - probe.before.live) / 1024 / probe.open, 1), gc_pause_ms: round(probe.after.gcMs, 0),
      waited_for_all_answered: probe.waited_for_answers,
      heap_growth_per_stream_by_constructor: probe.heap, // --profile only
    } : null,
  };
}

/**
 * @param o {{ baseUrl, lettaUrl, users, n, tokens, tokenDelayMs, rampS, nextPids, lettaPids, proxyFirst, inspector }}
 *   inspector: the Next server's (bench/lib/inspector.mjs), for live memory per open stream; null to skip.
 *   heapDiff: also compare heap snapshots by constructor (slow; --profile).
 * Both arms stream the same reply to the same n conversations; their order alternates between calls.
 */
export async function runStreaming(o) {
  const order = o.proxyFirst ? ["proxy", "direct"] : ["direct", "proxy"];
  const arms = {};
  for (const arm of order) {
    arms[arm] = await runArm(arm, o);
    await sleep(1500); // let both servers settle (GC, closing sockets) before the other arm
  }
  const { proxy, direct } = arms;
  const both = proxy.inter_chunk_ms && direct.inter_chunk_ms;
  return {
    streams: o.n, tokens_per_reply: o.tokens, token_delay_ms: o.tokenDelayMs, ramp_s: o.rampS, order,
    added_inter_chunk_ms: both ? {
      p50: round(proxy.inter_chunk_ms.p50 - direct.inter_chunk_ms.p50), p99: round(proxy.inter_chunk_ms.p99 - direct.inter_chunk_ms.p99),
    } : null,
    throughput_ratio: both ? round(proxy.chunks_per_s / direct.chunks_per_s, 3) : null,
    proxy, direct,
  };
}
