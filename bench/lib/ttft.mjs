// Benchmark 1: time to first assistant token, through Threadline's send route (signed in, as the browser sends
// it) minus through a direct SDK call to the same Letta, for the same turn on the same conversation.
// Each pair of turns runs both arms back to back on one user's conversation, in alternating order, so drift in
// machine load hits both arms alike.
import { randomUUID } from "node:crypto";
import http from "node:http";
import os from "node:os";
import { Readable } from "node:stream";
import Letta from "@letta-ai/letta-client";
import { monotonicUs } from "./profile.mjs";
import { fetchTurn } from "./sse.mjs";
import { groupPids, machineTicks, startBalancer, startNext, stopChild, usage } from "./stack.mjs";
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

/**
 * Threadline as `viaThreadline`, over a new connection closed after the reply (node:http without an agent), as
 * nginx connects to an instance (HTTP/1.0, no upstream keepalive: deploy/nginx/threadline.conf): fetch keeps its
 * connections alive, so this shows what a connection per send costs without nginx. The client differs from the
 * other arms' fetch, and that costs something too (a control with a keep-alive agent: bench/README.md).
 */
function viaThreadlineNewConnection(baseUrl, user) {
  return () => new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}/api/chat/messages`, {
      method: "POST", agent: false, headers: { "content-type": "application/json", cookie: user.cookie },
    }, (response) => {
      const headers = Object.entries(response.headers).filter(([, value]) => typeof value === "string");
      resolve(new Response(Readable.toWeb(response), { status: response.statusCode, headers }));
    });
    request.on("error", reject);
    request.end(JSON.stringify({ text: TEXT, otid: randomUUID() }));
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
 * One pair: the same turn through Threadline at `baseUrl` and directly through the SDK, on one user's conversation,
 * back to back in the given order. `proxy.upstream` names the instance that answered when a balancer in front
 * of the instances says so (nginx's X-Threadline-Upstream, scripts/lib/cluster/nginx.mjs).
 */
async function turnPair({ baseUrl, letta, user, proxyFirst, newConnection = false }) {
  let upstream = null;
  const proxy = () => (newConnection ? viaThreadlineNewConnection : viaThreadline)(baseUrl, user)().then((response) => {
    upstream = response.headers.get("x-threadline-upstream");
    return response;
  });
  const arms = [["proxy", proxy], ["direct", viaSdk(letta, user)]];
  if (!proxyFirst) arms.reverse();
  const turn = {};
  for (const [arm, start] of arms) turn[arm] = await fetchTurn(start);
  turn.proxy.upstream = upstream;
  return turn;
}

/** Adds a measured pair to `results` ({ proxy, direct, paired, failures, errors }): failures counted, never timed. */
function recordPair(results, turn) {
  for (const arm of ["proxy", "direct"]) {
    if (turn[arm].ok) results[arm].push(turn[arm].ttftMs);
    else {
      results.failures[arm] += 1;
      if (results.errors.length < 5) results.errors.push(`${arm}: ${turn[arm].error}`);
    }
  }
  if (turn.proxy.ok && turn.direct.ok) results.paired.push(turn.proxy.ttftMs - turn.direct.ttftMs);
}

const emptyResults = () => ({ proxy: [], direct: [], paired: [], failures: { proxy: 0, direct: 0 }, errors: [] });

/**
 * @param {{ baseUrl: string, lettaUrl: string, users: object[], concurrency: number, pairs: number, warmupPairs: number }} o
 *   pairs: measured turns per arm; users: a pool rotated so that no user nears the 20 sends/min limit;
 *   nextPids: the Next server's processes, for its CPU time per proxied turn.
 */
export async function runTtft({ baseUrl, lettaUrl, users, concurrency, pairs, warmupPairs, nextPids = [] }) {
  const letta = new Letta({ baseURL: lettaUrl, apiKey: null, maxRetries: 0, timeout: 60_000 });
  const results = emptyResults();
  let userIndex = 0;

  async function pair(worker, k, record) {
    const user = concurrency === 1 ? users[userIndex++ % users.length] : users[worker];
    // alternate which arm goes first
    const turn = await turnPair({ baseUrl, letta, user, proxyFirst: (worker + k) % 2 === 0 });
    if (record) recordPair(results, turn);
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

/**
 * Scale-out (issue #16): is the 100-concurrent burst's added TTFT a matter of one JS thread, so that more
 * processes behind a balancer cut it? The same burst as ttft_100 (the same pairs, the same turn, the same
 * letta-local, the same users in every arm of a round) through three front ends in turn:
 *   one     the bench's `next start` (instance a), directly, as ttft_100 measures it;
 *   one_new_conn  the same, over a new connection per send (as nginx connects to an instance);
 *   nginx1  nginx → instance a: what nginx itself adds (a new upstream connection per request, HTTP/1.0);
 *   nginx2  nginx → instances a and b (round robin; b is a second `next start` of the same build).
 * nginx2 − nginx1 is the scale-out gain; nginx1 − one is what nginx costs (of which one_new_conn − one is the
 * connection per send). Arms rotate their order every round,
 * so drift in the machine's load hits all three; each arm's CPU (Next per instance, nginx, letta-local, the load
 * generator, the whole machine) and the load average are recorded with it.
 * @param {{ next: { url: string, child: object }, databaseUrl: string, lettaUrl: string, lettaPids: number[],
 *   userSets: object[][], concurrency: number, pairsPerWorker: number, rounds: number }} o
 *   userSets: `rounds` + 1 sets of `concurrency` users, the first for the warm-up, then one per round, so nobody
 *   nears the 20 sends/min limit.
 */
export async function runScaleout({ next, databaseUrl, lettaUrl, lettaPids, userSets, concurrency, pairsPerWorker, rounds }) {
  const t0 = performance.now();
  const second = await startNext({ databaseUrl, lettaUrl });
  const port = (url) => Number(new URL(url).port);
  const instances = [{ name: "a", port: port(next.url), pids: groupPids(next.child.pid) }, { name: "b", port: port(second.url), pids: groupPids(second.child.pid) }];
  const balancers = [];
  try {
    for (const count of [1, 2]) balancers.push(await startBalancer({ instances: instances.slice(0, count) }));
    const setupS = round((performance.now() - t0) / 1000, 1);
    const nameOf = new Map(instances.map((i) => [`127.0.0.1:${i.port}`, i.name]));
    const arms = [
      { name: "one", what: "one `next start`, direct", baseUrl: next.url, processes: 1, balancer: null },
      { name: "one_new_conn", what: "one `next start`, direct, a new connection per send", baseUrl: next.url, processes: 1, balancer: null, newConnection: true },
      { name: "nginx1", what: "nginx → one `next start`", baseUrl: balancers[0].url, processes: 1, balancer: balancers[0] },
      { name: "nginx2", what: "nginx → two `next start`", baseUrl: balancers[1].url, processes: 2, balancer: balancers[1] },
    ];
    for (const arm of arms) {
      Object.assign(arm, emptyResults(), { byUpstream: {}, byRound: [], cpuByRound: [], wallS: 0, loads: [], cpuS: { a: 0, b: 0, nginx: 0, letta: 0, loadgen: 0 }, machine: { idle: 0, total: 0 } });
      arm.nginxPids = arm.balancer ? groupPids(arm.balancer.child.pid) : [];
    }
    const letta = new Letta({ baseURL: lettaUrl, apiKey: null, maxRetries: 0, timeout: 60_000 });
    /** `round`: the round being measured (its first tokens are also kept per instance), or null for a warm-up. */
    const burst = (arm, users, count, round) => Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
      for (let k = 0; k < count; k++) {
        const turn = await turnPair({ baseUrl: arm.baseUrl, letta, user: users[worker], proxyFirst: (worker + k) % 2 === 0, newConnection: arm.newConnection });
        if (round === null) continue;
        recordPair(arm, turn);
        if (!turn.proxy.ok) continue;
        const instance = nameOf.get(turn.proxy.upstream) ?? (arm.balancer ? "?" : "a");
        (arm.byUpstream[instance] ??= []).push(turn.proxy.ttftMs);
        ((arm.byRound[round] ??= {})[instance] ??= []).push(turn.proxy.ttftMs);
      }
    }));
    const cpuNow = () => {
      const own = process.cpuUsage(); // the load generator: this process
      return { a: usage(instances[0].pids).cpuS, b: usage(instances[1].pids).cpuS, letta: usage(lettaPids).cpuS, loadgen: (own.user + own.system) / 1e6, machine: machineTicks() };
    };

    // Warm-up, not recorded: each arm once, and instance b once more directly, so that b (started just now) has
    // served about as many sends as a before the first measured round. Without it b spent ~30 % more CPU per send
    // than a in the first round and caught up by the third (13:03 run).
    for (const arm of arms) await burst(arm, userSets[0], 1, null);
    await burst({ baseUrl: second.url }, userSets[0], 1, null);
    const order = [];
    for (let r = 0; r < rounds; r++) {
      const roundArms = arms.map((_, i) => arms[(i + r) % arms.length]); // rotate: each arm first, second and last
      order.push(roundArms.map((a) => a.name).join(" → "));
      for (const arm of roundArms) {
        arm.loads.push(os.loadavg()[0]);
        const [before, nginxBefore, t] = [cpuNow(), usage(arm.nginxPids).cpuS, performance.now()];
        await burst(arm, userSets[r + 1], pairsPerWorker, r);
        const after = cpuNow();
        arm.wallS += (performance.now() - t) / 1000;
        for (const key of ["a", "b", "letta", "loadgen"]) arm.cpuS[key] += after[key] - before[key];
        arm.cpuByRound.push({ a: after.a - before.a, b: after.b - before.b });
        arm.cpuS.nginx += usage(arm.nginxPids).cpuS - nginxBefore;
        arm.machine.idle += after.machine.idle - before.machine.idle;
        arm.machine.total += after.machine.total - before.machine.total;
      }
    }

    const sends = rounds * pairsPerWorker * concurrency; // per arm, through Threadline (and as many direct)
    const perSend = (s) => round((s * 1000) / sends, 1);
    const out = {
      concurrency, rounds, pairs_per_worker: pairsPerWorker, turns_per_arm: sends, warmup_turns_per_arm: concurrency,
      setup_s: setupS, order, arms: {},
    };
    for (const arm of arms) {
      const proxy = summary(arm.proxy);
      const direct = summary(arm.direct);
      out.arms[arm.name] = {
        what: arm.what, processes: arm.processes,
        proxy_ms: proxy, direct_ms: direct, added_ms: difference(proxy, direct), paired_difference_p50_ms: round(percentile(arm.paired, 0.5)),
        failures: arm.failures, errors: arm.errors,
        by_instance: Object.fromEntries(Object.entries(arm.byUpstream).sort().map(([name, v]) => [name, { n: v.length, proxy_p50_ms: round(percentile(v, 0.5)) }])),
        // Each round's first-token p50 through Threadline, per instance: the spread within the run, and whether
        // a freshly started instance catches up as it warms.
        p50_ms_by_round: arm.byRound.map((byInstance) => Object.fromEntries(Object.entries(byInstance).sort().map(([name, v]) => [name, round(percentile(v, 0.5))]))),
        next_cpu_ms_per_send: perSend(arm.cpuS.a + arm.cpuS.b),
        next_cpu_ms_per_send_by_instance: { a: perSend(arm.cpuS.a), b: perSend(arm.cpuS.b) },
        next_cpu_ms_per_send_by_round: arm.cpuByRound.map((c) => ({ a: perSend(c.a * rounds), b: perSend(c.b * rounds) })),
        nginx_cpu_ms_per_send: perSend(arm.cpuS.nginx),
        letta_cpu_ms_per_pair: perSend(arm.cpuS.letta),
        loadgen_cpu_ms_per_pair: perSend(arm.cpuS.loadgen),
        machine_busy_pct: round((100 * (arm.machine.total - arm.machine.idle)) / arm.machine.total, 0),
        load_1m: { min: round(Math.min(...arm.loads), 1), max: round(Math.max(...arm.loads), 1) },
        wall_s: round(arm.wallS, 1),
      };
    }
    const added = (name) => out.arms[name].added_ms.p50;
    out.nginx_cost_p50_ms = round(added("nginx1") - added("one"));
    out.new_connection_cost_p50_ms = round(added("one_new_conn") - added("one"));
    out.scaleout_gain_p50_ms = round(added("nginx1") - added("nginx2"));
    out.two_vs_one_added_p50_ratio = round(added("nginx2") / added("nginx1"));
    return out;
  } finally {
    for (const balancer of balancers) await balancer.stop();
    await stopChild(second.child); // the benchmarks after this one run on instance a alone
  }
}
