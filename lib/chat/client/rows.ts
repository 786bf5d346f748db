// The chat view's rows: what one line of the transcript shows. History items
// and stream chunks both fold into these, so one message is rendered exactly
// once whichever way it arrived.
import type { ChatImage, ChatItem } from "@/lib/chat/types";

type RowBase = {
  /** React key: set once when the row is created and never changed, so a row never remounts. */
  key: string;
  /** Letta message id; null for the user's own message until the history returns it. */
  id: string | null;
  otid: string | null;
  date: string | null;
  /**
   * True while the row is being built from a stream in this tab: deltas append to it.
   * History rows are settled (false): a stored message is complete, so replayed deltas are ignored.
   */
  live: boolean;
  /** The run a live row came from, so a replay from the start can rebuild that run's rows. */
  runId: string | null;
};

export type ToolResult = { status: "success" | "error"; output: string; id: string | null; otid: string | null };

/** `images` only on a message that has some (never an empty list). */
export type UserRow = RowBase & { kind: "user"; text: string; pending: boolean; images?: ChatImage[] };
export type AssistantRow = RowBase & { kind: "assistant"; text: string };
export type ReasoningRow = RowBase & { kind: "reasoning"; text: string };
export type SummaryRow = RowBase & { kind: "summary"; text: string };
/** A tool call and its return, joined by tool_call_id: they are two Letta messages but one thing to the reader. */
export type ToolRow = RowBase & { kind: "tool"; toolCallId: string | null; name: string; args: string; result: ToolResult | null };

export type Row = UserRow | AssistantRow | ReasoningRow | SummaryRow | ToolRow;
export type TextRow = Exclude<Row, ToolRow>;
export type TextKind = TextRow["kind"];

export function textRowKey(kind: TextKind, id: string | null, otid: string | null): string {
  return `${kind}:${otid ?? id ?? "?"}`;
}

export function toolRowKey(toolCallId: string | null, id: string | null, otid: string | null): string {
  return toolCallId ? `tool:${toolCallId}` : `tool:${otid ?? id ?? "?"}`;
}

/**
 * Same message part? By otid when both sides have one (Letta keys parts by otid),
 * else by (id, kind): the two identities the protocol guarantees are shared by
 * the stream and the stored message list.
 */
export function isSamePart(row: Row, kind: Row["kind"], id: string | null, otid: string | null): boolean {
  if (row.kind !== kind) return false;
  if (otid && row.otid) return otid === row.otid;
  return id !== null && row.id === id;
}

/** The tool row a call part belongs to: by tool_call_id first, then as a message part. */
export function isSameToolCall(row: Row, toolCallId: string | null, id: string | null, otid: string | null): row is ToolRow {
  if (row.kind !== "tool") return false;
  if (toolCallId && row.toolCallId) return toolCallId === row.toolCallId;
  return isSamePart(row, "tool", id, otid);
}

/** Newest match first: whatever a stream or a fresh page touches is almost always near the end. */
export function findLastRow(rows: readonly Row[], match: (row: Row) => boolean): number {
  for (let i = rows.length - 1; i >= 0; i--) if (match(rows[i]!)) return i;
  return -1;
}

/** The row a history item would create; tool returns are folded into their call by the merge. */
export function rowFromItem(item: ChatItem): Row {
  const base = { id: item.id, otid: item.otid, date: item.date, live: false, runId: null };
  switch (item.kind) {
    case "user":
      return {
        ...base, key: textRowKey("user", item.id, item.otid), kind: "user", text: item.text, pending: false,
        ...(item.images?.length ? { images: item.images } : {}),
      };
    case "assistant":
    case "reasoning":
    case "summary":
      return { ...base, key: textRowKey(item.kind, item.id, item.otid), kind: item.kind, text: item.text };
    case "tool_call":
      return {
        ...base, key: toolRowKey(item.toolCallId, item.id, item.otid), kind: "tool",
        toolCallId: item.toolCallId, name: item.name, args: item.arguments, result: null,
      };
    case "tool_return":
      // A return whose call is on an older page (or was never stored): shown on its own until the call turns up.
      return {
        ...base, key: toolRowKey(item.toolCallId, item.id, item.otid), kind: "tool", toolCallId: item.toolCallId,
        name: "", args: "", result: { status: item.status, output: item.output, id: item.id, otid: item.otid },
      };
  }
}
