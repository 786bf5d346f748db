// Reading Letta SSE streams on the client side of the bench, the same way for both arms: through Threadline the
// bytes are Letta's own (lib/chat/proxy-stream.ts passes them through), so one scanner serves both.
// It only looks at frame prefixes (no JSON.parse per chunk), so the load generator stays cheap.
import http from "node:http";

const MESSAGE_PREFIX = 'data: {"id":"message-'; // reasoning / assistant / tool chunks (letta-local/src/runs/frames.ts)
const STOP_PREFIX = 'data: {"message_type":"stop_reason","stop_reason":"';

export class FrameScanner {
  constructor({ times = null } = {}) {
    this.tail = "";
    this.chunks = 0; // message chunks
    this.times = times; // arrival time of each message chunk, if the caller wants them (it can read them live)
    this.firstAssistantAt = null;
    this.done = false; // saw data: [DONE]
    this.error = null; // event: error, or a stop_reason other than end_turn
  }

  /** Feed decoded text received at time `now` (performance.now()). */
  feed(text, now) {
    const joined = this.tail + text;
    let start = 0;
    let end = joined.indexOf("\n\n");
    while (end >= 0) {
      if (joined.startsWith(MESSAGE_PREFIX, start)) {
        this.chunks += 1;
        this.times?.push(now);
        if (this.firstAssistantAt === null && joined.lastIndexOf('"message_type":"assistant_message"', end) > start) this.firstAssistantAt = now;
      } else if (joined.startsWith("data: [DONE]", start)) {
        this.done = true;
      } else if (joined.startsWith("event: error", start)) {
        this.error ??= joined.slice(start, Math.min(end, start + 300));
      } else if (joined.startsWith(STOP_PREFIX, start) && !joined.startsWith("end_turn", start + STOP_PREFIX.length)) {
        this.error ??= joined.slice(start, end); // cancelled, error, max_steps…
      }
      start = end + 2;
      end = joined.indexOf("\n\n", start);
    }
    this.tail = joined.slice(start);
  }

  get ok() {
    return this.done && !this.error && this.chunks > 0;
  }
}

/**
 * One turn over fetch: `start()` sends it and resolves the Response (Threadline's route, or the SDK's raw
 * response). Times are from the call to the first assistant token and to the end; a turn that fails in any
 * way (status, no token, no [DONE], an error frame) is reported as failed, never as fast.
 */
export async function fetchTurn(start) {
  const t0 = performance.now();
  const scanner = new FrameScanner();
  try {
    const response = await start();
    if (!response.ok || !response.body) {
      const body = await response.text().catch(() => "");
      return { ok: false, error: `HTTP ${response.status} ${body.slice(0, 200)}` };
    }
    const decoder = new TextDecoder();
    for await (const bytes of response.body) scanner.feed(decoder.decode(bytes, { stream: true }), performance.now());
  } catch (error) {
    return { ok: false, error: String(error?.message ?? error) };
  }
  if (!scanner.ok || scanner.firstAssistantAt === null) {
    return { ok: false, error: scanner.error ?? `incomplete stream (${scanner.chunks} chunks, done=${scanner.done})` };
  }
  return { ok: true, ttftMs: scanner.firstAssistantAt - t0, totalMs: performance.now() - t0, chunks: scanner.chunks };
}

/**
 * One long stream over raw http (a fresh connection, no pooling: 2,000 of these at once must not queue behind
 * an Agent's socket limit, and http is cheaper per chunk than fetch for the load generator).
 */
export function httpStream({ url, headers, body, timeoutMs, times = [], onResponse }) {
  return new Promise((resolve) => {
    const scanner = new FrameScanner({ times });
    const t0 = performance.now();
    let status = 0;
    let settled = false;
    const finish = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const ok = !error && status === 200 && scanner.ok;
      const reason = error ?? scanner.error ?? (ok ? null : `incomplete stream (status ${status}, ${scanner.chunks} chunks)`);
      resolve({ ok, error: reason, t0, endMs: performance.now() - t0, times: scanner.times, chunks: scanner.chunks });
    };
    const req = http.request(url, { method: "POST", agent: false, headers: { "content-type": "application/json", ...headers } }, (res) => {
      status = res.statusCode ?? 0;
      onResponse?.(status);
      res.setEncoding("utf8");
      res.on("data", (text) => scanner.feed(text, performance.now()));
      res.on("end", () => finish(status === 200 ? null : `HTTP ${status}`));
      res.on("error", (error) => finish(error.message));
    });
    const timer = setTimeout(() => req.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    req.on("error", (error) => finish(error.message));
    req.end(JSON.stringify(body));
  });
}
