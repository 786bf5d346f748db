import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "@letta-ai/letta-client";
import { collect, createAgentWithConversation, readSse, startTestServer, withoutKeepalives, type Chunk, type TestServer } from "./helpers";

// The app's "search my own history" flow: a client tool the model calls, answered by the app (protocol §4.7, R30).
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const CLIENT_TOOLS = [
  {
    name: "search_my_history",
    description: "Search the signed-in user's own earlier messages",
    parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
  },
];
const PENDING_DETAIL =
  "CONFLICT: Cannot send a new message: The agent is waiting for approval on a tool call. Please approve or deny the pending request before continuing.";

async function askForHistory(conversationId: string) {
  const response = await fetch(`${t.server.url}/v1/conversations/${conversationId}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ role: "user", content: "search my history for pelican" }], client_tools: CLIENT_TOOLS }),
  });
  return readSse(response);
}

describe("client tool approval flow", () => {
  it("requests approval, blocks other sends with 409, then continues in a background run from the tool return", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const events = await askForHistory(conversation.id);
    expect(events.at(-1)?.data).toBe("[DONE]");
    const chunks = withoutKeepalives(events.filter((event) => event.data !== "[DONE]").map((event) => JSON.parse(event.data) as Chunk));
    expect(chunks.map((chunk) => chunk.message_type)).toEqual(["ping", "reasoning_message", "approval_request_message", "stop_reason", "usage_statistics"]);
    const request = chunks[2]!;
    expect(request.tool_call).toEqual({ name: "search_my_history", arguments: '{"query":"pelican"}', tool_call_id: expect.any(String) });
    expect(request.tool_calls).toEqual([request.tool_call]);
    expect(chunks[3]).toEqual({ message_type: "stop_reason", stop_reason: "requires_approval" });

    const listed = (await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems();
    expect(listed.map((item) => item.message_type)).toEqual(["system_message", "user_message", "reasoning_message", "approval_request_message"]);
    expect(listed[3]).toMatchObject({ id: request.id, tool_call: request.tool_call });

    const blocked = await t.client.conversations.messages.create(conversation.id, { messages: [{ role: "user", content: "hello?" }] }).catch((error: unknown) => error);
    expect(blocked).toBeInstanceOf(ConflictError);
    expect((blocked as ConflictError).error).toEqual({ detail: PENDING_DETAIL, run_id: chunks[0]!.run_id });

    const toolReturn = "2026-10-02 you said: I saw a pelican diving off the pier.";
    const resumed = (await collect(
      await t.client.conversations.messages.create(conversation.id, {
        messages: [{ type: "approval", approvals: [{ type: "tool", tool_call_id: request.tool_call.tool_call_id, tool_return: toolReturn, status: "success" }] }],
        client_tools: CLIENT_TOOLS,
        stream_tokens: true,
        background: true,
      }),
    )) as Chunk[];
    expect(resumed[0]).toMatchObject({ message_type: "ping", seq_id: 1 });
    const reply = resumed.filter((chunk) => chunk.message_type === "assistant_message").map((chunk) => chunk.content).join("");
    expect(reply).toContain("I saw a pelican diving off the pier.");
    expect(resumed.find((chunk) => chunk.message_type === "stop_reason")?.stop_reason).toBe("end_turn");
    expect(resumed.filter((chunk) => chunk.seq_id !== undefined).every((chunk, i) => chunk.seq_id === i + 1)).toBe(true);

    const history = (await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems();
    expect(history.map((item) => item.message_type).slice(3)).toEqual(["approval_request_message", "tool_return_message", "reasoning_message", "assistant_message"]);
    expect(history[4]).toMatchObject({ tool_call_id: request.tool_call.tool_call_id, tool_return: toolReturn, status: "success" });
    const after = (await collect(await t.client.conversations.messages.create(conversation.id, { messages: [{ role: "user", content: "thanks" }] }))) as Chunk[];
    expect(after.find((chunk) => chunk.message_type === "stop_reason")?.stop_reason).toBe("end_turn");
  });

  it("conversations.cancel clears a pending approval, so the next message goes through", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const events = await askForHistory(conversation.id);
    const runId = JSON.parse(events[0]!.data).run_id;
    expect(await t.client.conversations.cancel(conversation.id)).toEqual({ [runId]: "cancelled" });
    const listed = (await t.client.conversations.messages.list(conversation.id, { order: "desc", limit: 1 })).getPaginatedItems();
    expect(listed[0]).toMatchObject({ message_type: "tool_return_message", status: "error" });
    const next = (await collect(await t.client.conversations.messages.create(conversation.id, { messages: [{ role: "user", content: "hello" }] }))) as Chunk[];
    expect(next.find((chunk) => chunk.message_type === "stop_reason")?.stop_reason).toBe("end_turn");
    await expect(t.client.conversations.cancel(conversation.id)).rejects.toBeInstanceOf(ConflictError);
  });
});
