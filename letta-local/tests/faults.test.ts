import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InternalServerError, RateLimitError } from "@letta-ai/letta-client";
import { collect, createAgentWithConversation, injectFault, parseSse, rawJson, startTestServer, type TestServer, type Chunk } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const sendRaw = (conversationId: string, body: Record<string, unknown>) =>
  fetch(`${t.server.url}/v1/conversations/${conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("control endpoint", () => {
  it("lists, validates and clears faults", async () => {
    expect((await rawJson(`${t.server.url}/_control/faults`, { method: "POST", json: { type: "bogus" } })).status).toBe(422);
    await injectFault(t.server, { type: "http_500", match: "never-sent-text-1" });
    const listed = await rawJson(`${t.server.url}/_control/faults`);
    expect(listed.body.some((fault: { match: string }) => fault.match === "never-sent-text-1")).toBe(true);
    await rawJson(`${t.server.url}/_control/faults`, { method: "DELETE" });
    expect((await rawJson(`${t.server.url}/_control/faults`)).body).toEqual([]);
  });

  it("is absent unless enabled", async () => {
    const { startTestServer: start } = await import("./helpers");
    const plain = await start({ control: false });
    try {
      expect((await rawJson(`${plain.server.url}/_control/faults`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe("injected faults", () => {
  it("http_500 and http_429 fail the send before any stream, then the next send works", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await injectFault(t.server, { type: "http_500", conversation_id: conversation.id });
    await expect(t.client.conversations.messages.create(conversation.id, { input: "a" })).rejects.toBeInstanceOf(InternalServerError);
    await injectFault(t.server, { type: "http_429", conversation_id: conversation.id });
    await expect(t.client.conversations.messages.create(conversation.id, { input: "b" })).rejects.toBeInstanceOf(RateLimitError);
    const ok = (await collect(await t.client.conversations.messages.create(conversation.id, { input: "c" }))) as Chunk[];
    expect(ok.at(-2)?.stop_reason).toBe("end_turn");
  });

  it("on: delete_conversation fails that conversation's DELETE once, leaves sends alone, then the delete works", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    expect((await rawJson(`${t.server.url}/_control/faults`, { method: "POST", json: { type: "hold", on: "delete_conversation" } })).status).toBe(422);
    expect((await rawJson(`${t.server.url}/_control/faults`, { method: "POST", json: { type: "http_500", on: "bogus" } })).status).toBe(422);
    await injectFault(t.server, { type: "http_500", on: "delete_conversation", conversation_id: conversation.id });
    await collect(await t.client.conversations.messages.create(conversation.id, { input: "still fine" }));
    await expect(t.client.conversations.delete(conversation.id)).rejects.toBeInstanceOf(InternalServerError);
    expect((await t.client.conversations.retrieve(conversation.id)).id).toBe(conversation.id);
    await t.client.conversations.delete(conversation.id);
    await expect(t.client.conversations.retrieve(conversation.id)).rejects.toMatchObject({ status: 404 });
  });

  it("scopes a fault by conversation and by match text", async () => {
    const { agent, conversation: target } = await createAgentWithConversation(t.client);
    const other = await t.client.conversations.create({ agent_id: agent.id });
    await injectFault(t.server, { type: "http_500", conversation_id: target.id, match: "BOOM" });
    const unaffected = (await collect(await t.client.conversations.messages.create(other.id, { input: "BOOM elsewhere" }))) as Chunk[];
    expect(unaffected.at(-2)?.stop_reason).toBe("end_turn");
    const noMatch = (await collect(await t.client.conversations.messages.create(target.id, { input: "quiet" }))) as Chunk[];
    expect(noMatch.at(-2)?.stop_reason).toBe("end_turn");
    await expect(t.client.conversations.messages.create(target.id, { input: "now BOOM" })).rejects.toBeInstanceOf(InternalServerError);
  });

  it("slow_first_token delays the first model chunk but not the headers or the ping", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await injectFault(t.server, { type: "slow_first_token", delay_ms: 400, conversation_id: conversation.id });
    const started = Date.now();
    const stream = await t.client.conversations.messages.create(conversation.id, { input: "hi", stream_tokens: true });
    const headersAfter = Date.now() - started;
    let firstModelChunkAfter = 0;
    for await (const item of stream) {
      if (item.message_type === "reasoning_message" && !firstModelChunkAfter) firstModelChunkAfter = Date.now() - started;
    }
    expect(headersAfter).toBeLessThan(300);
    expect(firstModelChunkAfter).toBeGreaterThanOrEqual(390);
  });

  it("cut_stream destroys the socket after N chunks without [DONE]; the run ends failed and resume shows the error", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await injectFault(t.server, { type: "cut_stream", after_chunks: 4, conversation_id: conversation.id });
    const response = await sendRaw(conversation.id, { input: "tell me a story", stream_tokens: true, background: true });
    const reader = response.body!.getReader();
    let text = "";
    let cut = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    } catch {
      cut = true;
    }
    expect(cut).toBe(true);
    expect(text).not.toContain("[DONE]");
    const events = parseSse(text).map((event) => JSON.parse(event.data) as Chunk);
    expect(events.filter((event) => event.message_type !== "ping")).toHaveLength(4);
    const runId = events[0]!.run_id as string;
    expect((await t.client.runs.retrieve(runId)).status).toBe("failed");
    const resumed = await fetch(`${t.server.url}/v1/runs/${runId}/stream`, { method: "POST", body: "{}" });
    const replay = parseSse(await resumed.text());
    expect(replay.at(-1)?.data).toBe("[DONE]");
    expect(replay.some((event) => event.event === "error")).toBe(true);
    expect(replay.some((event) => event.data.includes('"stop_reason":"error"'))).toBe(true);
    const after = (await collect(await t.client.conversations.messages.create(conversation.id, { input: "again" }))) as Chunk[];
    expect(after.at(-2)?.stop_reason).toBe("end_turn");
  });

  it("model_error ends with stop_reason error, event: error and [DONE]", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await injectFault(t.server, { type: "model_error", after_chunks: 1, conversation_id: conversation.id, message: "provider exploded" });
    const events = parseSse(await (await sendRaw(conversation.id, { input: "hi", stream_tokens: true })).text());
    expect(events.slice(-3).map((event) => event.event)).toEqual([null, "error", null]);
    expect(JSON.parse(events.at(-3)!.data)).toEqual({ message_type: "stop_reason", stop_reason: "error" });
    expect(JSON.parse(events.at(-2)!.data)).toMatchObject({ message_type: "error_message", error_type: "llm_error", message: "provider exploded", run_id: expect.stringMatching(/^run-/) });
    expect(events.at(-1)?.data).toBe("[DONE]");
  });

  it("long_reply streams exactly N assistant tokens", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await injectFault(t.server, { type: "long_reply", tokens: 120, conversation_id: conversation.id });
    const items = (await collect(await t.client.conversations.messages.create(conversation.id, { input: "go", stream_tokens: true }))) as Chunk[];
    expect(items.filter((item) => item.message_type === "assistant_message")).toHaveLength(120);
  });
});
