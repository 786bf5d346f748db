import type { Db } from "./db";
import { escapeLike } from "./blocks";
import type { MessagePart, MessageRole } from "./messages";

export interface MessageSearchFilter {
  /** Every word must occur in the message's user/assistant text (case-insensitive substring). */
  words: string[];
  agentId?: string;
  conversationId?: string;
  /** Exclusive lower bound on created_at ("created after"). */
  startDate?: Date;
  /** Inclusive upper bound on created_at ("created on or before"). */
  endDate?: Date;
  limit: number;
}

export interface MessageSearchRow {
  id: string;
  role: MessageRole;
  parts: MessagePart[];
  agent_id: string;
  conversation_id: string | null;
  created_at: Date;
}

/**
 * POST /v1/messages/search. Only user and assistant messages have search text (tool traffic, reasoning, system and
 * summary messages never match). The conversation filter is on the message's own conversation, so a search scoped
 * to conversation A can never return a row written in conversation B, however well B matches.
 */
export async function searchMessages(db: Db, filter: MessageSearchFilter): Promise<MessageSearchRow[]> {
  const params: unknown[] = [];
  const where = ["deleted_at IS NULL", "role IN ('user', 'assistant')", "search_text <> ''"];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.conversationId !== undefined) where.push(`conversation_id = ${bind(filter.conversationId)}`);
  if (filter.agentId !== undefined) where.push(`agent_id = ${bind(filter.agentId)}`);
  if (filter.startDate) where.push(`created_at > ${bind(filter.startDate)}`);
  if (filter.endDate) where.push(`created_at <= ${bind(filter.endDate)}`);
  for (const word of filter.words) where.push(`search_text ILIKE ${bind(`%${escapeLike(word)}%`)}`);
  const { rows } = await db.query<MessageSearchRow>(
    `SELECT id, role, parts, agent_id, conversation_id, created_at FROM ${db.t.messages}
     WHERE ${where.join(" AND ")} ORDER BY created_at DESC, id DESC LIMIT ${bind(filter.limit)}`,
    params,
  );
  return rows;
}
