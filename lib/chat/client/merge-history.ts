// Folds a history page into the rows already on screen. One walk serves every
// case: the first page, an older page (prepended), and a fresh newest page after
// a reply (which confirms what the stream built and adds anything this tab
// missed, e.g. a message sent from another tab).
import type { ChatItem } from "@/lib/chat/types";
import { findLastRow, isSamePart, isSameToolCall, rowFromItem, type Row, type ToolRow } from "./rows";

export type MergeMode = "initial" | "older" | "newest";

function findItemRow(rows: readonly Row[], item: ChatItem): number {
  switch (item.kind) {
    case "tool_call":
      return findLastRow(rows, (row) => isSameToolCall(row, item.toolCallId, item.id, item.otid));
    case "tool_return":
      return findLastRow(rows, (row) => {
        if (row.kind !== "tool") return false;
        if (item.toolCallId && row.toolCallId) return row.toolCallId === item.toolCallId;
        const result = row.result;
        return !!result && (item.otid && result.otid ? result.otid === item.otid : result.id === item.id);
      });
    default:
      return findLastRow(rows, (row) => isSamePart(row, item.kind, item.id, item.otid));
  }
}

/**
 * The stored version wins (it is complete and has real ids); the key stays, so nothing remounts. A row that already
 * says what the item says is kept as it is (the same object): after a reply, the newest page confirms ~50 rows of
 * which only the reply's few change, and memoised rows re-render only when their object does.
 */
function settle(row: Row, item: ChatItem): Row {
  const settled = storedVersion(row, item);
  return sameRow(row, settled) ? row : settled;
}

/**
 * Same fields, and the same values in them. `result` and `images` are compared by content (each page has new ones),
 * field by field: their fields are strings, and serialising an image's base64 to compare it would copy megabytes.
 */
function sameRow(a: Row, b: Row): boolean {
  return sameContent(a, b);
}

/** The same value, or objects (lists) with the same keys whose values are the same in turn. */
function sameContent(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== "object" || typeof y !== "object" || x === null || y === null || Array.isArray(x) !== Array.isArray(y)) return false;
  const a = x as Record<string, unknown>;
  const b = y as Record<string, unknown>;
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((key) => sameContent(a[key], b[key]));
}

function storedVersion(row: Row, item: ChatItem): Row {
  if (item.kind === "tool_return") {
    const tool = row as ToolRow;
    return { ...tool, result: { status: item.status, output: item.output, id: item.id, otid: item.otid } };
  }
  if (item.kind === "tool_call") {
    const tool = row as ToolRow;
    return {
      ...tool, id: item.id, otid: item.otid, date: item.date, live: false,
      toolCallId: item.toolCallId ?? tool.toolCallId, name: item.name, args: item.arguments,
    };
  }
  const base = { ...row, id: item.id, otid: item.otid ?? row.otid, date: item.date ?? row.date, live: false } as Row;
  if (base.kind === "user") {
    // The history's images win; a row restored from this tab's send keeps its own until the history has them.
    const images = item.kind === "user" && item.images?.length ? item.images : base.images;
    return { ...base, text: item.text, pending: false, ...(images ? { images } : {}) };
  }
  return { ...base, text: (item as { text: string }).text } as Row;
}

export type MergeResult = { rows: Row[]; replaced: boolean };

/**
 * Matched items update their row in place; unmatched ones are inserted right
 * after the previous matched (or inserted) row, so order follows the page.
 */
export function mergeHistory(rows: readonly Row[], items: readonly ChatItem[], mode: MergeMode): MergeResult {
  const out = rows.slice();
  let pos = -1;
  let matched = false;
  // A newest page's unmatched items before its first match belong right above that match
  // (e.g. the user's message of a reply we re-attached to: Letta stores it with the reply).
  let held: Row[] = [];
  for (const item of items) {
    let index = findItemRow(out, item);
    if (index >= 0) {
      if (held.length > 0) {
        out.splice(index, 0, ...held);
        index += held.length;
        held = [];
      }
      out[index] = settle(out[index]!, item);
      pos = Math.max(pos, index);
      matched = true;
      continue;
    }
    if (mode === "newest" && !matched && rows.length > 0) {
      held.push(rowFromItem(item));
      continue;
    }
    out.splice(pos + 1, 0, rowFromItem(item));
    pos += 1;
  }
  if (held.length > 0) {
    // Nothing in common: the conversation was replaced, or identities disagree. The page is the truth.
    const pendingSends = rows.filter((row) => row.kind === "user" && row.pending);
    return { rows: [...mergeHistory([], items, "initial").rows, ...pendingSends], replaced: true };
  }
  return { rows: out, replaced: false };
}
