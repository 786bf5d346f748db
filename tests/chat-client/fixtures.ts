// Letta-shaped SSE frames for the chat client tests (key order and fields as in letta-protocol.md §6.5).
import type { ChatItem } from "@/lib/chat/types";

export const RUN = "run-8d1f0c3e-6a2b-4c1d-9e7f-2b3a4c5d6e7f";
export const MSG = "message-5b3c2a10-7d4e-4f6a-8b9c-0d1e2f3a4b5c";
export const REASONING_OTID = "5b3c2a10-7d4e-4f6a-8b9c-0d1e2f3a4b00";
export const ASSISTANT_OTID = "5b3c2a10-7d4e-4f6a-8b9c-0d1e2f3a4b01";

type Fields = Record<string, unknown>;

export function lettaChunk(messageType: string, fields: Fields = {}, seq: number | null = null): Fields {
  return {
    id: MSG, date: "2026-08-01T12:00:01+00:00", name: null, message_type: messageType, otid: null,
    sender_id: null, step_id: "step-1", is_err: null, seq_id: seq, run_id: RUN, ...fields,
  };
}

export const ping = (seq: number | null = 1) => lettaChunk("ping", { id: "ping-1" }, seq);
export const reasoning = (text: string, seq: number | null = null) =>
  lettaChunk("reasoning_message", { otid: REASONING_OTID, source: "reasoner_model", reasoning: text, signature: null }, seq);
export const assistant = (text: string, seq: number | null = null, extra: Fields = {}) =>
  lettaChunk("assistant_message", { otid: ASSISTANT_OTID, content: text, ...extra }, seq);
export const toolCall = (call: Fields, seq: number | null = null, extra: Fields = {}) =>
  lettaChunk("tool_call_message", { id: "message-tool-call", otid: "tool-call-otid-00", tool_call: call, ...extra }, seq);
export const toolReturn = (output: string, seq: number | null = null, status = "success") =>
  lettaChunk("tool_return_message", {
    id: "message-tool-return", otid: "tool-return-otid-00", tool_return: output, status, tool_call_id: "call_1",
  }, seq);
export const stopReason = (reason = "end_turn") => ({ message_type: "stop_reason", stop_reason: reason });
export const usage = () => ({ message_type: "usage_statistics", completion_tokens: 3, prompt_tokens: 10, total_tokens: 13 });

export const frame = (data: unknown) => `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
export const DONE = "data: [DONE]\n\n";
export const errorFrame = (message: string) =>
  `event: error\ndata: ${JSON.stringify({ message_type: "error_message", run_id: RUN, error_type: "llm_error", message, seq_id: null })}\n\n`;
export const threadline = (event: Fields) => `event: threadline\ndata: ${JSON.stringify(event)}\n\n`;

/** A stream body from raw text, cut into pieces of `size` bytes so frames straddle reads. */
export function sseBody(text: string, size = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

/** A body that delivers `text` and then fails like a dropped connection. */
export function droppingBody(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(bytes);
        return;
      }
      controller.error(new TypeError("network error"));
    },
  });
}

export const sseResponse = (text: string) => new Response(sseBody(text), { status: 200, headers: { "content-type": "text/event-stream" } });

export function item(kind: ChatItem["kind"], fields: Partial<ChatItem> & Fields = {}): ChatItem {
  const base = { id: MSG, otid: null, date: "2026-08-01T12:00:02+00:00" };
  switch (kind) {
    case "user":
    case "assistant":
    case "reasoning":
    case "summary":
      return { ...base, kind, text: "", ...fields } as ChatItem;
    case "tool_call":
      return { ...base, kind, toolCallId: "call_1", name: "conversation_search", arguments: "", ...fields } as ChatItem;
    case "tool_return":
      return { ...base, kind, toolCallId: "call_1", status: "success", output: "", ...fields } as ChatItem;
  }
}
