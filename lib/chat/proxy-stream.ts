import "server-only";
import { traceStream } from "@/lib/server/tracing";
import { SSE_HEADERS, endsAtFrameBoundary, threadlineFrame } from "./sse";
import type { ThreadlineEvent } from "./types";

type ProxyOptions = {
  /** Letta's SSE response, unparsed. */
  upstream: Response;
  /** When the proxy must stop (serverless time limit); the browser resumes from its last seq_id. Infinity: never. */
  deadline: number;
  /** Our own events to send before Letta's first byte. */
  prelude?: ThreadlineEvent[];
};

/**
 * Passes Letta's SSE bytes to the browser as they arrive: no parsing, no
 * re-serialising, no buffering (pull-based, so a slow browser slows the read
 * instead of filling memory). The run lives on in Letta (background mode), so
 * ending early loses nothing:
 * - the browser goes away → the upstream read is cancelled;
 * - the deadline passes → at the next frame boundary we send a `handoff` event
 *   and close, and the browser resumes with `starting_after`.
 */
export function proxySse({ upstream, deadline, prelude = [] }: ProxyOptions): Response {
  const body = upstream.body;
  if (!body) throw new Error("Letta returned a stream without a body");
  traceStream(); // ends when the response closes: nothing per chunk
  // No time limit and nothing to prepend: hand Letta's body to Next as it is. A wrapping stream costs CPU on
  // every chunk (about a sixth of the proxy's streaming CPU, bench/README.md); cancel and backpressure still
  // reach Letta's response directly.
  if (deadline === Infinity && prelude.length === 0) return new Response(body, { status: 200, headers: SSE_HEADERS });
  const reader = body.getReader();
  let atBoundary = true;
  let expired = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const event of prelude) controller.enqueue(threadlineFrame(event));
      // One timer per stream: at the deadline, interrupt a pending read if we are between frames.
      if (deadline === Infinity) return;
      timer = setTimeout(() => {
        expired = true;
        if (atBoundary) void reader.cancel("deadline").catch(() => undefined);
      }, Math.max(0, deadline - Date.now()));
    },
    async pull(controller) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch {
        result = { done: true, value: undefined };
      }
      if (result.done) {
        clearTimeout(timer);
        if (expired) controller.enqueue(threadlineFrame({ type: "handoff" }));
        controller.close();
        return;
      }
      controller.enqueue(result.value);
      atBoundary = endsAtFrameBoundary(result.value);
      if (expired && atBoundary) {
        clearTimeout(timer);
        void reader.cancel("deadline").catch(() => undefined);
        controller.enqueue(threadlineFrame({ type: "handoff" }));
        controller.close();
      }
    },
    cancel(reason) {
      clearTimeout(timer);
      return reader.cancel(reason).catch(() => undefined);
    },
  }, { highWaterMark: 0 }); // read upstream only when the browser is ready for more
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
