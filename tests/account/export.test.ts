// "Export my conversation" against a real letta-local (official SDK, real HTTP) and real Postgres: a seeded
// 1,000-message thread comes out complete and in order, in both formats, read page by page from Letta.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentOf, seedConversation } from "@/bench/lib/seed.mjs";
import { pointAppAt, startLocalLetta, type LocalLetta } from "../helpers/letta";
import { createTestUser } from "../helpers/users";

let letta: LocalLetta;
let exporter: typeof import("@/lib/account/export");
let conversationId: string;
const owner = { id: "u", email: "ada@example.com", name: "Ada" };
const NOW = new Date("2026-12-03T10:00:00Z");

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks += 1;
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode(), chunks };
}

beforeAll(async () => {
  letta = await startLocalLetta({ control: true });
  pointAppAt(letta, "export");
  exporter = await import("@/lib/account/export");
  const { getOrCreateConversation } = await import("@/lib/chat/conversation");
  const user = await createTestUser();
  conversationId = (await getOrCreateConversation({ userId: user.id })).lettaConversationId;
  const pool = new pg.Pool({ connectionString: letta.databaseUrl, max: 1 });
  try {
    await seedConversation(pool, letta.schema, { conversationId, agentId: await agentOf(pool, letta.schema, conversationId), count: 1000 });
  } finally {
    await pool.end();
  }
}, 120_000);

afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db.$disconnect();
  await letta?.close();
});

describe("export of a 1,000-message thread", () => {
  it("JSON: every message, oldest first, with its timestamp and kind, reasoning included", async () => {
    const { text, chunks } = await readAll(exporter.exportStream({ conversationId, format: "json", owner, now: NOW, pageSize: 100 }));
    // Streamed: the header, then one chunk per Letta page (1,000 messages / 100), then the footer.
    expect(chunks).toBeGreaterThanOrEqual(12);
    const doc = JSON.parse(text) as { format: string; exportedAt: string; user: unknown; count: number; messages: Array<{ id: string; kind: string; date: string; text: string }> };
    expect(doc).toMatchObject({ format: "threadline-conversation-export", version: 1, exportedAt: NOW.toISOString(), user: { email: "ada@example.com", name: "Ada" } });
    // 500 questions; 500 replies, each a reasoning item and an assistant item.
    expect(doc.count).toBe(1500);
    expect(doc.messages).toHaveLength(1500);
    // The seeder numbers messages 1…1,000: odd ones are questions, even ones replies.
    const expected = Array.from({ length: 500 }, (_, i) => [`user:Question ${2 * i + 1}:`, `reasoning:The user asks question ${2 * i + 2};`, `assistant:Answer ${2 * i + 2}:`]).flat();
    expect(doc.messages.map((m) => `${m.kind}:${m.text.split(" ").slice(0, m.kind === "reasoning" ? 5 : 2).join(" ")}`)).toEqual(expected);
    const dates = doc.messages.map((m) => Date.parse(m.date));
    expect(dates.every((d) => Number.isFinite(d))).toBe(true);
    expect(dates.every((d, i) => i === 0 || d >= dates[i - 1]!)).toBe(true);
    expect(new Set(doc.messages.filter((m) => m.kind !== "reasoning").map((m) => `${m.id}:${m.kind}`)).size).toBe(1000);
  });

  it("Markdown: every question and answer in order, without reasoning", async () => {
    const { text } = await readAll(exporter.exportStream({ conversationId, format: "markdown", owner, now: NOW, pageSize: 100 }));
    expect(text.startsWith("# Conversation export\n")).toBe(true);
    const lines = [...text.matchAll(/^(Question|Answer) (\d+):/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(lines).toEqual(Array.from({ length: 1000 }, (_, i) => `${i % 2 === 0 ? "Question" : "Answer"} ${i + 1}`));
    expect(text.match(/^### You · /gm)).toHaveLength(500);
    expect(text.match(/^### Assistant · /gm)).toHaveLength(500);
    expect(text).not.toContain("The user asks question");
  });

  it("reads one page at a time: a reader that stops early fetches no further pages", async () => {
    const stream = exporter.exportStream({ conversationId, format: "json", owner, now: NOW, pageSize: 10 });
    const reader = stream.getReader();
    await reader.read(); // header
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("Question 1:");
    expect(first).not.toContain("Question 11:");
    await reader.cancel();
  });

  it("no conversation, or one Letta no longer has: an empty export, not an error", async () => {
    const none = JSON.parse((await readAll(exporter.exportStream({ conversationId: null, format: "json", owner, now: NOW }))).text);
    expect(none).toMatchObject({ messages: [], count: 0 });
    const lost = JSON.parse((await readAll(exporter.exportStream({ conversationId: "conv-00000000-0000-4000-8000-000000000000", format: "json", owner, now: NOW }))).text);
    expect(lost).toMatchObject({ messages: [], count: 0 });
    const md = (await readAll(exporter.exportStream({ conversationId: null, format: "markdown", owner, now: NOW }))).text;
    expect(md).toContain("_No messages yet._");
  });

  it("names the download with the date", () => {
    expect(exporter.exportFileName("markdown", NOW)).toBe("threadline-conversation-2026-12-03.md");
    expect(exporter.exportFileName("json", NOW)).toBe("threadline-conversation-2026-12-03.json");
  });
});
