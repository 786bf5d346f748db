// Tokens reach the browser one by one through nginx, with nginx's stock settings: the chat stream's
// `X-Accel-Buffering: no` turns buffering off for it. Measured side by side with the same reply read
// straight from an instance.
import { randomUUID } from "node:crypto";
import { injectFault } from "../helpers/letta-control";
import { persona } from "../helpers/session";
import { cluster } from "./helpers/cluster";
import { expect, test } from "./helpers/fixtures";
import { tag } from "./helpers/upstream";

const TOKENS = 60;
const DELAY_MS = 40;

type Timing = { reads: number; arrivals: number[]; firstByteMs: number };

/** Sends a message and records when each assistant token arrived (ms since the request was sent). */
async function timeReply(origin: string, cookie: string): Promise<Timing> {
  const match = tag("gaps");
  await injectFault({ type: "long_reply", match, tokens: TOKENS, token_delay_ms: DELAY_MS });
  const t0 = performance.now();
  const response = await fetch(`${origin}/api/chat/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ text: `${match} count slowly`, otid: randomUUID() }),
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let reads = 0;
  let firstByteMs = -1;
  const arrivals: number[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const now = performance.now() - t0;
    if (firstByteMs < 0) firstByteMs = now;
    reads += 1;
    buffer += decoder.decode(value, { stream: true });
    const frames = buffer.split("\n\n");
    buffer = frames.pop() ?? "";
    for (const frame of frames) {
      const data = frame.split("\n").find((l) => l.startsWith("data: "))?.slice(6);
      if (data?.includes('"message_type":"assistant_message"')) arrivals.push(now);
    }
  }
  return { reads, arrivals, firstByteMs };
}

function stats(timing: Timing) {
  const gaps = timing.arrivals.slice(1).map((t, i) => t - timing.arrivals[i]!).sort((a, b) => a - b);
  const at = (q: number) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))]!;
  return {
    tokens: timing.arrivals.length,
    distinctArrivals: new Set(timing.arrivals).size,
    p50: at(0.5), p95: at(0.95), max: gaps.at(-1)!,
    spreadMs: timing.arrivals.at(-1)! - timing.arrivals[0]!,
    firstByteMs: timing.firstByteMs,
  };
}

const round = (s: ReturnType<typeof stats>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Math.round(v)]));

test(`tokens arrive one by one through nginx (${TOKENS} tokens, ${DELAY_MS} ms apart): inter-chunk gaps through the proxy and direct`, async ({ baseURL }) => {
  const user = await persona(baseURL!);
  const { instances } = await cluster.state();
  const direct = stats(await timeReply(instances[0]!.url, user.cookie));
  const proxied = stats(await timeReply(baseURL!, user.cookie));
  const report = `direct ${JSON.stringify(round(direct))}; through nginx ${JSON.stringify(round(proxied))}`;
  console.log(`inter-chunk gaps (ms): ${report}`);
  test.info().annotations.push({ type: "inter-chunk gaps (ms)", description: report });

  for (const s of [direct, proxied]) {
    expect(s.tokens).toBe(TOKENS);
    // One by one: tokens come in separate reads, spread over the reply's whole duration, at the model's pace.
    // Buffering would deliver them in a few large batches (nginx's 4-8 KB buffers hold dozens of tokens).
    expect(s.distinctArrivals, report).toBeGreaterThanOrEqual(TOKENS * 0.8);
    expect(s.spreadMs, report).toBeGreaterThanOrEqual((TOKENS - 1) * DELAY_MS * 0.8);
    expect(s.p50, report).toBeGreaterThanOrEqual(DELAY_MS * 0.5);
    expect(s.p50, report).toBeLessThanOrEqual(DELAY_MS * 2);
  }
  // nginx adds no batching of its own: its median gap stays at the model's pace, like the direct read's.
  expect(Math.abs(proxied.p50 - direct.p50), report).toBeLessThanOrEqual(DELAY_MS / 2);
  await user.api.dispose();
});
