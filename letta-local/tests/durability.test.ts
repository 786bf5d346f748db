import { afterAll, beforeAll, expect, it } from "vitest";
import { collect, createAgentWithConversation, injectFault, parseSse, startTestServer, type TestServer, type Chunk } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());


it("keeps agents, blocks, conversations, messages and runs across a restart", async () => {
  const { agent, conversation } = await createAgentWithConversation(t.client);
  await t.client.agents.blocks.update("human", { agent_id: agent.id, value: "Durable fact" });
  const items = (await collect(await t.client.conversations.messages.create(conversation.id, { input: "remember that durability matters", background: true }))) as Chunk[];
  const runId = items[0]!.run_id as string;
  const before = (await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems();

  await t.restart();

  expect((await t.client.agents.retrieve(agent.id)).name).toBe(agent.name);
  expect((await t.client.agents.blocks.retrieve("human", { agent_id: agent.id })).value).toContain("durability matters");
  expect((await t.client.conversations.retrieve(conversation.id)).in_context_message_ids).toEqual(
    [...new Set(before.map((item) => item.id))],
  );
  expect((await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems()).toEqual(before);
  expect((await t.client.runs.retrieve(runId)).status).toBe("completed");
  const next = (await collect(await t.client.conversations.messages.create(conversation.id, { input: "still there?" }))) as Chunk[];
  expect(next.at(-2)?.stop_reason).toBe("end_turn");
});

it("a restart mid-run ends that run with an error stop reason, never a hang", async () => {
  const { conversation } = await createAgentWithConversation(t.client);
  await injectFault(t.server, { type: "long_reply", tokens: 500, token_delay_ms: 20, conversation_id: conversation.id });
  const stream = await t.client.conversations.messages.create(conversation.id, { input: "long", background: true, stream_tokens: true });
  const iterator = stream[Symbol.asyncIterator]();
  const ping = (await iterator.next()).value as Chunk;
  await iterator.next();
  await t.restart();

  const run = await t.client.runs.retrieve(ping.run_id);
  expect(run).toMatchObject({ status: "failed", stop_reason: "error" });
  const response = await fetch(`${t.server.url}/v1/conversations/${conversation.id}/stream`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ run_id: ping.run_id, starting_after: 2 }),
  });
  expect(response.status).toBe(200);
  const events = parseSse(await response.text());
  expect(JSON.parse(events[0]!.data)).toEqual({ message_type: "stop_reason", stop_reason: "error" });
  expect(events.some((event) => event.event === "error")).toBe(true);
  expect(events.at(-1)?.data).toBe("[DONE]");
  const next = (await collect(await t.client.conversations.messages.create(conversation.id, { input: "after the crash" }))) as Chunk[];
  expect(next.at(-2)?.stop_reason).toBe("end_turn");
});
