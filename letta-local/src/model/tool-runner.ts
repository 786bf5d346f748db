import type { Clock } from "../clock";
import type { Db } from "../store/db";
import { blocksOfAgent, saveBlock, type BlockRecord } from "../store/blocks";
import { searchAgentMessages } from "../store/messages";
import { lettaDate } from "../render/letta-messages";
import { searchWords } from "./text";

export interface ToolOutcome {
  status: "success" | "error";
  content: string;
}

const DEFAULT_SEARCH_RESULTS = 5;

/** Runs one server-side tool the way Letta's core tool executor would; failures are tool errors, not run errors. */
export async function runServerTool(db: Db, clock: Clock, agentId: string, name: string, args: Record<string, unknown>): Promise<ToolOutcome> {
  if (name === "conversation_search") return conversationSearch(db, agentId, args);
  const blocks = await blocksOfAgent(db, agentId);
  const label = String(args.label ?? "");
  const block = blocks.find((candidate) => candidate.label === label);
  if (!block) return error(`Memory block with label '${label}' not found.`);
  if (block.data.read_only) return error(`The memory block '${label}' is read-only and cannot be edited.`);
  const next = editedValue(name, block, args);
  if (typeof next !== "string") return next;
  if (next.length > block.data.limit) {
    return error(`Edit failed: exceeds the ${block.data.limit} character limit of block '${label}' (requested ${next.length}).`);
  }
  await saveBlock(db, { ...block, value: next, updatedAt: clock.date() });
  return { status: "success", content: `The memory block '${label}' has been updated.` };
}

function editedValue(name: string, block: BlockRecord, args: Record<string, unknown>): string | ToolOutcome {
  const value = block.value;
  switch (name) {
    case "memory_insert": {
      const text = String(args.new_str ?? "");
      const lines = value === "" ? [] : value.split("\n");
      const at = typeof args.insert_line === "number" && args.insert_line >= 0 ? Math.min(args.insert_line, lines.length) : lines.length;
      lines.splice(at, 0, text);
      return lines.join("\n");
    }
    case "core_memory_append":
      return value === "" ? String(args.content ?? "") : `${value}\n${String(args.content ?? "")}`;
    case "memory_replace":
    case "core_memory_replace": {
      const oldText = String(args.old_str ?? args.old_content ?? "");
      const newText = String(args.new_str ?? args.new_content ?? "");
      const count = oldText ? value.split(oldText).length - 1 : 0;
      if (count === 0) return error(`No replacement was performed: '${oldText}' does not appear in block '${block.label}'.`);
      if (count > 1) return error(`No replacement was performed: '${oldText}' appears ${count} times in block '${block.label}'.`);
      return value.replace(oldText, newText);
    }
    default:
      return error(`Tool '${name}' is not available on letta-local.`);
  }
}

async function conversationSearch(db: Db, agentId: string, args: Record<string, unknown>): Promise<ToolOutcome> {
  const query = String(args.query ?? "").trim();
  if (!query) return error("conversation_search needs a non-empty query.");
  const limit = typeof args.limit === "number" && args.limit > 0 ? Math.min(args.limit, 50) : DEFAULT_SEARCH_RESULTS;
  const hits = await searchAgentMessages(db, agentId, searchWords(query), limit);
  const results = hits.map((hit) => ({ timestamp: lettaDate(hit.createdAt), role: hit.role, content: hit.text }));
  return { status: "success", content: JSON.stringify({ query, count: results.length, results }) };
}

const error = (content: string): ToolOutcome => ({ status: "error", content });
