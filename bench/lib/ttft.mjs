// Benchmark 1: time to first assistant token, through Threadline's send route (signed in, as the browser sends
// it) minus through a direct SDK call to the same Letta, for the same turn on the same conversation.
// Each pair of turns runs both arms back to back on one user's conversation, in alternating order, so drift in
// machine load hits both arms alike.
import { randomUUID } from "node:crypto";
import Letta from "@letta-ai/letta-client";
import { monotonicUs } from "./profile.mjs";
import { fetchTurn } from "./sse.mjs";
import { usage } from "./stack.mjs";
import { difference, percentile, round, summary } from "./stats.mjs";

// An ordinary message (no tool or memory cue): the offline model streams a short reasoning, then ~50 reply tokens.
const TEXT = "Benchmark turn: please explain how a streaming proxy adds latency, in a short list.";

/** Threadline: POST /api/chat/messages with the session cookie, as hooks/use-chat.ts does. */
function viaThreadline(baseUrl, user) {
  return () => fetch(`${baseUrl}/api/chat/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: user.cookie },
    body: JSON.stringify({ text: TEXT, otid: randomUUID() }),
  });
}

/** Direct: the SDK call lib/chat/runs.ts makes, same parameters, read as raw bytes like the other arm. */
function viaSdk(letta, user) {
  return () => letta.conversations.messages.create(
    user.conversationId,
    { messages: [{ role: "user", content: TEXT, otid: randomUUID() }], stream_tokens: true, background: true, include_pings: true },
    { maxRetries: 0 },
  ).asResponse();
}

/**
 * @param {{ baseUrl: string, lettaUrl: string, users: object[], concurrency: number, pairs: number, warmupPairs: number }} o
 *   pairs: measured turns per arm; users: a pool rotated so that no user nears the 20 sends/min limit;
 *   nextPids: the Next server's processes, for its CPU time per proxied turn.
 */
export async function runTtft({ baseUrl, lettaUrl, users, concurrency, pairs, warmupPairs, nextPids = [] }) {
  const letta = new Letta({ baseURL: lettaUrl, apiKey: null, maxRetries: 0, timeout: 60_000 });
  const results = { proxy: [], direct: [], paired: [], failures: { proxy: 0, direct: 0 }, errors: [] };
  let userIndex = 0;

  async function pair(worker, k, record) {
    const user = concurrency === 1 ? users[userIndex++ % users.length] : users[worker];
    const arms = [["proxy", viaThreadline(baseUrl, user)], ["direct", viaSdk(letta, user)]];
    if ((worker + k) % 2 === 1) arms.reverse(); // alternate which arm goes first
    const turn = {};
    for (const [arm, start] of arms) turn[arm] = await fetchTurn(start);
    if (!record) return;
    for (const arm of ["proxy", "direct"]) {
      if (turn[arm].ok) results[arm].push(turn[arm].ttftMs);
      else {
        results.failures[arm] += 1;
        if (results.errors.length < 5) results.errors.push(`${arm}: ${turn[arm].error}`);
      }
    }
    if (turn.proxy.ok && turn.direct.ok) results.paired.push(turn.proxy.ttftMs - turn.direct.ttftMs);
  }

  const perWorker = Math.ceil(pairs / concurrency);
  const warmPerWorker = Math.max(1, Math.ceil(warmupPairs / concurrency));
  const phase = (count, record) => Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    for (let k = 0; k < count; k++) await pair(worker, k, record);
  }));
  await phase(warmPerWorker, false); // JIT, connection pools, the route's first compile of its modules
  const t0 = performance.now();
  const window = { from: monotonicUs() };
  const cpuBefore = usage(nextPids).cpuS;
  await phase(perWorker, true);
  const nextCpuS = usage(nextPids).cpuS - cpuBefore; // only the proxied turns make the Next server work
  window.to = monotonicUs();
  const proxy = summary(results.proxy);
  const direct = summary(results.direct);
  return {
    concurrency,
    turns_per_arm: perWorker * concurrency,
    warmup_turns_per_arm: warmPerWorker * concurrency,
    wall_s: round((performance.now() - t0) / 1000, 1),
    proxy_ms: proxy,
    direct_ms: direct,
    added_ms: difference(proxy, direct),
    paired_difference_p50_ms: round(percentile(results.paired, 0.5)),
    next_cpu_ms_per_turn: round((nextCpuS * 1000) / (perWorker * concurrency), 1), // send path + streaming the ~50-chunk reply
    failures: results.failures,
    errors: results.errors,
    profile_window_us: window, // the measured turns, to cut the server's CPU profile (--profile)
  };
}
