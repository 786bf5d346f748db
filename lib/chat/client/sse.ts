// Reads the chat routes' SSE body (Letta's frames plus our `event: threadline`)
// into typed events. eventsource-parser does the framing (multi-line data,
// CRLF, comments, frames split across network chunks).
import { EventSourceParserStream, type EventSourceMessage } from "eventsource-parser/stream";
import type { ThreadlineEvent } from "@/lib/chat/types";
import { en } from "@/lib/i18n/messages/en";
import { toStreamChunk, type StreamChunk } from "@/lib/letta/wire";

export type StreamEvent =
  | { type: "chunk"; chunk: StreamChunk }
  | { type: "done" }
  /** `requestId`: the id of the response the error came in (its x-request-id), set by followRun, shown as "(ref …)". */
  | { type: "error"; message: string; errorType: string | null; requestId?: string | null }
  | { type: "notice"; message: string }
  | { type: "handoff" };

// The wording is the reference catalogue's (lib/i18n): this runs outside React, where the page's language is not known.
const GENERIC_STREAM_ERROR = en.chat.errors.streamGeneric;

/**
 * What the user reads when a reply fails mid-stream, by Letta's `error_type`. Letta's own message is never shown:
 * it is written for developers and may carry upstream internals (a database error, a provider's response).
 */
export function streamErrorMessage(errorType: string | null): string {
  if (errorType === "stream_incomplete") return en.chat.errors.streamIncomplete;
  if (errorType === "context_window_exceeded") return en.chat.errors.contextWindow;
  if (errorType === "llm_rate_limit" || errorType === "rate_limit_exceeded") return en.chat.errors.modelBusy;
  if (errorType?.startsWith("llm_")) return en.chat.errors.modelProblem;
  return GENERIC_STREAM_ERROR;
}

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
    const errorType = typeof body.error_type === "string" ? body.error_type : null;
    return { type: "error", message: streamErrorMessage(errorType), errorType };
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
