import type { Db } from "./db";
import { escapeLike } from "./blocks";
import { insertMessagesSql, messageColumns, type StoredMessage } from "./messages";

export interface PendingApproval {
  tool_call_id: string;
  name: string;
  arguments: string;
  run_id: string;
  message_id: string;
}

export interface ConversationRecord {
  id: string;
  agentId: string;
  isDefault: boolean;
  hidden: boolean;
  summary: string | null;
  description: string | null;
  model: string | null;
  modelSettings: Record<string, unknown> | null;
  contextWindowLimit: number | null;
  archived: boolean;
  archivedAt: Date | null;
  lastMessageAt: Date | null;
  lastRunCompletion: Date | null;
  inContextIds: string[];
  pendingApproval: PendingApproval | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ConversationRow {
  id: string;
  agent_id: string;
  is_default: boolean;
  hidden: boolean;
  summary: string | null;
  description: string | null;
  model: string | null;
  model_settings: Record<string, unknown> | null;
  context_window_limit: number | null;
  archived: boolean;
  archived_at: Date | null;
  last_message_at: Date | null;
  last_run_completion: Date | null;
  in_context_ids: string[];
  pending_approval: PendingApproval | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, agent_id, is_default, hidden, summary, description, model, model_settings, context_window_limit, archived,
  archived_at, last_message_at, last_run_completion, in_context_ids, pending_approval, created_at, updated_at`;

const fromRow = (row: ConversationRow): ConversationRecord => ({
  id: row.id,
  agentId: row.agent_id,
  isDefault: row.is_default,
  hidden: row.hidden,
  summary: row.summary,
  description: row.description,
  model: row.model,
  modelSettings: row.model_settings,
  contextWindowLimit: row.context_window_limit,
  archived: row.archived,
  archivedAt: row.archived_at,
  lastMessageAt: row.last_message_at,
  lastRunCompletion: row.last_run_completion,
  inContextIds: row.in_context_ids,
  pendingApproval: row.pending_approval,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * Creates a conversation whose history starts with the given messages (its system message first, then any
 * shared rows of a fork), all in context. One statement, so no transaction is held open.
 */
export async function insertConversation(db: Db, conversation: ConversationRecord, newMessages: StoredMessage[], historyIds: string[]): Promise<void> {
  await db.query(
    `WITH new_messages AS (${insertMessagesSql(db, 1)} RETURNING id),
     conversation AS (
       INSERT INTO ${db.t.conversations} (id, agent_id, is_default, hidden, summary, description, model, model_settings,
         context_window_limit, in_context_ids, next_position, created_at, updated_at)
       VALUES ($12, $13, $14, $15, $16, $17, $18, $19, $20, $21::text[], cardinality($21::text[]), $22, $22) RETURNING id)
     INSERT INTO ${db.t.conversation_messages} (conversation_id, position, message_id)
     SELECT (SELECT id FROM conversation), ord - 1, message_id FROM unnest($21::text[]) WITH ORDINALITY AS t(message_id, ord)`,
    [
      ...messageColumns(newMessages),
      conversation.id,
      conversation.agentId,
      conversation.isDefault,
      conversation.hidden,
      conversation.summary,
      conversation.description,
      conversation.model,
      conversation.modelSettings === null ? null : JSON.stringify(conversation.modelSettings),
      conversation.contextWindowLimit,
      historyIds,
      conversation.createdAt,
    ],
  );
}

export async function getConversation(db: Db, id: string): Promise<ConversationRecord | null> {
  const { rows } = await db.query<ConversationRow>(`SELECT ${COLUMNS} FROM ${db.t.conversations} WHERE id = $1 AND deleted_at IS NULL`, [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function getDefaultConversation(db: Db, agentId: string): Promise<ConversationRecord | null> {
  const { rows } = await db.query<ConversationRow>(
    `SELECT ${COLUMNS} FROM ${db.t.conversations} WHERE agent_id = $1 AND is_default AND deleted_at IS NULL`,
    [agentId],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

export interface ConversationFilter {
  agentId?: string;
  summarySearch?: string;
  archiveStatus: "unarchived" | "archived" | "all";
}

/** Listing never shows hidden conversations (fork/create `hidden`) nor an agent's default conversation. */
export async function listConversations(db: Db, filter: ConversationFilter): Promise<ConversationRecord[]> {
  const params: unknown[] = [];
  const where = ["deleted_at IS NULL", "NOT hidden", "NOT is_default"];
  if (filter.agentId !== undefined) {
    params.push(filter.agentId);
    where.push(`agent_id = $${params.length}`);
  }
  if (filter.summarySearch !== undefined) {
    params.push(`%${escapeLike(filter.summarySearch)}%`);
    where.push(`summary ILIKE $${params.length}`);
  }
  if (filter.archiveStatus !== "all") where.push(filter.archiveStatus === "archived" ? "archived" : "NOT archived");
  const { rows } = await db.query<ConversationRow>(`SELECT ${COLUMNS} FROM ${db.t.conversations} WHERE ${where.join(" AND ")}`, params);
  return rows.map(fromRow);
}

export async function saveConversation(db: Db, c: ConversationRecord): Promise<void> {
  await db.query(
    `UPDATE ${db.t.conversations} SET summary = $2, description = $3, model = $4, model_settings = $5, context_window_limit = $6,
       archived = $7, archived_at = $8, last_message_at = $9, updated_at = $10 WHERE id = $1 AND deleted_at IS NULL`,
    [c.id, c.summary, c.description, c.model, c.modelSettings === null ? null : JSON.stringify(c.modelSettings),
      c.contextWindowLimit, c.archived, c.archivedAt, c.lastMessageAt, c.updatedAt],
  );
}

export async function touchLastMessageAt(db: Db, id: string, at: Date): Promise<void> {
  await db.query(`UPDATE ${db.t.conversations} SET last_message_at = $2, updated_at = $2 WHERE id = $1`, [id, at]);
}

/**
 * Soft-deletes the conversation and the messages it created that no other live conversation (a fork) links to.
 * Returns false when it was already gone.
 */
export async function softDeleteConversation(db: Db, id: string, at: Date): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE ${db.t.conversations} SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL`, [id, at]);
  if (!rowCount) return false;
  await db.query(
    `UPDATE ${db.t.messages} m SET deleted_at = $2
     WHERE m.id IN (SELECT message_id FROM ${db.t.conversation_messages} WHERE conversation_id = $1)
       AND NOT EXISTS (
         SELECT 1 FROM ${db.t.conversation_messages} other JOIN ${db.t.conversations} c ON c.id = other.conversation_id
         WHERE other.message_id = m.id AND other.conversation_id <> $1 AND c.deleted_at IS NULL)`,
    [id, at],
  );
  return true;
}

