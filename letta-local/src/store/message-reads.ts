import type { Db } from "./db";
import { messageFromRow, type PageRequest, type StoredMessage } from "./messages";

/** Reads of stored messages outside one conversation's history: by id, by run, by step, and across the server. */

type MessageRow = Parameters<typeof messageFromRow>[0];

/** One live message (a deleted conversation's messages are gone, as for the message list). */
export async function getLiveMessage(db: Db, id: string): Promise<StoredMessage | null> {
  const { rows } = await db.query<MessageRow>(`SELECT * FROM ${db.t.messages} WHERE id = $1 AND deleted_at IS NULL`, [id]);
  return rows[0] ? messageFromRow(rows[0]) : null;
}

/**
 * The messages a run or a step wrote (its input included), in their history order: positions in the run's
 * conversation, where the order of messages stored in the same millisecond is exact.
 */
export async function messagesOf(db: Db, by: { runId: string } | { stepId: string }, conversationId: string | null): Promise<StoredMessage[]> {
  const [column, value] = "runId" in by ? ["run_id", by.runId] : ["step_id", by.stepId];
  const { rows } = await db.query<MessageRow>(
    `SELECT m.* FROM ${db.t.messages} m LEFT JOIN ${db.t.conversation_messages} cm ON cm.message_id = m.id AND cm.conversation_id = $2
     WHERE m.${column} = $1 AND m.deleted_at IS NULL ORDER BY cm.position NULLS LAST, m.created_at, m.id`,
    [value, conversationId],
  );
  return rows.map(messageFromRow);
}

/** A conversation's page request, the conversation optional. */
export type AllMessagesPage = Omit<PageRequest, "conversationId"> & { conversationId?: string };

/**
 * `messages.list`: every live message on the server (each stored row once, even when forks share it), by creation
 * time. Cursors are message ids read in the requested order, as in a conversation's message list; an unknown cursor
 * gives an empty page.
 */
export async function listAllMessages(db: Db, page: AllMessagesPage): Promise<StoredMessage[]> {
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = ["m.deleted_at IS NULL"];
  if (page.conversationId !== undefined) {
    where.push(`m.id IN (SELECT message_id FROM ${db.t.conversation_messages} WHERE conversation_id = ${bind(page.conversationId)})`);
  }
  if (page.itemTypes.length) where.push(`m.item_types && ${bind(page.itemTypes)}::text[]`);
  const key = (id: string) => `(SELECT created_at, id FROM ${db.t.messages} WHERE id = ${bind(id)})`;
  const later = page.order === "asc";
  // Cursor rows that do not exist make the comparison NULL, so the page is empty.
  if (page.after) where.push(`(m.created_at, m.id) ${later ? ">" : "<"} ${key(page.after)}`);
  if (page.before) where.push(`(m.created_at, m.id) ${later ? "<" : ">"} ${key(page.before)}`);
  const walkBackwards = Boolean(page.before) && !page.after;
  const direction = walkBackwards !== later ? "ASC" : "DESC";
  const { rows } = await db.query<MessageRow>(
    `SELECT m.* FROM ${db.t.messages} m WHERE ${where.join(" AND ")} ORDER BY m.created_at ${direction}, m.id ${direction} LIMIT ${bind(page.limit)}`,
    params,
  );
  const messages = rows.map(messageFromRow);
  return walkBackwards ? messages.reverse() : messages;
}
