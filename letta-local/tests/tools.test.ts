import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadRequestError, ConflictError } from "@letta-ai/letta-client";
import { collect, createAgentWithConversation, startTestServer, type TestServer, type Chunk } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const send = async (conversationId: string, content: string, extra: Record<string, unknown> = {}) =>
  (await collect(await t.client.conversations.messages.create(conversationId, { messages: [{ role: "user", content }], ...extra }))) as Chunk[];

describe("memory tools", () => {
  it("'remember that …' calls memory_insert on the shared human block and answers from the result", async () => {
    const { agent, conversation } = await createAgentWithConversation(t.client);
    const items = await send(conversation.id, "Please remember that my cat is called Miso.");
    const call = items.find((item) => item.message_type === "tool_call_message");
    expect(call?.tool_call.name).toBe("memory_insert");
    expect(JSON.parse(call?.tool_call.arguments)).toEqual({ label: "human", new_str: "my cat is called Miso" });
    const result = items.find((item) => item.message_type === "tool_return_message");
    expect(result).toMatchObject({ status: "success", tool_call_id: call?.tool_call.tool_call_id });
    expect(items.find((item) => item.message_type === "assistant_message")?.content).toContain("Miso");
    expect((await t.client.agents.blocks.retrieve("human", { agent_id: agent.id })).value).toContain("my cat is called Miso");
    const listed = (await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems();
    expect(listed.map((item) => item.message_type)).toEqual([
      "system_message", "user_message", "reasoning_message", "tool_call_message", "tool_return_message", "reasoning_message", "assistant_message",
    ]);
  });

  it("a write to a read_only block is a tool error, like Letta", async () => {
    const agent = await t.client.agents.create({ memory_blocks: [{ label: "human", value: "fixed", read_only: true }] });
    const conversation = await t.client.conversations.create({ agent_id: agent.id });
    const items = await send(conversation.id, "remember that I moved to Oslo");
    const result = items.find((item) => item.message_type === "tool_return_message");
    expect(result?.status).toBe("error");
    expect(result?.tool_return).toMatch(/read-only/);
    expect((await t.client.agents.blocks.retrieve("human", { agent_id: agent.id })).value).toBe("fixed");
  });

  it("'replace X with Y in memory' uses memory_replace", async () => {
    const { agent, conversation } = await createAgentWithConversation(t.client);
    await send(conversation.id, "replace Ada with Grace in memory");
    expect((await t.client.agents.blocks.retrieve("human", { agent_id: agent.id })).value).toBe("The user's name is Grace.");
  });

  it("an agent without memory tools just answers", async () => {
    const agent = await t.client.agents.create({ include_base_tools: false, memory_blocks: [{ label: "human", value: "x" }] });
    const conversation = await t.client.conversations.create({ agent_id: agent.id });
    const items = await send(conversation.id, "remember that I like jazz");
    expect(items.some((item) => item.message_type === "tool_call_message")).toBe(false);
    expect(items.some((item) => item.message_type === "assistant_message")).toBe(true);
  });
});

describe("conversation_search", () => {
  it("searches every conversation of the agent, not just the current one (R43)", async () => {
    const { agent, conversation: a } = await createAgentWithConversation(t.client);
    const b = await t.client.conversations.create({ agent_id: agent.id });
    await send(a.id, "My secret word is ZEPHYRINE");
    const items = await send(b.id, "what did I say about zephyrine?");
    const call = items.find((item) => item.message_type === "tool_call_message");
    expect(call?.tool_call.name).toBe("conversation_search");
    const result = JSON.parse(items.find((item) => item.message_type === "tool_return_message")?.tool_return);
    expect(result.results.some((hit: { content: string }) => hit.content.includes("My secret word is ZEPHYRINE"))).toBe(true);
    expect(items.find((item) => item.message_type === "assistant_message")?.content).toContain("My secret word is ZEPHYRINE");
    const other = await t.client.agents.create({ name: "stranger" });
    const strangerConversation = await t.client.conversations.create({ agent_id: other.id });
    const none = await send(strangerConversation.id, "search for zephyrine");
    expect(JSON.parse(none.find((item) => item.message_type === "tool_return_message")?.tool_return).count).toBe(0);
  });
});

describe("client tools and approvals (R30)", () => {
  const clientTools = [
    { name: "search_my_history", description: "Search the user's own past messages", parameters: { type: "object", properties: { query: { type: "string" } } } },
  ];

  it("prefers the client search tool, stops with requires_approval, then continues from the tool return", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const first = await send(conversation.id, "do you remember the lighthouse trip?", { client_tools: clientTools });
    const request = first.find((item) => item.message_type === "approval_request_message");
    expect(request?.tool_call).toMatchObject({ name: "search_my_history", arguments: JSON.stringify({ query: "the lighthouse trip" }) });
    expect(first.find((item) => item.message_type === "stop_reason")?.stop_reason).toBe("requires_approval");
    expect(first.some((item) => item.message_type === "tool_call_message")).toBe(false);

    const blocked = t.client.conversations.messages.create(conversation.id, { input: "hello?" });
    await expect(blocked).rejects.toBeInstanceOf(ConflictError);
    await expect(blocked).rejects.toThrow(/waiting for approval/);
    const wrongId = t.client.conversations.messages.create(conversation.id, {
      messages: [{ type: "approval", approvals: [{ type: "tool", tool_call_id: "call_wrong", tool_return: "x", status: "success" }] }],
    });
    await expect(wrongId).rejects.toBeInstanceOf(BadRequestError);

    const second = await collect(
      await t.client.conversations.messages.create(conversation.id, {
        messages: [
          {
            type: "approval",
            approvals: [{ type: "tool", tool_call_id: request?.tool_call.tool_call_id, tool_return: "2024-05-02: We walked to the lighthouse at dawn.", status: "success" }],
          },
        ],
        client_tools: clientTools,
      }),
    ) as Chunk[];
    expect(second.find((item) => item.message_type === "assistant_message")?.content).toContain("We walked to the lighthouse at dawn.");
    expect(second.find((item) => item.message_type === "stop_reason")?.stop_reason).toBe("end_turn");
    const after = await send(conversation.id, "thanks");
    expect(after.find((item) => item.message_type === "stop_reason")?.stop_reason).toBe("end_turn");
    const listed = (await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems();
    expect(listed.map((item) => item.message_type)).toContain("approval_request_message");
    expect(listed.map((item) => item.message_type)).toContain("tool_return_message");
  });

  it("without a search-like client tool, falls back to conversation_search", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const items = await send(conversation.id, "search for pancakes", { client_tools: [{ name: "open_calendar", description: "Opens the calendar" }] });
    expect(items.find((item) => item.message_type === "tool_call_message")?.tool_call.name).toBe("conversation_search");
  });

  it("cancel releases a conversation waiting for approval", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await send(conversation.id, "search for anything", { client_tools: clientTools });
    const cancelled = await t.client.conversations.cancel(conversation.id);
    expect(Object.values(cancelled)).toEqual(["cancelled"]);
    const next = await send(conversation.id, "hello");
    expect(next.find((item) => item.message_type === "stop_reason")?.stop_reason).toBe("end_turn");
  });
});
