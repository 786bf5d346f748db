import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Clock } from "../src/clock";
import { HoldRegistry } from "../src/runs/holds";
import {
  collect, createAgentWithConversation, injectFault, newOtid, parseSse, rawJson, releaseHolds, sleep, startTestServer, waitUntilHeld, withoutKeepalives,
  type Chunk, type TestServer,
} from "./helpers";

// The hold fault (README "Control endpoint"): a run stops mid-stream after N message chunks until /_control releases
// it, so a test can act while a reply is provably in progress (reload a page, resume from another tab) and then let
// it finish.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const isMessageChunk = (chunk: Chunk) => ["reasoning_message", "assistant_message"].includes(chunk.message_type);

/** Reads an SSE response as it arrives; `chunks()` is what has come so far. */
function reader(response: Response) {
  const chunks: Chunk[] = [];
  let buffer = "";
  const done = (async () => {
    const decoder = new TextDecoder();
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(bytes, { stream: true });
      const events = buffer.split("\n\n");
      buffer = events.pop() ?? "";
      for (const event of parseSse(events.join("\n\n") + "\n\n")) if (event.data !== "[DONE]") chunks.push(JSON.parse(event.data) as Chunk);
    }
  })();
  return { chunks: () => chunks, done };
}

/** Waits (up to 5 s) until the condition holds: chunks written before a hold can still be in flight to the reader. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !condition(); i++) await sleep(20);
  expect(condition()).toBe(true);
}

const send = (conversationId: string, body: Record<string, unknown>) =>
  fetch(`${t.server.url}/v1/conversations/${conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("hold and release", () => {
  it("holds a run after hold_at_chunk message chunks, reports it held, and finishes the reply once released", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await injectFault(t.server, { type: "hold", conversation_id: conversation.id, hold_at_chunk: 3 });
    const stream = reader(await send(conversation.id, { input: "tell me about the tides today", stream_tokens: true }));
    const held = await waitUntilHeld(t.server, `conversation_id=${conversation.id}`);
    expect(held).toMatchObject({ conversation_id: conversation.id, hold_at_chunk: 3, state: "held", held: true, held_since: expect.any(String), released_by: null });
    await until(() => stream.chunks().filter(isMessageChunk).length >= 3);
    await sleep(100);
    expect(stream.chunks().filter(isMessageChunk)).toHaveLength(3);
    expect((await t.client.runs.retrieve(held.run_id)).status).toBe("running");
    expect((await rawJson(`${t.server.url}/_control/holds/${held.run_id}`)).body).toMatchObject({ run_id: held.run_id, held: true });
    expect((await rawJson(`${t.server.url}/_control/stats`)).body.held_runs).toBeGreaterThanOrEqual(1);

    expect(await releaseHolds(t.server, { run_id: held.run_id })).toEqual([held.run_id]);
    await stream.done;
    expect(stream.chunks().at(-2)).toEqual({ message_type: "stop_reason", stop_reason: "end_turn" });
    expect((await t.client.runs.retrieve(held.run_id)).status).toBe("completed");
    expect((await rawJson(`${t.server.url}/_control/holds/${held.run_id}`)).body).toEqual({ run_id: held.run_id, state: "none", held: false });
  });

  it("a held background run can be resumed from another connection while held, and both see the end", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await injectFault(t.server, { type: "hold", match: "resume-while-held", hold_at_chunk: 2 });
    const otid = newOtid();
    const first = reader(await send(conversation.id, { messages: [{ role: "user", content: "resume-while-held please", otid }], stream_tokens: true, background: true }));
    const held = await waitUntilHeld(t.server, `conversation_id=${conversation.id}`);
    const resumed = collect(await t.client.conversations.messages.stream(conversation.id, { otid, starting_after: 0 }));
    await sleep(50);
    await releaseHolds(t.server, { conversation_id: conversation.id });
    const [again] = await Promise.all([resumed, first.done]);
    expect((again as Chunk[])[0]).toMatchObject({ message_type: "ping", run_id: held.run_id, seq_id: 1 });
    expect((again as Chunk[]).find((chunk) => chunk.message_type === "stop_reason")?.stop_reason).toBe("end_turn");
    expect(first.chunks().find((chunk) => chunk.message_type === "stop_reason")?.stop_reason).toBe("end_turn");
  });

  it("a hold past the end of the reply stops the run before its ending; hold_at_chunk 0 holds before the first chunk", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await injectFault(t.server, { type: "hold", conversation_id: conversation.id, hold_at_chunk: 10_000 });
    const late = reader(await send(conversation.id, { input: "hi", stream_tokens: true }));
    await waitUntilHeld(t.server, `conversation_id=${conversation.id}`);
    await until(() => late.chunks().some((chunk) => chunk.message_type === "assistant_message"));
    await sleep(50);
    expect(late.chunks().some((chunk) => chunk.message_type === "stop_reason")).toBe(false);
    await releaseHolds(t.server, { conversation_id: conversation.id });
    await late.done;

    await injectFault(t.server, { type: "hold", conversation_id: conversation.id, hold_at_chunk: 0 });
    const early = reader(await send(conversation.id, { input: "hi again", stream_tokens: true }));
    await waitUntilHeld(t.server, `conversation_id=${conversation.id}`);
    await until(() => early.chunks().length > 0);
    await sleep(50);
    expect(withoutKeepalives(early.chunks()).map((chunk) => chunk.message_type)).toEqual(["ping"]);
    await releaseHolds(t.server, { conversation_id: conversation.id });
    await early.done;
    expect(early.chunks().at(-2)?.stop_reason).toBe("end_turn");
  });

  it("cancel ends a held run; a hold that is never released times out by itself", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await injectFault(t.server, { type: "hold", conversation_id: conversation.id });
    const cancelled = reader(await send(conversation.id, { input: "one", stream_tokens: true }));
    const held = await waitUntilHeld(t.server, `conversation_id=${conversation.id}`);
    expect(await t.client.conversations.cancel(conversation.id)).toEqual({ [held.run_id]: "cancelled" });
    await cancelled.done;
    expect(cancelled.chunks().at(-1)).toEqual({ message_type: "stop_reason", stop_reason: "cancelled" });

    await injectFault(t.server, { type: "hold", conversation_id: conversation.id, timeout_ms: 150 });
    const chunks = (await collect(await t.client.conversations.messages.create(conversation.id, { input: "two" }))) as Chunk[];
    expect(chunks.find((chunk) => chunk.message_type === "stop_reason")?.stop_reason).toBe("end_turn");
  });

  it("a hold only stops the runs its fault matches; releasing by fault_id disarms a hold its run has not reached", async () => {
    const { agent, conversation } = await createAgentWithConversation(t.client);
    const other = await t.client.conversations.create({ agent_id: agent.id });
    const { body: fault } = await rawJson(`${t.server.url}/_control/faults`, { method: "POST", json: { type: "hold", conversation_id: conversation.id } });
    const unrelated = (await collect(await t.client.conversations.messages.create(other.id, { input: "not held" }))) as Chunk[];
    expect(unrelated.find((chunk) => chunk.message_type === "stop_reason")?.stop_reason).toBe("end_turn");
    expect((await rawJson(`${t.server.url}/_control/faults`)).body.map((queued: Chunk) => queued.id)).toContain(fault.id);
    await rawJson(`${t.server.url}/_control/faults`, { method: "DELETE" });

    const holds = new HoldRegistry(new Clock());
    const armed = holds.arm("run-1", "conv-1", "fault-1", 2, 60_000);
    expect(holds.list({ faultId: "fault-1" }).map((hold) => hold.view().state)).toEqual(["armed"]);
    expect(holds.release({ faultId: "fault-1" })).toEqual(["run-1"]);
    expect(armed.due(5)).toBe(false);
    expect(armed.view()).toMatchObject({ state: "released", held: false, released_by: "control" });
  });
});
