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
