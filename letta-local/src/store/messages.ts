import type { Db } from "./db";
import { escapeLike } from "./blocks";

export type MessageRole = "system" | "user" | "assistant" | "tool" | "approval" | "summary";

/** One stored message is one LLM turn (or one user/tool input); its parts expand into LettaMessage items. */
export type MessagePart =
  | { kind: "system"; text: string }
  | { kind: "user"; content: unknown }
  | { kind: "reasoning"; text: string }
  | { kind: "text"; text: string }
  | { kind: "tool_call"; tool_call_id: string; name: string; arguments: string; approval: boolean }
  | { kind: "tool_return"; tool_call_id: string; status: "success" | "error"; tool_return: string }
  | { kind: "approval"; approvals: unknown[]; approve: boolean | null; reason: string | null }
  /** `text` is Letta's packed summary (model/summary-message.ts). */
  | { kind: "summary"; text: string };

export interface StoredMessage {
  id: string;
  agentId: string;
  conversationId: string | null;
  role: MessageRole;
  parts: MessagePart[];
  otid: string | null;
  runId: string | null;
  stepId: string | null;
  createdAt: Date;
}

const ITEM_TYPE: Record<MessagePart["kind"], string> = {
  system: "system_message",
  user: "user_message",
  reasoning: "reasoning_message",
  text: "assistant_message",
  tool_call: "tool_call_message",
  tool_return: "tool_return_message",
  approval: "approval_response_message",
  // Letta lists summary-role messages as user messages (`convert_summary_to_user=True`); see model/summary-message.ts.
  summary: "user_message",
};

export function itemTypeOf(part: MessagePart): string {
  return part.kind === "tool_call" && part.approval ? "approval_request_message" : ITEM_TYPE[part.kind];
}

/** Text that conversation_search matches: what the user said and what the assistant answered (no tool traffic). */
export function searchTextOf(message: Pick<StoredMessage, "role" | "parts">): string {
  if (message.role !== "user" && message.role !== "assistant") return "";
  return message.parts
    .map((part) => (part.kind === "text" ? part.text : part.kind === "user" ? userContentText(part.content) : ""))
    .filter(Boolean)
    .join("\n");
}

export function userContentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((item) => (item && typeof item === "object" && typeof (item as { text?: unknown }).text === "string" ? (item as { text: string }).text : ""))
    .filter(Boolean)
    .join("\n");
}

interface MessageRow {
  id: string;
  agent_id: string;
  conversation_id: string | null;
  role: MessageRole;
  parts: MessagePart[];
  otid: string | null;
  run_id: string | null;
  step_id: string | null;
  created_at: Date;
}

export const messageFromRow = (row: MessageRow): StoredMessage => ({
  id: row.id,
  agentId: row.agent_id,
  conversationId: row.conversation_id,
  role: row.role,
  parts: row.parts,
  otid: row.otid,
  runId: row.run_id,
  stepId: row.step_id,
  createdAt: row.created_at,
});

/** Column arrays for `INSERT ... SELECT FROM unnest(...)`, shared by every statement that stores messages. */
export function messageColumns(messages: StoredMessage[]): unknown[] {
  return [
    messages.map((m) => m.id),
    messages.map((m) => m.agentId),
    messages.map((m) => m.conversationId),
    messages.map((m) => m.role),
    messages.map((m) => JSON.stringify(m.parts)),
    messages.map((m) => `{${m.parts.map((p) => itemTypeOf(p)).join(",")}}`),
    messages.map((m) => searchTextOf(m)),
    messages.map((m) => m.otid),
    messages.map((m) => m.runId),
    messages.map((m) => m.stepId),
    messages.map((m) => m.createdAt),
  ];
}

/** SQL fragment inserting the messages given as parameters $first..$first+10 (see messageColumns). */
export function insertMessagesSql(db: Db, first: number): string {
  const p = (offset: number) => `$${first + offset}`;
  return `INSERT INTO ${db.t.messages} (id, agent_id, conversation_id, role, parts, item_types, search_text, otid, run_id, step_id, created_at)
    SELECT id, agent_id, conversation_id, role, parts::jsonb, item_types::text[], search_text, otid, run_id, step_id, created_at
    FROM unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::text[],
                ${p(6)}::text[], ${p(7)}::text[], ${p(8)}::text[], ${p(9)}::text[], ${p(10)}::timestamptz[])
      AS t(id, agent_id, conversation_id, role, parts, item_types, search_text, otid, run_id, step_id, created_at)`;
}

