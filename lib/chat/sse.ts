// Building blocks for the chat SSE responses.
import type { ThreadlineEvent } from "./types";

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform: proxies and Next's compression must not buffer the stream.
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
} as const;

const encoder = new TextEncoder();

/** One `event: threadline` frame (our own events; Letta's frames pass through untouched). */
export function threadlineFrame(event: ThreadlineEvent): Uint8Array {
  return encoder.encode(`event: threadline\ndata: ${JSON.stringify(event)}\n\n`);
}

/** True when `chunk` ends exactly at an SSE frame boundary (a blank line). */
export function endsAtFrameBoundary(chunk: Uint8Array): boolean {
  const n = chunk.length;
  return n >= 2 && chunk[n - 1] === 10 && (chunk[n - 2] === 10 || (n >= 4 && chunk[n - 2] === 13 && chunk[n - 3] === 10));
}
