// Long threads for browser tests, seeded straight into the local Letta server's tables with the
// benchmark's seeder (bench/lib/seed.mjs): hundreds of turns through the API would take minutes.
// Seeded rows are what letta-local writes for a user message and a reply (reasoning + Markdown text).
import pg from "pg";
import { agentOf, seedConversation } from "../../bench/lib/seed.mjs";
import { database } from "./db";

/** The signed-in user's Letta conversation id (the first GET /api/chat/messages creates it). */
export async function conversationIdOf(userId: string): Promise<string> {
  const { rows } = await database().query(`SELECT "lettaConversationId" AS id FROM "Conversation" WHERE "userId" = $1`, [userId]);
  if (!rows[0]) throw new Error(`user ${userId} has no conversation yet`);
  return rows[0].id as string;
}

/**
 * Appends `count` messages, alternating "Question n: …" and a reply "Answer n: …" (n = 1…count, oldest first).
 * Needs the local Letta server's database: LETTA_LOCAL_DATABASE_URL (npm test's embedded one) or DATABASE_URL.
 */
export async function seedLongThread(conversationId: string, count: number): Promise<void> {
  const url = process.env.LETTA_LOCAL_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("seeding a long thread needs the local Letta server's database (npm test sets it)");
  const schema = process.env.LETTA_LOCAL_SCHEMA || "letta_local";
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const agentId = await agentOf(pool, schema, conversationId);
    await seedConversation(pool, schema, { conversationId, agentId, count });
  } finally {
    await pool.end();
  }
}

/**
 * Appends messages with the given texts (oldest first, one second apart, ending now), as letta-local stores them:
 * a user message (one `user` part) or a reply (one Markdown `text` part). For replies whose exact Markdown a test
 * needs (math, code), which the offline model would not write.
 */
export async function seedMessages(conversationId: string, messages: { role: "user" | "assistant"; text: string }[]): Promise<void> {
  const url = process.env.LETTA_LOCAL_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("seeding messages needs the local Letta server's database (npm test sets it)");
  const schema = process.env.LETTA_LOCAL_SCHEMA || "letta_local";
  const t = (name: string) => `"${schema}".${name}`;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const client = await pool.connect();
  try {
    const agentId = await agentOf(client, schema, conversationId);
    await client.query("BEGIN");
    const { rows } = await client.query(`SELECT next_position FROM ${t("conversations")} WHERE id = $1 FOR UPDATE`, [conversationId]);
    let position = rows[0].next_position as number;
    for (const [i, message] of messages.entries()) {
      const user = message.role === "user";
      const parts = user ? [{ kind: "user", content: message.text }] : [{ kind: "text", text: message.text }];
      const id = `message-${crypto.randomUUID()}`;
      await client.query(
        `INSERT INTO ${t("messages")} (id, agent_id, conversation_id, role, parts, item_types, search_text, otid, created_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::text[], $7, $8, now() - make_interval(secs => $9))`,
        [id, agentId, conversationId, message.role, JSON.stringify(parts), user ? "{user_message}" : "{assistant_message}",
          message.text.toLowerCase(), user ? crypto.randomUUID() : null, messages.length - i],
      );
      await client.query(`INSERT INTO ${t("conversation_messages")} (conversation_id, position, message_id) VALUES ($1, $2, $3)`, [conversationId, position, id]);
      position += 1;
    }
    await client.query(`UPDATE ${t("conversations")} SET next_position = $2 WHERE id = $1`, [conversationId, position]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
    await pool.end();
  }
}
