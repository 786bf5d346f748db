import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadRequestError, NotFoundError, UnprocessableEntityError } from "@letta-ai/letta-client";
import { collect, createAgentWithConversation, rawJson, startTestServer, type Loose, type TestServer } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const say = async (conversationId: string, content: string) =>
  collect(await t.client.conversations.messages.create(conversationId, { messages: [{ role: "user", content }] }));

async function systemMessageOf(conversationId: string): Promise<string> {
  const page = await t.client.conversations.messages.list(conversationId, { order: "asc", limit: 1 });
  const first = page.getPaginatedItems()[0];
  expect(first?.message_type).toBe("system_message");
  return (first as { content: string }).content;
}

describe("conversation lifecycle", () => {
  it("creates with agent_id in the query and a system message at position 0 (R14, R41)", async () => {
    const { agent, conversation } = await createAgentWithConversation(t.client);
    expect(conversation.id).toMatch(/^conv-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(conversation.agent_id).toBe(agent.id);
    const retrieved = await t.client.conversations.retrieve(conversation.id);
    expect(retrieved.in_context_message_ids).toHaveLength(1);
    const system = await systemMessageOf(conversation.id);
    expect(system).toContain("<memory_blocks>");
    expect(system).toContain("<memory_metadata>");
    expect(system).toContain(`- AGENT_ID: ${agent.id}`);
    expect(system).toContain(`- CONVERSATION_ID: ${conversation.id}`);
    expect(system).toContain("- System prompt last recompiled:");
    expect(system).toContain("The user's name is Ada.");
  });

  it("404s an unknown agent, 400s a model without a slash", async () => {
    await expect(t.client.conversations.create({ agent_id: "agent-2c9d8e7f-6a5b-4c3d-8e1f-0a9b8c7d6e5f" })).rejects.toBeInstanceOf(NotFoundError);
    const { agent } = await createAgentWithConversation(t.client);
    await expect(t.client.conversations.create({ agent_id: agent.id, model: "gpt" })).rejects.toBeInstanceOf(BadRequestError);
    const withModel = await t.client.conversations.create({ agent_id: agent.id, model: "openai/gpt-4o", description: "d", summary: "s" });
    expect(withModel).toMatchObject({ model: "openai/gpt-4o", description: "d", summary: "s" });
  });

  it("lists by agent with summary_search, order and limit; hidden and archived stay out by default (R16)", async () => {
    const { agent } = await createAgentWithConversation(t.client);
    const a = await t.client.conversations.create({ agent_id: agent.id, summary: "Trip planning" });
    const b = await t.client.conversations.create({ agent_id: agent.id, summary: "Groceries" });
    const hidden = await t.client.conversations.create({ agent_id: agent.id, hidden: true });
    const listed = await t.client.conversations.list({ agent_id: agent.id });
    const ids = listed.map((c) => c.id);
    expect(ids.slice(0, 2)).toEqual([b.id, a.id]);
    expect(ids).not.toContain(hidden.id);
    expect((await t.client.conversations.list({ agent_id: agent.id, order: "asc" })).at(-1)?.id).toBe(b.id);
    expect((await t.client.conversations.list({ agent_id: agent.id, summary_search: "trip" })).map((c) => c.id)).toEqual([a.id]);
    expect(await t.client.conversations.list({ agent_id: agent.id, limit: 1 })).toHaveLength(1);
    const afterFirst = await t.client.conversations.list({ agent_id: agent.id, after: b.id });
    expect(afterFirst[0]?.id).toBe(a.id);
    await t.client.conversations.update(a.id, { archived: true });
    expect((await t.client.conversations.list({ agent_id: agent.id })).map((c) => c.id)).not.toContain(a.id);
    expect((await t.client.conversations.list({ agent_id: agent.id, archive_status: "archived" })).map((c) => c.id)).toEqual([a.id]);
  });

  it("orders by last_message_at with the most recently messaged first, NULLs last (R18)", async () => {
    const { agent } = await createAgentWithConversation(t.client);
    const first = await t.client.conversations.create({ agent_id: agent.id });
    const second = await t.client.conversations.create({ agent_id: agent.id });
    const silent = await t.client.conversations.create({ agent_id: agent.id });
    await say(second.id, "hello");
    await say(first.id, "hello again");
    const listed = await t.client.conversations.list({ agent_id: agent.id, order_by: "last_message_at", order: "desc" });
    const ids = listed.map((c) => c.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(silent.id));
    expect(listed.find((c) => c.id === first.id)?.last_message_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("updates fields; null leaves them unchanged (R17)", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const updated = await t.client.conversations.update(conversation.id, { summary: "One", description: "Desc" });
    expect(updated).toMatchObject({ summary: "One", description: "Desc" });
    const again = await t.client.conversations.update(conversation.id, { summary: null, description: "Two" });
    expect(again).toMatchObject({ summary: "One", description: "Two" });
  });

  it("deletes: 200 null, then 404 on retrieve, update and a second delete; gone from the list", async () => {
    const { agent, conversation } = await createAgentWithConversation(t.client);
    const deleted = await rawJson(`${t.server.url}/v1/conversations/${conversation.id}`, { method: "DELETE" });
    expect(deleted).toEqual({ status: 200, body: null });
    await expect(t.client.conversations.retrieve(conversation.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.client.conversations.update(conversation.id, { summary: "x" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.client.conversations.delete(conversation.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await t.client.conversations.list({ agent_id: agent.id })).map((c) => c.id)).not.toContain(conversation.id);
  });

  it("rejects malformed ids with 422 (R9) and unknown ones with 404", async () => {
    await expect(t.client.conversations.retrieve("conv-00000000-0000-0000-0000-000000000000")).rejects.toBeInstanceOf(UnprocessableEntityError);
    await expect(t.client.conversations.delete("nonsense")).rejects.toBeInstanceOf(UnprocessableEntityError);
    await expect(t.client.conversations.messages.list("bad id")).rejects.toBeInstanceOf(UnprocessableEntityError);
    await expect(t.client.conversations.retrieve("conv-2c9d8e7f-6a5b-4c3d-8e1f-0a9b8c7d6e5f")).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.client.conversations.messages.list("conv-2c9d8e7f-6a5b-4c3d-8e1f-0a9b8c7d6e5f")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("agent semantics", () => {
  it("isolates histories and system messages between conversations", async () => {
    const { agent, conversation: one } = await createAgentWithConversation(t.client);
    const two = await t.client.conversations.create({ agent_id: agent.id });
    await say(one.id, "My favourite fruit is APPLE");
    await say(two.id, "My favourite fruit is BANANA");
    const texts = async (id: string) =>
      JSON.stringify((await t.client.conversations.messages.list(id, { order: "asc" })).getPaginatedItems());
    expect(await texts(one.id)).toContain("APPLE");
    expect(await texts(one.id)).not.toContain("BANANA");
    expect(await texts(two.id)).toContain("BANANA");
    expect(await texts(two.id)).not.toContain("APPLE");
    const [r1, r2] = await Promise.all([t.client.conversations.retrieve(one.id), t.client.conversations.retrieve(two.id)]);
    expect(r1.in_context_message_ids![0]).not.toBe(r2.in_context_message_ids![0]);
    expect(r1.in_context_message_ids!.length).toBeGreaterThanOrEqual(3);
  });

  it("shares blocks: an edit reaches conversations created or recompiled afterwards, not older ones (R42, R46)", async () => {
    const { agent, conversation: old } = await createAgentWithConversation(t.client);
    await t.client.agents.blocks.update("human", { agent_id: agent.id, value: "MARKER-42 likes tea" });
    expect(await systemMessageOf(old.id)).not.toContain("MARKER-42");
    const fresh = await t.client.conversations.create({ agent_id: agent.id });
    expect(await systemMessageOf(fresh.id)).toContain("MARKER-42");
    const dry = await t.client.conversations.recompile(old.id, { dry_run: true });
    expect(dry).toContain("MARKER-42");
    expect(await systemMessageOf(old.id)).not.toContain("MARKER-42");
    const compiled = await t.client.conversations.recompile(old.id);
    expect(typeof compiled).toBe("string");
    expect(await systemMessageOf(old.id)).toContain("MARKER-42");
  });

  it("forks: shares non-system message ids, new system message, survives deleting the source (R45)", async () => {
    const { conversation: source } = await createAgentWithConversation(t.client);
    await say(source.id, "The secret colour is red");
    const fork = await t.client.conversations.fork(source.id);
    expect(fork.id).not.toBe(source.id);
    const src = await t.client.conversations.retrieve(source.id);
    const forked = await t.client.conversations.retrieve(fork.id);
    expect(forked.in_context_message_ids!.slice(1)).toEqual(src.in_context_message_ids!.slice(1));
    expect(forked.in_context_message_ids![0]).not.toBe(src.in_context_message_ids![0]);
    await t.client.conversations.delete(source.id);
    const items = (await t.client.conversations.messages.list(fork.id, { order: "asc" })).getPaginatedItems();
    expect(JSON.stringify(items)).toContain("The secret colour is red");
    expect(items[0]?.message_type).toBe("system_message");
  });

  it("fork with message_id keeps messages up to it; unknown source 404", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await say(conversation.id, "first");
    await say(conversation.id, "second");
    const ids = (await t.client.conversations.retrieve(conversation.id)).in_context_message_ids!;
    const cut = ids[1]!;
    const fork = await t.client.conversations.fork(conversation.id, { message_id: cut, hidden: true });
    expect((await t.client.conversations.retrieve(fork.id)).in_context_message_ids!.slice(1)).toEqual([cut]);
    await expect(t.client.conversations.fork("conv-2c9d8e7f-6a5b-4c3d-8e1f-0a9b8c7d6e5f")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("compacts: summary message, fewer in-context ids, other conversations untouched (R44)", async () => {
    const { agent, conversation } = await createAgentWithConversation(t.client);
    const other = await t.client.conversations.create({ agent_id: agent.id });
    await say(other.id, "unrelated");
    const otherBefore = (await t.client.conversations.retrieve(other.id)).in_context_message_ids!.length;
    await expect(t.client.conversations.messages.compact(conversation.id)).rejects.toBeInstanceOf(BadRequestError);
    for (const text of ["one", "two", "three", "four", "five"]) await say(conversation.id, `message ${text}`);
    const before = (await t.client.conversations.retrieve(conversation.id)).in_context_message_ids!;
    const result = await t.client.conversations.messages.compact(conversation.id, {});
    expect(result.summary.length).toBeGreaterThan(0);
    expect(result.num_messages_before).toBe(before.length);
    expect(result.num_messages_after).toBeLessThan(result.num_messages_before);
    const after = (await t.client.conversations.retrieve(conversation.id)).in_context_message_ids!;
    expect(after).toHaveLength(result.num_messages_after);
    expect(after[0]).toBe(before[0]);
    const all = await t.client.conversations.messages.compact(conversation.id, { compaction_settings: { mode: "all" } });
    expect(all.num_messages_after).toBe(2);
    expect((await t.client.conversations.retrieve(other.id)).in_context_message_ids).toHaveLength(otherBefore);
    const items = (await t.client.conversations.messages.list(conversation.id, { order: "desc", limit: 1 })).getPaginatedItems();
    // Letta lists the summary-role message as a user_message holding its packed system_alert (README "Compaction").
    expect(items[0]).toMatchObject({ message_type: "user_message", otid: null });
    expect(JSON.parse(String((items[0] as Loose).content)).message).toMatch(/^Note: prior messages have been hidden from view/);
    await expect(t.client.conversations.messages.compact("conv-2c9d8e7f-6a5b-4c3d-8e1f-0a9b8c7d6e5f")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("agent-direct mode: `default` + agent_id reaches the agent's default conversation (R7)", async () => {
    const { agent } = await createAgentWithConversation(t.client);
    const sent = await rawJson(`${t.server.url}/v1/conversations/default/messages`, {
      method: "POST",
      json: { agent_id: agent.id, streaming: false, messages: [{ role: "user", content: "hi" }] },
    });
    expect(sent.status).toBe(200);
    const listed = await rawJson(`${t.server.url}/v1/conversations/default/messages?agent_id=${agent.id}&order=asc`);
    expect(listed.body[0].content).toContain("- CONVERSATION_ID: default");
    expect(listed.body.length).toBeGreaterThanOrEqual(3);
    const refreshed = await t.client.agents.retrieve(agent.id);
    expect(refreshed.message_ids![0]).toBe(listed.body[0].id);
  });
});
