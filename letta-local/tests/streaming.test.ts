import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIError } from "@letta-ai/letta-client";
import { collect, createAgentWithConversation, newOtid, parseSse, rawJson, readSse, sleep, startTestServer, withoutKeepalives, type TestServer } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const post = (path: string, json: unknown) =>
  fetch(`${t.server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(json) });

describe("SSE framing of one turn", () => {
  it("sends ping, token chunks, stop_reason, usage and [DONE], in that order (R20-R24)", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const response = await post(`/v1/conversations/${conversation.id}/messages`, {
      messages: [{ role: "user", content: "Tell me about gardens", otid: newOtid() }],
      stream_tokens: true,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = await readSse(response);
    expect(events.every((event) => event.event === null)).toBe(true);
    expect(events.at(-1)?.data).toBe("[DONE]");
    const chunks = withoutKeepalives(events.slice(0, -1).map((event) => JSON.parse(event.data) as Record<string, unknown>));
    const types = chunks.map((chunk) => chunk.message_type);
    expect(types[0]).toBe("ping");
    expect(types.slice(-2)).toEqual(["stop_reason", "usage_statistics"]);
    expect(chunks.at(-2)?.stop_reason).toBe("end_turn");
    expect((chunks.at(-1)?.completion_tokens as number) > 0).toBe(true);
    const body = types.slice(1, -2);
    const firstAssistant = body.indexOf("assistant_message");
    expect(body.slice(0, firstAssistant).every((type) => type === "reasoning_message")).toBe(true);
    expect(body.slice(firstAssistant).every((type) => type === "assistant_message")).toBe(true);
    expect(types).not.toContain("user_message");

    const ping = chunks[0]!;
    expect(ping.id).toMatch(/^ping-/);
    expect(ping.run_id).toMatch(/^run-/);
    const messages = chunks.slice(1, -2);
    const id = messages[0]!.id as string;
    expect(id).toMatch(/^message-/);
    expect(messages.every((chunk) => chunk.id === id && chunk.run_id === ping.run_id && chunk.seq_id === null)).toBe(true);
    const uuid = id.slice("message-".length);
    const reasoningOtid = messages.find((c) => c.message_type === "reasoning_message")!.otid as string;
    const assistantOtid = messages.find((c) => c.message_type === "assistant_message")!.otid as string;
    expect(reasoningOtid.slice(0, -2)).toBe(uuid.slice(0, -2));
    expect(parseInt(reasoningOtid.slice(-2), 16) & 0x7f).toBe(0);
    expect(parseInt(assistantOtid.slice(-2), 16) & 0x7f).toBe(1);
    expect(messages.filter((c) => c.message_type === "assistant_message").length).toBeGreaterThan(3);

    const text = messages.filter((c) => c.message_type === "assistant_message").map((c) => c.content).join("");
    const listed = (await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems();
    const stored = listed.find((item) => item.message_type === "assistant_message") as { id: string; content: string; otid: string };
    expect(stored).toMatchObject({ id, content: text, otid: assistantOtid });
    expect(text).toContain("**");
  });

  it("stream_tokens:false sends whole messages with the same ids/otids as the list (R24)", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const otid = newOtid();
    const items = await collect(await t.client.conversations.messages.create(conversation.id, { messages: [{ role: "user", content: "Please show a table of fruits", otid }] }));
    const parts = items.filter((item) => item.message_type === "reasoning_message" || item.message_type === "assistant_message");
    expect(parts.map((item) => item.message_type)).toEqual(["reasoning_message", "assistant_message"]);
    const listed = (await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems();
    expect(listed.map((item) => item.message_type)).toEqual(["system_message", "user_message", "reasoning_message", "assistant_message"]);
    expect(listed[1]?.otid).toBe(otid);
    expect(listed.slice(2).map((item) => [item.id, item.otid])).toEqual(parts.map((item) => [(item as { id: string }).id, (item as { otid?: string }).otid]));
    expect((parts[1] as { content: string }).content).toContain("| Term |");
  });

  it("streaming:false returns a LettaResponse JSON without pings or user echo (R26)", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const { status, body } = await rawJson(`${t.server.url}/v1/conversations/${conversation.id}/messages`, {
      method: "POST",
      json: { input: "write some code please", streaming: false },
    });
    expect(status).toBe(200);
    expect(body.stop_reason).toEqual({ message_type: "stop_reason", stop_reason: "end_turn" });
    expect(body.usage.message_type).toBe("usage_statistics");
    expect(body.messages.map((m: { message_type: string }) => m.message_type)).toEqual(["reasoning_message", "assistant_message"]);
    expect(body.messages[1].content).toContain("```");
  });

  it("include_pings:false omits the ping; include_return_message_types filters", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const items = await collect(
      await t.client.conversations.messages.create(conversation.id, {
        messages: [{ role: "user", content: "hello there friend" }],
        include_pings: false,
        include_return_message_types: ["assistant_message"],
        stream_tokens: true,
      }),
    );
    const types = new Set(items.map((item) => item.message_type));
    expect(types).toEqual(new Set(["assistant_message", "stop_reason", "usage_statistics"]));
  });

  it("rejects bad bodies with 422 (R19)", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const url = `${t.server.url}/v1/conversations/${conversation.id}/messages`;
    expect((await rawJson(url, { method: "POST", json: {} })).status).toBe(422);
    expect(await rawJson(url, { method: "POST", json: { messages: [] } })).toEqual({ status: 422, body: { detail: "Messages must not be empty" } });
    expect((await rawJson(url, { method: "POST", json: { input: "a", messages: [{ role: "user", content: "b" }] } })).status).toBe(422);
  });
});

