// Letta's message JSON → Threadline's shapes: the ONE place that reads Letta's wire messages, for both the
// server (history pages, the pending tool call, search results) and the browser (the SSE chunks of a live
// reply). Pure and isomorphic on purpose: no server-only import, no SDK, so the browser bundles it too.
// Parsed loosely: Letta adds fields and message types over time, and an unknown one is dropped (history) or
// passed on as "other" (stream), never an error that breaks a reply which is otherwise rendering fine.
import type { ChatImage, ChatItem } from "@/lib/chat/types";
import { isBase64, isImageMediaType } from "@/lib/validation/image";

type Json = Record<string, unknown>;

/** A message `content`: a string, or `[{type: "text", text}]` parts, and on user messages `{type: "image", source}`. */
export type LettaContent = string | Array<{ type?: string; text?: string; source?: unknown }> | null | undefined;

/** One item of a message list (history page or search); loosely typed, as Letta sends it. */
export type LettaMessage = {
  id: string;
  message_type?: string;
  otid?: string | null;
  date?: string | null;
  content?: LettaContent;
  reasoning?: string | null;
  summary?: string | null;
  tool_call?: { name?: string | null; arguments?: string | null; tool_call_id?: string | null } | null;
  tool_calls?: unknown;
  tool_return?: string | null;
  tool_call_id?: string | null;
  status?: string | null;
  /** approval_response_message: how a client tool call was answered. */
  approvals?: Array<{ type?: string; tool_call_id?: string | null; tool_return?: unknown; status?: string | null; approve?: boolean; reason?: string | null }> | null;
};

const str = (value: unknown): string | null => (typeof value === "string" ? value : null);
const int = (value: unknown): number | null => (typeof value === "number" && Number.isInteger(value) ? value : null);

/** A message's text: Letta sends a string, or a list of parts of which the text parts count. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: unknown) => {
      if (!part || typeof part !== "object") return "";
      const { type, text } = part as Json;
      return type === "text" || type === undefined ? (str(text) ?? "") : "";
    })
    .join("");
}

/**
 * A user message's images: base64 sources (and Letta's stored `letta` sources that still carry their data) of the
 * four types we show, with data that is base64 and nothing else, so it can only ever become an image `data:` URL.
 * A plain string (every text-only message) costs nothing. URL sources are not shown: the page loads no remote images.
 */
export function contentImages(content: unknown): ChatImage[] {
  if (!Array.isArray(content)) return [];
  const images: ChatImage[] = [];
  for (const part of content as unknown[]) {
    if (!part || typeof part !== "object" || (part as Json).type !== "image") continue;
    const source = (part as Json).source as Json | null | undefined;
    if (!source || typeof source !== "object" || (source.type !== "base64" && source.type !== "letta")) continue;
    const { media_type: mediaType, data } = source;
    if (isImageMediaType(mediaType) && typeof data === "string" && data && isBase64(data)) images.push({ mediaType, data });
  }
  return images;
}

/** `tool_call` is the deprecated single call; `tool_calls` may be a list or a single delta. */
export function toolCallOf(message: object): { toolCallId: string | null; name: string | null; arguments: string | null } {
  const json = message as Json;
  const many = json.tool_calls;
  const call = (json.tool_call && typeof json.tool_call === "object" ? json.tool_call
    : Array.isArray(many) ? many[0]
    : many) as Json | null | undefined;
  if (!call || typeof call !== "object") return { toolCallId: null, name: null, arguments: null };
  return { toolCallId: str(call.tool_call_id), name: str(call.name), arguments: str(call.arguments) };
}

/**
 * Letta lists a compaction summary as a `user_message` whose content is a packed
 * system alert (`{"type":"system_alert","message":"Note: prior messages have been
 * hidden … The following is a summary of the previous messages:\n <summary>"}`),
 * unless asked to convert it. Text a person types is never wrapped this way.
 */
const SUMMARY_LEAD = /^[\s\S]*?summary of the previous messages:\s*/i;

export function compactionSummary(content: unknown): string | null {
  if (typeof content !== "string" || !content.startsWith("{")) return null;
  try {
    const alert = JSON.parse(content) as { type?: unknown; message?: unknown };
    if (alert.type !== "system_alert" || typeof alert.message !== "string") return null;
    if (!/prior messages have been hidden/i.test(alert.message)) return null;
    return alert.message.replace(SUMMARY_LEAD, "").trim();
  } catch {
    return null;
  }
}

// ── History: stored messages → the chat view's items ─────────────────────────────────────────────────────

