// GET /api/chat/search against real Postgres and a real letta-local (in-process, its own schema): a search that
// stops before the start of the thread says so and hands back a cursor; the cursor continues it from exactly
// there; and the cursor is hostile input: garbage, a forged or edited one, another user's, are all 400s.
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedConversation } from "@/bench/lib/seed.mjs";
import { startLocalLetta, uniqueName, type LocalLetta } from "../helpers/letta";
import { createTestUser, testSessionId } from "../helpers/users";

const COOKIE = "authjs.session-token";
let letta: LocalLetta;
let GET: (req: Request) => Promise<Response>;
let db: typeof import("@/lib/db/client").db;
let ada: { id: string; conversationId: string };
let bob: { id: string; conversationId: string };

async function requestAs(userId: string, query: Record<string, string>): Promise<Request> {
  const { env } = await import("@/lib/env");
  const cookie = await encode({ token: { sub: userId, sid: testSessionId(userId) }, secret: env().AUTH_SECRET, salt: COOKIE });
  return new Request(`http://127.0.0.1/api/chat/search?${new URLSearchParams(query)}`, { headers: { cookie: `${COOKIE}=${cookie}`, "x-forwarded-proto": "http" } });
}

async function search(userId: string, query: Record<string, string>) {
  const response = await GET(await requestAs(userId, query));
  return { status: response.status, body: await response.json() };
}

/** A user with a Letta conversation holding one marked message, then `count` ordinary ones after it. */
async function userWithThread(count: number, marker: string) {
  const user = await createTestUser();
  const gateway = await import("@/lib/letta/conversations");
  const agentId = await (await import("@/lib/letta/agent")).sharedAgentId();
  const conversationId = await gateway.createConversation({ agentId });
  await db.conversation.create({ data: { userId: user.id, lettaConversationId: conversationId, agentId } });
  const pool = new pg.Pool({ connectionString: letta.databaseUrl, max: 1 });
  try {
    const t = (name: string) => `"${letta.schema}".${name}`;
    const id = `message-${randomUUID()}`;
    await pool.query(
      `INSERT INTO ${t("messages")} (id, agent_id, conversation_id, role, parts, item_types, search_text, created_at)
       VALUES ($1, $2, $3, 'user', $4::jsonb, '{user_message}', $5, now() - interval '1 day')`,
      [id, agentId, conversationId, JSON.stringify([{ kind: "user", content: `The oldest words: ${marker}` }]), marker],
    );
    await pool.query(
      `INSERT INTO ${t("conversation_messages")} (conversation_id, position, message_id)
       SELECT $1, next_position, $2 FROM ${t("conversations")} WHERE id = $1`, [conversationId, id],
    );
    await pool.query(`UPDATE ${t("conversations")} SET next_position = next_position + 1 WHERE id = $1`, [conversationId]);
    await seedConversation(pool, letta.schema, { conversationId, agentId, count });
  } finally {
    await pool.end();
  }
  return { id: user.id, conversationId };
}

beforeAll(async () => {
  letta = await startLocalLetta();
  Object.assign(process.env, { LETTA_BASE_URL: letta.url, LETTA_AGENT_NAME: uniqueName("search-route") });
  delete process.env.LETTA_API_KEY;
  process.env.AUTH_SECRET ||= "test-secret-0123456789abcdef0123456789";
  ({ db } = await import("@/lib/db/client"));
  ({ GET } = (await import("@/app/api/chat/search/route")) as unknown as { GET: typeof GET });
  // 1,200 messages after the marked one: more than one search reads (1,000 items).
  ada = await userWithThread(1_200, "zebracrossing");
  bob = await userWithThread(4, "bobsownword");
});

afterAll(async () => {
  await db.$disconnect();
  await letta.close();
});

describe("GET /api/chat/search", () => {
  it("says where it stopped, and continues from there to the start of the thread", async () => {
    const first = await search(ada.id, { q: "zebracrossing" });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ hits: [], complete: false });
    // Whole Letta pages of 100 messages (a reply is two items) until 1,000 items are read.
    expect(first.body.scanned).toBe(1_050);
    expect(first.body.nextCursor).toEqual(expect.stringMatching(/^message-[0-9a-f-]{36}\.[\w-]{22}$/));

    const second = await search(ada.id, { q: "zebracrossing", before: first.body.nextCursor });
    expect(second.status).toBe(200);
    expect(second.body.hits.map((hit: { snippet: string }) => hit.snippet)).toEqual(["The oldest words: zebracrossing"]);
    expect(second.body).toMatchObject({ complete: true, nextCursor: null });
    // Together the two searches read every item once (600 questions, 600 replies with their reasoning, the marker).
    expect(first.body.scanned + second.body.scanned).toBe(1_801);
  });

  it("stopped by the result limit, it continues after the last hit, neither skipping nor repeating one", async () => {
    const first = await search(ada.id, { q: "question", limit: "3" });
    expect(first.body.hits).toHaveLength(3);
    expect(first.body.complete).toBe(false);
    const second = await search(ada.id, { q: "question", limit: "3", before: first.body.nextCursor });
    const numbers = [...first.body.hits, ...second.body.hits].map((hit: { snippet: string }) => Number(/Question (\d+)/.exec(hit.snippet)?.[1]));
    expect(numbers).toEqual([1199, 1197, 1195, 1193, 1191, 1189]);
  });

  it("refuses a hostile cursor with a 400, and never reads another user's thread with it", async () => {
    const own = (await search(ada.id, { q: "zebracrossing" })).body.nextCursor as string;
    const [messageId, signature] = own.split(".") as [string, string];
    const flipped = `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
    // The same 16 bytes spelled differently: the last character's 4 unused bits set (a decoder ignores them).
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const respelled = `${signature.slice(0, -1)}${alphabet[alphabet.indexOf(signature.at(-1)!) ^ 0b1111]}`;
    for (const before of [
      "garbage", "", messageId, `${messageId}.`, `${messageId}.${flipped}`, `${messageId}.${respelled}`, `message-${randomUUID()}.${signature}`,
      `${own}x`, "../../etc/passwd", "message-00000000-0000-0000-0000-000000000000.AAAAAAAAAAAAAAAAAAAAAA", "%00",
    ]) {
      const { status, body } = await search(ada.id, { q: "zebracrossing", before });
      expect(status, before).toBe(400);
      expect(body.error.code, before).toMatch(/^bad_request:/);
    }
    // Ada's own cursor, used by Bob: refused, so Bob never reads on from a point in Ada's thread.
    const stolen = await search(bob.id, { q: "zebracrossing", before: own });
    expect(stolen.status).toBe(400);
    expect(JSON.stringify(stolen.body)).not.toContain("zebracrossing");
    // A repeated cursor is refused too (which one would count?).
    const twice = await GET(new Request(
      (await requestAs(ada.id, { q: "zebracrossing", before: own })).url + `&before=${encodeURIComponent(own)}`,
      { headers: (await requestAs(ada.id, {})).headers },
    ));
    expect(twice.status).toBe(400);
  });

  it("a short thread is searched whole: no cursor", async () => {
    const { body } = await search(bob.id, { q: "bobsownword" });
    expect(body).toMatchObject({ complete: true, nextCursor: null });
    expect(body.hits).toHaveLength(1);
  });
});