export async function getMessages(db: Db, ids: string[]): Promise<Map<string, StoredMessage>> {
  const { rows } = await db.query<MessageRow>(`SELECT * FROM ${db.t.messages} WHERE id = ANY($1::text[])`, [ids]);
  return new Map(rows.map((row) => [row.id, messageFromRow(row)]));
}

export interface PageRequest {
  conversationId: string;
  order: "asc" | "desc";
  after?: string;
  before?: string;
  limit: number;
  itemTypes: string[];
}

/**
 * One page of a conversation's history. Cursors are read "in the specified sort order" (OpenAPI reading):
 * `after` = items that follow the cursor in `order`, `before` = the items closest to the cursor that precede it.
 * `limit` counts stored messages; a cursor is a stored message's id (all its items share it).
 */
export async function listConversationPage(db: Db, page: PageRequest): Promise<StoredMessage[]> {
  const params: unknown[] = [page.conversationId];
  const where = ["cm.conversation_id = $1"];
  const positionOf = (id: string) => {
    params.push(id);
    return `(SELECT position FROM ${db.t.conversation_messages} WHERE conversation_id = $1 AND message_id = $${params.length})`;
  };
  // In asc order "after" means a later position; in desc order it means an earlier one.
  const later = page.order === "asc";
  if (page.after) where.push(`cm.position ${later ? ">" : "<"} ${positionOf(page.after)}`);
  if (page.before) where.push(`cm.position ${later ? "<" : ">"} ${positionOf(page.before)}`);
  if (page.itemTypes.length > 0) {
    params.push(page.itemTypes);
    where.push(`m.item_types && $${params.length}::text[]`);
  }
  // A `before`-only page is the block adjacent to the cursor, so it is fetched walking away from the cursor.
  const walkBackwards = Boolean(page.before) && !page.after;
  const ascending = walkBackwards ? !later : later;
  params.push(page.limit);
  const { rows } = await db.query<MessageRow>(
    `SELECT m.* FROM ${db.t.conversation_messages} cm JOIN ${db.t.messages} m ON m.id = cm.message_id
     WHERE ${where.join(" AND ")} ORDER BY cm.position ${ascending ? "ASC" : "DESC"} LIMIT $${params.length}`,
    params,
  );
  const messages = rows.map(messageFromRow);
  return walkBackwards ? messages.reverse() : messages;
}

export interface SearchHit {
  id: string;
  role: MessageRole;
  text: string;
  createdAt: Date;
  conversationId: string | null;
}

/**
 * conversation_search (R43): every live message of the agent, across ALL its conversations, whose text contains
 * every query word. Tool traffic has empty search_text and never matches.
 */
export async function searchAgentMessages(db: Db, agentId: string, words: string[], limit: number): Promise<SearchHit[]> {
  const params: unknown[] = [agentId];
  const where = ["agent_id = $1", "deleted_at IS NULL", "search_text <> ''"];
  for (const word of words) {
    params.push(`%${escapeLike(word)}%`);
    where.push(`search_text ILIKE $${params.length}`);
  }
  params.push(limit);
  const { rows } = await db.query<{ id: string; role: MessageRole; search_text: string; created_at: Date; conversation_id: string | null }>(
    `SELECT id, role, search_text, created_at, conversation_id FROM ${db.t.messages} WHERE ${where.join(" AND ")}
     ORDER BY created_at DESC, id LIMIT $${params.length}`,
    params,
  );
  return rows.map((row) => ({ id: row.id, role: row.role, text: row.search_text, createdAt: row.created_at, conversationId: row.conversation_id }));
}

export async function updateMessageParts(db: Db, id: string, parts: MessagePart[]): Promise<void> {
  await db.query(`UPDATE ${db.t.messages} SET parts = $2 WHERE id = $1`, [id, JSON.stringify(parts)]);
}