export interface StepWrite {
  conversationId: string;
  messages: StoredMessage[];
  /** Set (or cleared with null) together with the messages, so approval state and history never disagree. */
  pendingApproval?: PendingApproval | null;
  completedAt?: Date;
}

/** Persists one agent step: new messages appended to history and to the in-context window, in one statement. */
export async function appendStep(db: Db, step: StepWrite): Promise<void> {
  const ids = step.messages.map((m) => m.id);
  await db.query(
    `WITH new_messages AS (${insertMessagesSql(db, 1)} RETURNING id),
     conversation AS (
       UPDATE ${db.t.conversations} SET next_position = next_position + cardinality($13::text[]),
         in_context_ids = in_context_ids || $13::text[],
         pending_approval = CASE WHEN $14 THEN $15::jsonb ELSE pending_approval END,
         last_run_completion = COALESCE($16, last_run_completion), updated_at = now()
       WHERE id = $12 RETURNING next_position - cardinality($13::text[]) AS start)
     INSERT INTO ${db.t.conversation_messages} (conversation_id, position, message_id)
     SELECT $12, conversation.start + ord - 1, message_id FROM conversation, unnest($13::text[]) WITH ORDINALITY AS t(message_id, ord)`,
    [
      ...messageColumns(step.messages),
      step.conversationId,
      ids,
      step.pendingApproval !== undefined,
      step.pendingApproval ? JSON.stringify(step.pendingApproval) : null,
      step.completedAt ?? null,
    ],
  );
}

export async function setInContext(db: Db, conversationId: string, ids: string[]): Promise<void> {
  await db.query(`UPDATE ${db.t.conversations} SET in_context_ids = $2, updated_at = now() WHERE id = $1`, [conversationId, ids]);
}

export async function setLastRunCompletion(db: Db, conversationId: string, at: Date): Promise<void> {
  await db.query(`UPDATE ${db.t.conversations} SET last_run_completion = $2 WHERE id = $1`, [conversationId, at]);
}

/** Ids of every message in the conversation's history, oldest first. */
export async function historyIds(db: Db, conversationId: string): Promise<string[]> {
  const { rows } = await db.query<{ message_id: string }>(
    `SELECT message_id FROM ${db.t.conversation_messages} WHERE conversation_id = $1 ORDER BY position`,
    [conversationId],
  );
  return rows.map((row) => row.message_id);
}
