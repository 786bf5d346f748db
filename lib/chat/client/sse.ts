// Reads the chat routes' SSE body (Letta's frames plus our `event: threadline`)
// into typed events. eventsource-parser does the framing (multi-line data,
// CRLF, comments, frames split across network chunks).
import { EventSourceParserStream, type EventSourceMessage } from "eventsource-parser/stream";
import type { ThreadlineEvent } from "@/lib/chat/types";
import { toStreamChunk, type StreamChunk } from "./stream-chunk";

export type StreamEvent =
  | { type: "chunk"; chunk: StreamChunk }
  | { type: "done" }
  | { type: "error"; message: string; errorType: string | null }
  | { type: "notice"; message: string }
  | { type: "handoff" };

const GENERIC_STREAM_ERROR = "The agent ran into a problem while answering. Please try again.";

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

/** One SSE message → an event, or null for what the view ignores (unknown events, bad JSON). */
export function toStreamEvent(message: Pick<EventSourceMessage, "event" | "data">): StreamEvent | null {
  const name = message.event ?? "message";
  if (name === "message") {
    if (message.data.trim() === "[DONE]") return { type: "done" };
    const chunk = toStreamChunk(parseJson(message.data));
    return chunk ? { type: "chunk", chunk } : null;
  }
  if (name === "error") {
    // Letta's error_message, or the bare `{error, code}` of an exception after the headers were sent.
    const body = (parseJson(message.data) ?? {}) as Record<string, unknown>;
    const text = typeof body.message === "string" ? body.message : typeof body.error === "string" ? body.error : "";
    return {
      type: "error",
      message: text.trim() || GENERIC_STREAM_ERROR,
      errorType: typeof body.error_type === "string" ? body.error_type : null,
    };
  }
  if (name === "threadline") {
    const event = parseJson(message.data) as ThreadlineEvent | null;
    if (event?.type === "handoff") return { type: "handoff" };
    if (event?.type === "notice" && typeof event.message === "string") return { type: "notice", message: event.message };
  }
  return null; // e.g. the archive's `event: cancelled`, which the SDK drops as well
}

/**
 * Yields the events of one SSE body. Throws whatever the network throws (the
 * caller treats that as a drop and resumes); stopping early (`break`) or `signal`
 * cancels the body, which aborts the request.
 */
export async function* readStreamEvents(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
  const reader = body
    .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  let finished = false;
  // An abort must end a read that is waiting for the next chunk, not only the next loop turn.
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      const event = toStreamEvent(value);
      if (event) yield event;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
