// Seeds long conversations straight into the local Letta server's Postgres tables (letta-local/migrations/
// 001_initial.sql, letta-local/src/store/messages.ts): 100,000 messages through the API would take many minutes,
// one bulk INSERT … SELECT generate_series takes seconds. The rows are what letta-local itself writes for a user
// message (one `user` part) and a reply (a `reasoning` part + a Markdown `text` part), appended after the
// conversation's system message at positions 1..N, so paging, cursors and the chat view see an ordinary history.
// Only the history grows; the in-context window (in_context_ids) stays as it was, so a new turn costs the same.

const USER_TEXT = "Question %: how do I keep a long thread fast when it holds thousands of messages?";
const REASONING = "The user asks question %; answer with a short list.";
const REPLY = [
  "Answer %: a few things keep long threads fast.",
  "",
  "- Render only the rows that are near the viewport.",
  "- Keep each row's markup small and **memoised**.",
  "- Load older pages on demand, 50 messages at a time.",
  "",
  "The list lives in `components/chat/message-list.tsx`.",
].join("\n");

/**
 * Appends `count` messages (alternating user / assistant, oldest first, one second apart, ending now) to an
 * existing conversation. Returns the message ids at the given positions (1-based), for use as page cursors.
 */
export async function seedConversation(pool, schema, { conversationId, agentId, count, cursorPositions = [] }) {
  const t = (name) => `"${schema}".${name}`;
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query(`SELECT next_position FROM ${t("conversations")} WHERE id = $1 FOR UPDATE`, [conversationId]);
    if (!rows[0]) throw new Error(`conversation ${conversationId} not found in ${schema}`);
    const start = rows[0].next_position;
    await client.query(
      `WITH input AS MATERIALIZED (
         SELECT g, 'message-' || gen_random_uuid() AS id, g % 2 = 1 AS is_user,
                now() - make_interval(secs => $3 - g) AS created_at
         FROM generate_series(1, $3::int) AS g),
       inserted AS (
         INSERT INTO ${t("messages")} (id, agent_id, conversation_id, role, parts, item_types, search_text, otid, created_at)
         SELECT id, $2, $1,
           CASE WHEN is_user THEN 'user' ELSE 'assistant' END,
           CASE WHEN is_user
             THEN jsonb_build_array(jsonb_build_object('kind', 'user', 'content', replace($4, '%', g::text)))
             ELSE jsonb_build_array(jsonb_build_object('kind', 'reasoning', 'text', replace($5, '%', g::text)),
                                    jsonb_build_object('kind', 'text', 'text', replace($6, '%', g::text))) END,
           CASE WHEN is_user THEN '{user_message}'::text[] ELSE '{reasoning_message,assistant_message}'::text[] END,
           '', CASE WHEN is_user THEN gen_random_uuid()::text END, created_at
         FROM input RETURNING id)
       INSERT INTO ${t("conversation_messages")} (conversation_id, position, message_id)
       SELECT $1, $7::int + g - 1, input.id FROM input JOIN inserted USING (id)`,
      [conversationId, agentId, count, USER_TEXT, REASONING, REPLY, start],
    );
    await client.query(`UPDATE ${t("conversations")} SET next_position = next_position + $2 WHERE id = $1`, [conversationId, count]);
    await client.query("COMMIT");
    // Refresh planner statistics, as autovacuum would have long before a real conversation reached this length:
    // right after a bulk insert the stale statistics make Postgres plan a page from the middle as a scan of
    // every row of the conversation (13 ms instead of 0.5 ms at 100,000 messages).
    await client.query(`ANALYZE ${t("messages")}, ${t("conversation_messages")}`);
    const cursors = await client.query(
      `SELECT position, message_id FROM ${t("conversation_messages")} WHERE conversation_id = $1 AND position = ANY($2::int[])`,
      [conversationId, cursorPositions.map((p) => start + p - 1)],
    );
    const byPosition = new Map(cursors.rows.map((r) => [r.position - start + 1, r.message_id]));
    return cursorPositions.map((p) => byPosition.get(p));
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The agent a conversation belongs to (seeded rows carry it). */
export async function agentOf(pool, schema, conversationId) {
  const { rows } = await pool.query(`SELECT agent_id FROM "${schema}".conversations WHERE id = $1`, [conversationId]);
  return rows[0]?.agent_id;
}
