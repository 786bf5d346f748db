// Folds one streamed Letta chunk into the rows. Pure; the reducer calls it.
//
// Dedupe rules (a resume after reload replays the run from its start):
// - a part that is already a settled (history) row ignores its deltas: stored messages are complete;
// - a live row appends them: it was built from this stream, and the seq_id filter upstream
//   (follow-run) guarantees each chunk arrives once.
import { findLastRow, isSamePart, isSameToolCall, textRowKey, toolRowKey, type Row, type ToolRow } from "./rows";
import type { StreamChunk } from "@/lib/letta/wire";

export type ApplyResult = {
  rows: Row[];
  /** The row this chunk extended or created; null when nothing changed. */
  touched: Row | null;
};

function replaceAt(rows: readonly Row[], index: number, row: Row): Row[] {
  const out = rows.slice();
  out[index] = row;
  return out;
}

function appendText(rows: readonly Row[], chunk: Extract<StreamChunk, { type: "reasoning" | "assistant" }>): ApplyResult {
  const index = findLastRow(rows, (row) => isSamePart(row, chunk.type, chunk.id, chunk.otid));
  if (index < 0) {
    const row: Row = {
      key: textRowKey(chunk.type, chunk.id, chunk.otid), kind: chunk.type, id: chunk.id, otid: chunk.otid,
      date: chunk.date, live: true, runId: chunk.runId, text: chunk.delta,
    };
    return { rows: [...rows, row], touched: row };
  }
  const existing = rows[index]!;
  if (!existing.live || existing.kind === "tool") return { rows: rows as Row[], touched: null };
  if (!chunk.delta) return { rows: rows as Row[], touched: existing };
  const row = { ...existing, text: existing.text + chunk.delta } as Row;
  return { rows: replaceAt(rows, index, row), touched: row };
}

function applyToolCall(rows: readonly Row[], chunk: Extract<StreamChunk, { type: "tool_call" }>): ApplyResult {
  // Later argument deltas may carry only `arguments`: fall back to the part identity.
  const index = findLastRow(rows, (row) => isSameToolCall(row, chunk.toolCallId, chunk.id, chunk.otid));
  if (index < 0) {
    const row: ToolRow = {
      key: toolRowKey(chunk.toolCallId, chunk.id, chunk.otid), kind: "tool", id: chunk.id, otid: chunk.otid,
      date: chunk.date, live: true, runId: chunk.runId, toolCallId: chunk.toolCallId,
      name: chunk.name ?? "", args: chunk.argsDelta, result: null,
    };
    return { rows: [...rows, row], touched: row };
  }
  const existing = rows[index] as ToolRow;
  if (!existing.live) return { rows: rows as Row[], touched: null };
  const row: ToolRow = {
    ...existing,
    name: existing.name || (chunk.name ?? ""),
    toolCallId: existing.toolCallId ?? chunk.toolCallId,
    args: existing.args + chunk.argsDelta,
  };
  return { rows: replaceAt(rows, index, row), touched: row };
}

function applyToolReturn(rows: readonly Row[], chunk: Extract<StreamChunk, { type: "tool_return" }>): ApplyResult {
  const result = { status: chunk.status, output: chunk.output, id: chunk.id, otid: chunk.otid };
  const index = chunk.toolCallId
    ? findLastRow(rows, (row) => row.kind === "tool" && row.toolCallId === chunk.toolCallId)
    : findLastRow(rows, (row) => row.kind === "tool" && row.result === null);
  if (index >= 0) {
    const existing = rows[index] as ToolRow;
    if (existing.result) return { rows: rows as Row[], touched: null }; // replayed, or already in the history
    const row: ToolRow = { ...existing, result };
    return { rows: replaceAt(rows, index, row), touched: row };
  }
  const row: ToolRow = {
    key: toolRowKey(chunk.toolCallId, chunk.id, chunk.otid), kind: "tool", id: chunk.id, otid: chunk.otid,
    date: chunk.date, live: true, runId: chunk.runId, toolCallId: chunk.toolCallId, name: "", args: "", result,
  };
  return { rows: [...rows, row], touched: row };
}

/** A summary arrives whole: a replay (or the stored copy) replaces the text instead of appending it. */
function applySummary(rows: readonly Row[], chunk: Extract<StreamChunk, { type: "summary" }>): ApplyResult {
  const index = findLastRow(rows, (row) => isSamePart(row, "summary", chunk.id, chunk.otid));
  if (index >= 0) {
    const existing = rows[index]!;
    if (!existing.live || existing.kind !== "summary" || existing.text === chunk.text) return { rows: rows as Row[], touched: null };
    const row: Row = { ...existing, text: chunk.text };
    return { rows: replaceAt(rows, index, row), touched: row };
  }
  const row: Row = {
    key: textRowKey("summary", chunk.id, chunk.otid), kind: "summary", id: chunk.id, otid: chunk.otid,
    date: chunk.date, live: true, runId: chunk.runId, text: chunk.text,
  };
  return { rows: [...rows, row], touched: row };
}

export function applyChunk(rows: readonly Row[], chunk: StreamChunk): ApplyResult {
  switch (chunk.type) {
    case "reasoning":
    case "assistant":
      return appendText(rows, chunk);
    case "tool_call":
      return applyToolCall(rows, chunk);
    case "tool_return":
      return applyToolReturn(rows, chunk);
    case "summary":
      return applySummary(rows, chunk);
    default:
      return { rows: rows as Row[], touched: null };
  }
}