export function toChatItem(m: LettaMessage): ChatItem | null {
  const base = { id: m.id, otid: m.otid ?? null, date: m.date ?? null };
  switch (m.message_type) {
    case "user_message": {
      const summary = compactionSummary(m.content);
      if (summary !== null) return { ...base, kind: "summary", text: summary };
      const images = contentImages(m.content);
      return images.length ? { ...base, kind: "user", text: contentText(m.content), images } : { ...base, kind: "user", text: contentText(m.content) };
    }
    case "assistant_message":
      return { ...base, kind: "assistant", text: contentText(m.content) };
    case "reasoning_message":
      return { ...base, kind: "reasoning", text: m.reasoning ?? "" };
    case "tool_call_message":
    case "approval_request_message": {
      const call = toolCallOf(m);
      return { ...base, kind: "tool_call", toolCallId: call.toolCallId, name: call.name ?? "tool", arguments: call.arguments ?? "" };
    }
    case "tool_return_message":
      return {
        ...base, kind: "tool_return", toolCallId: m.tool_call_id ?? null,
        status: m.status === "error" ? "error" : "success", output: m.tool_return ?? "",
      };
    case "approval_response_message": {
      // The answer to a client tool call (Threadline's scoped history search): shown as that call's result.
      const answer = m.approvals?.[0];
      if (!answer?.tool_call_id) return null;
      const output = typeof answer.tool_return === "string" ? answer.tool_return : answer.reason ?? "";
      const failed = answer.status === "error" || answer.approve === false;
      return { ...base, kind: "tool_return", toolCallId: answer.tool_call_id, status: failed ? "error" : "success", output };
    }
    case "summary_message":
      return { ...base, kind: "summary", text: m.summary ?? "" };
    default:
      return null; // system messages, hidden reasoning, events: not for the browser
  }
}

/**
 * A newest-first page → oldest-first items. Items of one stored message share
 * an id and keep their natural order (reasoning before reply) even in a
 * newest-first list, so whole groups are reversed, not single items.
 */
export function oldestFirst<T extends { id: string }>(newestFirst: T[]): T[] {
  const groups: T[][] = [];
  for (const item of newestFirst) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.id === item.id) last.push(item);
    else groups.push([item]);
  }
  return groups.reverse().flat();
}

/** The conversation's system message sits at position 0: a page that holds it reaches the start. */
export const isSystemMessage = (m: LettaMessage): boolean => m.message_type === "system_message";

/** Reasoning is not a message in its own right: the newest message of a page that is not reasoning. */
export const isReasoning = (m: LettaMessage): boolean =>
  m.message_type === "reasoning_message" || m.message_type === "hidden_reasoning_message";

// ── Live replies: one SSE `data:` object → a chunk ──────────────────────────────────────────────────────

type Identity = {
  /** Letta message id, shared by every token delta of one model message. */
  id: string | null;
  /** Part id within the message (reasoning …00, assistant …01); the stable row key. */
  otid: string | null;
  runId: string | null;
  /** Per-run counter in background runs; null in foreground runs and on stop/usage chunks. */
  seqId: number | null;
  date: string | null;
};

export type StreamChunk =
  | (Identity & { type: "ping" })
  | (Identity & { type: "reasoning"; delta: string })
  | (Identity & { type: "assistant"; delta: string })
  | (Identity & { type: "tool_call"; toolCallId: string | null; name: string | null; argsDelta: string })
  | (Identity & { type: "tool_return"; toolCallId: string | null; status: "success" | "error"; output: string })
  /** Letta compacted the conversation during this run: the summary arrives whole, in one chunk. */
  | (Identity & { type: "summary"; text: string })
  | (Identity & { type: "stop_reason"; stopReason: string })
  | (Identity & { type: "other"; messageType: string });

/** One `data:` JSON object → a chunk, or null when it is not a Letta message chunk at all. */
export function toStreamChunk(json: unknown): StreamChunk | null {
  if (!json || typeof json !== "object") return null;
  const raw = json as Json;
  const messageType = str(raw.message_type);
  if (!messageType) return null;
  const identity: Identity = {
    id: str(raw.id),
    otid: str(raw.otid),
    runId: str(raw.run_id),
    seqId: int(raw.seq_id),
    date: str(raw.date),
  };
  switch (messageType) {
    case "ping":
      return { ...identity, type: "ping" };
    case "reasoning_message":
      return { ...identity, type: "reasoning", delta: str(raw.reasoning) ?? "" };
    case "assistant_message":
      return { ...identity, type: "assistant", delta: contentText(raw.content) };
    case "tool_call_message":
    case "approval_request_message": {
      const call = toolCallOf(raw);
      return { ...identity, type: "tool_call", toolCallId: call.toolCallId, name: call.name, argsDelta: call.arguments ?? "" };
    }
    case "tool_return_message":
      return {
        ...identity, type: "tool_return", toolCallId: str(raw.tool_call_id),
        status: raw.status === "error" ? "error" : "success", output: str(raw.tool_return) ?? "",
      };
    case "summary_message":
      return { ...identity, type: "summary", text: str(raw.summary) ?? "" };
    case "stop_reason":
      return { ...identity, type: "stop_reason", stopReason: str(raw.stop_reason) ?? "end_turn" };
    default:
      return { ...identity, type: "other", messageType };
  }
}