describe("liveness", () => {
  it("sends keepalive pings while the model is slow", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await rawJson(`${t.server.url}/_control/faults`, { method: "POST", json: { type: "slow_first_token", delay_ms: 700, conversation_id: conversation.id } });
    const events = parseSse(await (await post(`/v1/conversations/${conversation.id}/messages`, { input: "slowly" })).text());
    const pings = events.filter((event) => event.data.includes('"message_type":"ping"'));
    expect(pings.length).toBeGreaterThanOrEqual(2);
  });

  it("a foreground run whose client disconnects still completes and is stored (R27)", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await rawJson(`${t.server.url}/_control/faults`, {
      method: "POST",
      json: { type: "long_reply", tokens: 40, token_delay_ms: 10, conversation_id: conversation.id },
    });
    const stream = await t.client.conversations.messages.create(conversation.id, { input: "go long", stream_tokens: true });
    let seen = 0;
    for await (const item of stream) {
      if (item.message_type === "assistant_message" && ++seen === 3) break;
    }
    let stored: { content?: string } | undefined;
    for (let i = 0; i < 100 && !stored; i++) {
      await sleep(50);
      stored = (await t.client.conversations.messages.list(conversation.id, { order: "asc" }))
        .getPaginatedItems()
        .find((item) => item.message_type === "assistant_message") as { content?: string } | undefined;
    }
    expect(stored?.content?.split(" ").length).toBe(40);
  });

  it("throws APIError with no status for an in-stream error, after the earlier chunks", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await rawJson(`${t.server.url}/_control/faults`, { method: "POST", json: { type: "model_error", after_chunks: 2, conversation_id: conversation.id } });
    const seen: string[] = [];
    const stream = await t.client.conversations.messages.create(conversation.id, { input: "fail please", stream_tokens: true });
    const error = await (async () => {
      try {
        for await (const item of stream) seen.push(item.message_type ?? "");
      } catch (e) {
        return e as APIError;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(APIError);
    expect(error?.status).toBeUndefined();
    expect((error?.error as { error_type?: string }).error_type).toBe("llm_error");
    expect(withoutKeepalives(seen.map((type) => ({ message_type: type }))).map((item) => item.message_type)).toEqual([
      "ping", "reasoning_message", "reasoning_message", "stop_reason",
    ]);
  });
});
