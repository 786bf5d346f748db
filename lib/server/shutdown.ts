import "server-only";
import http from "node:http";
import { endsAtFrameBoundary, threadlineFrame } from "@/lib/chat/sse";

// Graceful shutdown for a long-running server (`npm start`, a container): on SIGTERM the instance stops taking
// work and hands its open chat streams to the other instances, then exits within a bounded time.
//
// - Next's own SIGTERM handler closes the listening socket (no new connections) and exits once every connection
//   has closed. Left alone it would wait for the longest reply to finish, however long that takes.
// - Here, every open SSE response gets Threadline's `handoff` event at its next frame boundary (at once if it is
//   between frames) and is ended. The browser resumes the reply from its last seq_id through the load balancer,
//   on an instance that is still up (lib/chat/client/follow-run.ts), without showing anything. The reply itself
//   lives on in Letta (background mode), so nothing is lost.
// - /api/ready answers 503 from the first moment, for load balancers that probe it.
// - After `timeoutMs` the process exits whatever is still open (a request stuck on a dead dependency): a
//   stream cut then is resumed like any network drop.
//
// This works at the HTTP layer, on Node's ServerResponse, rather than inside lib/chat/proxy-stream.ts: it needs
// nothing from the route that opened the stream, so Letta's body can still be handed to Next unwrapped (the
// proxy's fast path), and every SSE route (the chat, the admin's live view) is covered the same way.

type StreamState = { sse: boolean; atBoundary: boolean; handedOff: boolean };

const HANDOFF = threadlineFrame({ type: "handoff" });
const STATE = Symbol.for("threadline.shutdown");
const STREAM = Symbol("threadline.stream");

type Global = { draining: boolean; installed: boolean; streams: Set<http.ServerResponse> };
type TrackedResponse = http.ServerResponse & { [STREAM]?: StreamState };

function state(): Global {
  const g = globalThis as unknown as { [STATE]?: Global };
  g[STATE] ??= { draining: false, installed: false, streams: new Set() };
  return g[STATE];
}

/** True from the moment a shutdown started: the instance takes no new work (/api/ready answers 503). */
export function isDraining(): boolean {
  return state().draining;
}

/** Open SSE responses on this instance (for tests and logs). */
export function openStreamCount(): number {
  return state().streams.size;
}

function isEventStream(res: http.ServerResponse): boolean {
  const type = res.getHeader("content-type");
  return typeof type === "string" && type.startsWith("text/event-stream");
}

function endsFrame(chunk: unknown): boolean {
  if (chunk instanceof Uint8Array) return endsAtFrameBoundary(chunk);
  if (typeof chunk === "string") return chunk.endsWith("\n\n") || chunk.endsWith("\r\n\r\n");
  return false;
}

type Write = http.ServerResponse["write"];
type End = http.ServerResponse["end"];

/**
 * Patches ServerResponse once per process so SSE responses can be handed off. Per write it costs one property
 * read; for an SSE response also a look at the chunk's last bytes.
 */
function patchResponses(write: Write, end: End): void {
  const proto = http.ServerResponse.prototype as TrackedResponse;
  proto.write = function patchedWrite(this: TrackedResponse, chunk: unknown, ...rest: unknown[]): boolean {
    let stream = this[STREAM];
    if (!stream) {
      stream = { sse: isEventStream(this), atBoundary: true, handedOff: false };
      this[STREAM] = stream;
      if (stream.sse) {
        const { streams } = state();
        streams.add(this);
        this.once("close", () => streams.delete(this));
      }
    }
    // After the handoff, Next's pipe may still deliver a chunk before it sees the response close: drop it.
    if (stream.handedOff) return true;
    const ok = (write as (this: TrackedResponse, ...args: unknown[]) => boolean).call(this, chunk, ...rest);
    if (stream.sse) {
      stream.atBoundary = endsFrame(chunk);
      if (state().draining && stream.atBoundary) handOff(this, end);
    }
    return ok;
  } as Write;
}

function handOff(res: TrackedResponse, end: End): void {
  const stream = res[STREAM];
  if (!stream || stream.handedOff || res.writableEnded) return;
  stream.handedOff = true;
  // Closing the response aborts Next's pipe, which cancels the read from Letta; the run goes on in Letta.
  (end as (this: TrackedResponse, chunk: Uint8Array) => void).call(res, HANDOFF);
}

/**
 * Installs the SIGTERM (and SIGINT) handling, once per process; `instrumentation.ts` calls it at start-up. Next
 * keeps its own handler, which stops accepting connections and exits when the last one has closed; this one makes
 * that happen promptly and within `timeoutMs`. (With NEXT_MANUAL_SIG_HANDLE set, Next installs no handler and
 * keeps accepting: don't set it.)
 */
export function installGracefulShutdown(
  { timeoutMs, exit = (code) => process.exit(code) }: { timeoutMs: number; exit?: (code: number) => void },
): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  const proto = http.ServerResponse.prototype;
  const end = proto.end;
  patchResponses(proto.write, end);

  const begin = (signal: NodeJS.Signals) => {
    if (s.draining) return;
    s.draining = true;
    let handed = 0;
    let pending = 0;
    for (const res of s.streams) {
      const stream = (res as TrackedResponse)[STREAM];
      if (stream?.handedOff) continue;
      if (stream?.atBoundary) {
        handOff(res, end);
        handed += 1;
      } else pending += 1;
    }
    console.log(JSON.stringify({
      level: "info", msg: "shutdown", signal, streams_handed_off: handed, streams_at_next_frame: pending, exit_within_ms: timeoutMs,
    }));
    // The bound: whatever is still open then (a request waiting on a dead dependency) is cut. Unref'd, so an
    // instance that finished early exits through Next's handler without waiting for it.
    setTimeout(() => {
      console.log(JSON.stringify({ level: "warn", msg: "shutdown timeout, exiting", open_streams: s.streams.size }));
      exit(signal === "SIGINT" ? 130 : 143); // as Next's own handler exits
    }, timeoutMs).unref();
  };
  // SIGINT too: Ctrl-C on `npm start` would otherwise wait for the longest reply, like SIGTERM without this.
  process.once("SIGTERM", begin);
  process.once("SIGINT", begin);
}
