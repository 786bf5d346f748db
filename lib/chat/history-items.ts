// Letta message list items → the chat view's ChatItems. Pure (unit-tested).
import type { ChatItem } from "./types";

type Content = string | Array<{ type?: string; text?: string }> | null | undefined;

/** Loosely typed on purpose: Letta adds fields and types over time; unknown ones are dropped. */
export type LettaListItem = {
  id: string;
  message_type?: string;
  otid?: string | null;
  date?: string | null;
  content?: Content;
  reasoning?: string | null;
  summary?: string | null;
  tool_call?: { name?: string | null; arguments?: string | null; tool_call_id?: string | null } | null;
  tool_return?: string | null;
  tool_call_id?: string | null;
  status?: string | null;
  /** approval_response_message: how a client tool call was answered. */
  approvals?: Array<{ type?: string; tool_call_id?: string | null; tool_return?: unknown; status?: string | null; approve?: boolean; reason?: string | null }> | null;
};

/** A message's text: Letta sends a string, or `[{type: "text", text}]` parts. */
export function contentText(content: Content): string {
  if (typeof content === "string") return content;
  return (content ?? []).map((part) => (part.type === "text" || part.type === undefined ? (part.text ?? "") : "")).join("");
}

/**
 * Letta lists a compaction summary as a `user_message` whose content is a packed
 * system alert (`{"type":"system_alert","message":"Note: prior messages have been
 * hidden … The following is a summary of the previous messages:\n <summary>"}`),
 * unless asked to convert it. Text a person types is never wrapped this way.
 */
const SUMMARY_LEAD = /^[\s\S]*?summary of the previous messages:\s*/i;

export function compactionSummary(content: Content): string | null {
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

export function toChatItem(m: LettaListItem): ChatItem | null {
  const base = { id: m.id, otid: m.otid ?? null, date: m.date ?? null };
  switch (m.message_type) {
    case "user_message": {
      const summary = compactionSummary(m.content);
      if (summary !== null) return { ...base, kind: "summary", text: summary };
      return { ...base, kind: "user", text: contentText(m.content) };
    }
    case "assistant_message":
      return { ...base, kind: "assistant", text: contentText(m.content) };
    case "reasoning_message":
      return { ...base, kind: "reasoning", text: m.reasoning ?? "" };
    case "tool_call_message":
    case "approval_request_message":
      return {
        ...base, kind: "tool_call", toolCallId: m.tool_call?.tool_call_id ?? null,
        name: m.tool_call?.name ?? "tool", arguments: m.tool_call?.arguments ?? "",
      };
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
export function oldestFirst(newestFirst: LettaListItem[]): LettaListItem[] {
  const groups: LettaListItem[][] = [];
  for (const item of newestFirst) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.id === item.id) last.push(item);
    else groups.push([item]);
  }
  return groups.reverse().flat();
}
