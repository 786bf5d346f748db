import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnprocessableEntityError } from "@letta-ai/letta-client";
import { collect, createAgentWithConversation, startTestServer, type Loose, type TestServer } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const say = async (conversationId: string, text: string, extra: Record<string, unknown> = {}) =>
  collect(await t.client.conversations.messages.create(conversationId, { messages: [{ role: "user", content: text }], ...extra }));

describe("POST /v1/messages/search", () => {
  it("with conversation_id=A never returns a message of conversation B, even when B matches better", async () => {
    const { agent, conversation: a } = await createAgentWithConversation(t.client);
    const b = await t.client.conversations.create({ agent_id: agent.id });
    await say(a.id, "I saw a pelican at the harbour");
    await say(b.id, "Pelican! pelican pelican PELICAN: the pelican is the best pelican");
    await say(b.id, "pelican again, newest of all");

    const inA = await t.client.messages.search({ query: "pelican", conversation_id: a.id });
    expect(inA.length).toBeGreaterThan(0);
    expect(inA.every((hit) => hit.conversation_id === a.id)).toBe(true);
    expect(inA.map((hit) => hit.message_type).sort()).toEqual(["assistant_message", "user_message"]);
    expect(inA.find((hit) => hit.message_type === "user_message")).toStrictEqual({
      message_id: expect.stringMatching(/^message-/),
      message_type: "user_message",
      content: "I saw a pelican at the harbour",
      agent_id: agent.id,
      conversation_id: a.id,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
    });

    const inB = await t.client.messages.search({ query: "pelican", conversation_id: b.id });
    expect(inB.every((hit) => hit.conversation_id === b.id)).toBe(true);
    const bIds = new Set(inB.map((hit) => hit.message_id));
    expect(inA.some((hit) => bIds.has(hit.message_id))).toBe(false);
    // Without a conversation filter, the agent's whole history is searched: both conversations show up.
    const wholeAgent = await t.client.messages.search({ query: "pelican", agent_id: agent.id });
    expect(new Set(wholeAgent.map((hit) => hit.conversation_id))).toEqual(new Set([a.id, b.id]));
  });

  it("matches every query word case-insensitively over user and assistant text only", async () => {
    const { agent, conversation } = await createAgentWithConversation(t.client, {
      memory_blocks: [{ label: "human", value: "Favourite bird: albatross" }],
    });
    await say(conversation.id, "My kite is called Albatross Blue");
    // conversation_search stores a tool call and a tool return that both contain the word; neither may match.
    await say(conversation.id, "search for albatross");
    const hits = await t.client.messages.search({ query: "ALBATROSS", conversation_id: conversation.id, limit: 100 });
    expect(new Set(hits.map((hit) => hit.message_type))).toEqual(new Set(["user_message", "assistant_message"]));
    const listed = (await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems();
    const excludedIds = new Set(
      listed.filter((item) => ["system_message", "tool_call_message", "tool_return_message"].includes(String(item.message_type))).map((item) => item.id),
    );
    expect(hits.some((hit) => excludedIds.has(hit.message_id))).toBe(false);
    expect(hits.map((hit: Loose) => hit.content)).toContain("My kite is called Albatross Blue");

    expect((await t.client.messages.search({ query: "kite BLUE", conversation_id: conversation.id })).length).toBeGreaterThan(0);
    expect(await t.client.messages.search({ query: "kite zebra", conversation_id: conversation.id })).toEqual([]);
    const otherAgent = await t.client.agents.create({});
    expect(await t.client.messages.search({ query: "albatross", agent_id: otherAgent.id })).toEqual([]);
    expect(await t.client.messages.search({ query: "albatross", agent_id: agent.id, conversation_id: "conv-00000000-0000-4000-8000-000000000000" })).toEqual([]);
  });

  it("returns newest first, 10 by default, at most 100, within start_date / end_date", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    for (let i = 0; i < 6; i++) await say(conversation.id, `heron sighting number ${i}`);
    const hits = await t.client.messages.search({ query: "heron", conversation_id: conversation.id });
    expect(hits).toHaveLength(10);
    const times = hits.map((hit) => Date.parse(hit.created_at));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect((hits[0] as Loose).content).toContain("number 5");
    expect(await t.client.messages.search({ query: "heron", conversation_id: conversation.id, limit: 500 })).toHaveLength(12);
    expect(await t.client.messages.search({ query: "heron", conversation_id: conversation.id, limit: 3 })).toHaveLength(3);

    const future = new Date(Date.now() + 60_000).toISOString();
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect(await t.client.messages.search({ query: "heron", conversation_id: conversation.id, start_date: future })).toEqual([]);
    expect(await t.client.messages.search({ query: "heron", conversation_id: conversation.id, end_date: past })).toEqual([]);
    expect(await t.client.messages.search({ query: "heron", conversation_id: conversation.id, start_date: past, end_date: future, limit: 100 })).toHaveLength(12);
  });

  it("does not find messages of a deleted conversation", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await say(conversation.id, "the cormorant dives");
    expect((await t.client.messages.search({ query: "cormorant", conversation_id: conversation.id })).length).toBeGreaterThan(0);
    await t.client.conversations.delete(conversation.id);
    expect(await t.client.messages.search({ query: "cormorant", conversation_id: conversation.id })).toEqual([]);
  });

  it("rejects an empty query, a bad search_mode and malformed ids with 422", async () => {
    await expect(t.client.messages.search({ query: " " })).rejects.toBeInstanceOf(UnprocessableEntityError);
    await expect(t.client.messages.search({ query: "x", conversation_id: "not-a-conversation" })).rejects.toBeInstanceOf(UnprocessableEntityError);
    await expect(t.client.messages.search({ query: "x", agent_id: "agent-nope" })).rejects.toBeInstanceOf(UnprocessableEntityError);
    await expect(t.client.messages.search({ query: "x", search_mode: "magic" as "fts" })).rejects.toBeInstanceOf(UnprocessableEntityError);
    await expect(t.client.messages.search({ query: "x", start_date: "yesterday-ish" })).rejects.toBeInstanceOf(UnprocessableEntityError);
    expect(await t.client.messages.search({ query: "x", search_mode: "vector" })).toBeInstanceOf(Array);
  });
});
