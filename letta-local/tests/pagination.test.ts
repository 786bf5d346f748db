import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, createAgentWithConversation, rawJson, startTestServer, type TestServer } from "./helpers";

let t: TestServer;
let conversationId = "";
/** Stored-message ids in chronological order (system, then user/assistant pairs). */
let chronological: string[] = [];

beforeAll(async () => {
  t = await startTestServer();
  const { conversation } = await createAgentWithConversation(t.client);
  conversationId = conversation.id;
  for (let i = 1; i <= 4; i++) {
    await collect(await t.client.conversations.messages.create(conversationId, { input: `message number ${i}` }));
  }
  const all = await rawJson(`${t.server.url}/v1/conversations/${conversationId}/messages?order=asc&limit=1000`);
  chronological = [...new Set<string>(all.body.map((item: { id: string }) => item.id))];
});
afterAll(async () => t?.close());

const page = async (query: string) => {
  const { status, body } = await rawJson(`${t.server.url}/v1/conversations/${conversationId}/messages?${query}`);
  expect(status).toBe(200);
  return [...new Set<string>(body.map((item: { id: string }) => item.id))];
};

describe("message list cursors (OpenAPI reading: relative to the requested order)", () => {
  it("has 9 stored messages: system + 4 × (user, assistant)", () => {
    expect(chronological).toHaveLength(9);
  });

  it("asc + after → the next messages in chronological order", async () => {
    expect(await page(`order=asc&limit=3&after=${chronological[2]}`)).toEqual(chronological.slice(3, 6));
  });

  it("asc + before → the messages just before the cursor, still ascending", async () => {
    expect(await page(`order=asc&limit=3&before=${chronological[6]}`)).toEqual(chronological.slice(3, 6));
  });

  it("desc + after → older messages, newest first", async () => {
    expect(await page(`order=desc&limit=3&after=${chronological[6]}`)).toEqual(chronological.slice(3, 6).reverse());
  });

  it("desc + before → newer messages adjacent to the cursor, newest first", async () => {
    expect(await page(`order=desc&limit=3&before=${chronological[2]}`)).toEqual(chronological.slice(3, 6).reverse());
  });

  it("excludes the cursor itself and returns [] past the end", async () => {
    expect(await page(`order=asc&after=${chronological.at(-1)}`)).toEqual([]);
    expect(await page(`order=desc&after=${chronological[0]}`)).toEqual([]);
  });

  it("limit counts stored messages: a page of 1 holds the reasoning and the assistant item of one message", async () => {
    const { body } = await rawJson(`${t.server.url}/v1/conversations/${conversationId}/messages?order=desc&limit=1`);
    expect(body.map((item: { message_type: string }) => item.message_type)).toEqual(["reasoning_message", "assistant_message"]);
    expect(body[0].id).toBe(body[1].id);
  });

  it("default order is desc with the system message last", async () => {
    const items = (await t.client.conversations.messages.list(conversationId)).getPaginatedItems();
    expect(items.at(-1)?.message_type).toBe("system_message");
    expect(items[0]?.message_type).toBe("reasoning_message");
  });
});

describe("SDK auto-pagination terminates with every item exactly once (R36)", () => {
  for (const order of ["asc", "desc"] as const) {
    it(`order=${order}, limit=2`, async () => {
      const items: { id: string; message_type?: string }[] = [];
      for await (const item of t.client.conversations.messages.list(conversationId, { order, limit: 2 })) items.push(item);
      const ids = [...new Set(items.map((item) => item.id))];
      expect(ids).toEqual(order === "asc" ? chronological : [...chronological].reverse());
      expect(items).toHaveLength(1 + 4 * 3);
    });
  }

  it("backwards paging with before (SDK uses items[0].id) also terminates", async () => {
    const seen: string[] = [];
    const first = await t.client.conversations.messages.list(conversationId, { order: "asc", limit: 2, before: chronological.at(-1)! + "" });
    for await (const item of first) seen.push(item.id);
    expect([...new Set(seen)].sort()).toEqual(chronological.slice(0, -1).sort());
  });

  it("filters by include_return_message_types", async () => {
    const items = (await t.client.conversations.messages.list(conversationId, { include_return_message_types: ["user_message"] })).getPaginatedItems();
    expect(items.map((item) => item.message_type)).toEqual(["user_message", "user_message", "user_message", "user_message"]);
  });
});
