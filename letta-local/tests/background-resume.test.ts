import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadRequestError, ConflictError, NotFoundError } from "@letta-ai/letta-client";
import { collect, createAgentWithConversation, injectFault, newOtid, rawJson, sleep, startTestServer, type TestServer } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

type Chunk = Record<string, unknown> & { message_type?: string; seq_id?: number | null; run_id?: string };

/**
 * Keepalive pings belong to each connection (they repeat the last seq_id, 1 too when they come before any message
 * chunk); everything else is the buffered run. Only the first chunk, the run's own initial ping, is kept.
 */
const withoutKeepalives = (items: unknown[]) => (items as Chunk[]).filter((c, i) => c.message_type !== "ping" || (i === 0 && c.seq_id === 1));

/** A background run that stays busy for a while (long reply with per-token delay). */
async function slowBackgroundRun(conversationId: string, tokens = 60, tokenDelay = 10) {
  await injectFault(t.server, { type: "long_reply", tokens, token_delay_ms: tokenDelay, conversation_id: conversationId });
  const otid = newOtid();
  const stream = await t.client.conversations.messages.create(conversationId, {
    messages: [{ role: "user", content: "a long one", otid }],
    background: true,
    stream_tokens: true,
  });
  const iterator = stream[Symbol.asyncIterator]();
  const ping = (await iterator.next()).value as Chunk;
  return { stream, iterator, ping, runId: ping.run_id!, otid };
}

describe("background runs and resume", () => {
  it("numbers chunks from 1 and replays from EVERY starting_after with nothing lost or duplicated (R32, R33)", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const items = withoutKeepalives(
      await collect(await t.client.conversations.messages.create(conversation.id, { input: "Write a table with code", background: true, stream_tokens: true })),
    );
    const numbered = items.filter((item) => typeof item.seq_id === "number");
    expect(numbered.map((item) => item.seq_id)).toEqual(numbered.map((_, i) => i + 1));
    expect(items[0]).toMatchObject({ message_type: "ping", seq_id: 1 });
    expect(items.slice(-2).map((item) => item.message_type)).toEqual(["stop_reason", "usage_statistics"]);
    expect(items.slice(-2).every((item) => !("seq_id" in item))).toBe(true);
    const runId = items[0]!.run_id!;
    for (let after = 0; after <= numbered.length; after++) {
      const replay = withoutKeepalives(await collect(await t.client.conversations.messages.stream(conversation.id, { run_id: runId, starting_after: after })));
      const expected = items.filter((item) => typeof item.seq_id !== "number" || item.seq_id > after);
      expect(replay).toEqual(expected);
    }
    const viaRuns = withoutKeepalives(await collect(await t.client.runs.messages.stream(runId, { starting_after: 3 })));
    expect(viaRuns).toEqual(items.filter((item) => typeof item.seq_id !== "number" || item.seq_id > 3));
  });

  it("resumes a live run by otid and by the latest active run, following it to the end", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const { iterator, runId, otid } = await slowBackgroundRun(conversation.id);
    const first = (await iterator.next()).value as Chunk;
    await iterator.return?.();
    const byOtid = withoutKeepalives(await collect(await t.client.conversations.messages.stream(conversation.id, { otid, starting_after: first.seq_id! })));
    expect(byOtid[0]?.seq_id).toBe(first.seq_id! + 1);
    expect(byOtid.at(-1)?.message_type).toBe("usage_statistics");
    expect(byOtid.filter((c) => c.run_id).every((c) => c.run_id === runId)).toBe(true);
    const run = await t.client.runs.retrieve(runId);
    expect(run).toMatchObject({ id: runId, status: "completed", stop_reason: "end_turn", background: true, conversation_id: conversation.id });

    const second = await slowBackgroundRun(conversation.id, 30, 5);
    await second.iterator.return?.();
    const latest = (await collect(await t.client.conversations.messages.stream(conversation.id, {}))) as Chunk[];
    expect(latest[0]?.run_id).toBe(second.runId);
    expect(latest.at(-2)).toEqual({ message_type: "stop_reason", stop_reason: "end_turn" });
  });

  it("answers 400 without an active run, 400 for a foreground run, 404 for unknown run or otid (R34)", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const noActive = t.client.conversations.messages.stream(conversation.id);
    await expect(noActive).rejects.toBeInstanceOf(BadRequestError);
    await expect(noActive).rejects.toThrow(/No active runs found/);
    const foreground = (await collect(await t.client.conversations.messages.create(conversation.id, { input: "hi" }))) as Chunk[];
    await expect(t.client.conversations.messages.stream(conversation.id, { run_id: foreground[0]!.run_id! })).rejects.toThrow(/not created in background mode/);
    await expect(t.client.conversations.messages.stream(conversation.id, { run_id: "run-2c9d8e7f-6a5b-4c3d-8e1f-0a9b8c7d6e5f" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.client.conversations.messages.stream(conversation.id, { otid: newOtid() })).rejects.toThrow(/No run found for otid/);
  });

  it("answers 410 for a run older than 3 h, via the clock control", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const items = (await collect(await t.client.conversations.messages.create(conversation.id, { input: "hi", background: true }))) as Chunk[];
    const runId = items[0]!.run_id!;
    try {
      await rawJson(`${t.server.url}/_control/clock`, { method: "POST", json: { advance_ms: 3 * 3600_000 + 1000 } });
      const expired = await rawJson(`${t.server.url}/v1/runs/${runId}/stream`, { method: "POST", json: {} });
      expect(expired).toEqual({ status: 410, body: { detail: "EXPIRED: Run was created more than 3 hours ago, and is now expired." } });
    } finally {
      await rawJson(`${t.server.url}/_control/clock`, { method: "DELETE" });
    }
  });
});

describe("one active run per conversation", () => {
  it("a second send gets 409 with the running run's id; a send after completion succeeds (R29)", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const { iterator, runId } = await slowBackgroundRun(conversation.id);
    const busy = t.client.conversations.messages.create(conversation.id, { input: "me too" });
    await expect(busy).rejects.toBeInstanceOf(ConflictError);
    const error = await busy.catch((e: ConflictError) => e);
    expect((error as ConflictError).error).toMatchObject({ run_id: runId, detail: expect.stringMatching(/^CONFLICT: /) });
    while (!(await iterator.next()).done);
    const after = (await collect(await t.client.conversations.messages.create(conversation.id, { input: "now?" }))) as Chunk[];
    expect(after.at(-2)).toMatchObject({ stop_reason: "end_turn" });
  });

  it("the same otids in background mode re-attach to the running run, and after completion (R31)", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await injectFault(t.server, { type: "long_reply", tokens: 30, token_delay_ms: 10, conversation_id: conversation.id });
    const otid = newOtid();
    const body = { messages: [{ role: "user" as const, content: "same request", otid }], background: true };
    const [a, b] = await Promise.all([
      t.client.conversations.messages.create(conversation.id, body).then(collect),
      t.client.conversations.messages.create(conversation.id, body).then(collect),
    ]);
    expect((a[0] as Chunk).run_id).toBe((b[0] as Chunk).run_id);
    expect(withoutKeepalives(a)).toEqual(withoutKeepalives(b));
    const again = await collect(await t.client.conversations.messages.create(conversation.id, body));
    expect(withoutKeepalives(again)).toEqual(withoutKeepalives(a));
    const users = (await t.client.conversations.messages.list(conversation.id, { include_return_message_types: ["user_message"] })).getPaginatedItems();
    expect(users).toHaveLength(1);
  });

  it("an otid is scoped to its conversation: another conversation's send or resume with it never reaches the run", async () => {
    const a = await createAgentWithConversation(t.client);
    const b = await t.client.conversations.create({ agent_id: a.agent.id });
    await injectFault(t.server, { type: "long_reply", tokens: 30, token_delay_ms: 10, conversation_id: a.conversation.id });
    const otid = newOtid();
    const body = (content: string) => ({ messages: [{ role: "user" as const, content, otid }], background: true });
    // Live (in memory), then finished (from the database): B's send with A's otid starts B's own run.
    const aStream = await t.client.conversations.messages.create(a.conversation.id, body("A's secret question"));
    const live = (await collect(await t.client.conversations.messages.create(b.id, body("B's question")))) as Chunk[];
    const aItems = (await collect(aStream)) as Chunk[];
    expect(live[0]!.run_id).not.toBe(aItems[0]!.run_id);
    expect(JSON.stringify(live)).not.toContain("secret");
    const finished = (await collect(await t.client.conversations.messages.create(b.id, body("B again")))) as Chunk[];
    expect(finished[0]!.run_id).toBe(live[0]!.run_id); // B's own retry re-attaches to B's run
    const c = await t.client.conversations.create({ agent_id: a.agent.id });
    const afterFinish = (await collect(await t.client.conversations.messages.create(c.id, body("C's question")))) as Chunk[];
    expect([aItems[0]!.run_id, live[0]!.run_id]).not.toContain(afterFinish[0]!.run_id);
    // Resume by otid in another conversation: 404, as for an otid nobody used.
    const d = await t.client.conversations.create({ agent_id: a.agent.id });
    await expect(t.client.conversations.messages.stream(d.id, { otid })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("cancel stops the run with stop_reason cancelled and keeps the partial reply (R35)", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const { iterator, runId } = await slowBackgroundRun(conversation.id, 200, 10);
    let assistantChunks = 0;
    while (assistantChunks < 3) if (((await iterator.next()).value as Chunk).message_type === "assistant_message") assistantChunks++;
    const result = await t.client.conversations.cancel(conversation.id);
    expect(result).toEqual({ [runId]: "cancelled" });
    const rest: Chunk[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value as Chunk);
    expect(rest.at(-1)).toEqual({ message_type: "stop_reason", stop_reason: "cancelled" });
    expect((await t.client.runs.retrieve(runId)).status).toBe("cancelled");
    const stored = (await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems();
    const partial = stored.find((item) => item.message_type === "assistant_message") as { content: string } | undefined;
    expect(partial?.content.length).toBeGreaterThan(0);
    expect(partial!.content.split(" ").length).toBeLessThan(200);
    const noRun = t.client.conversations.cancel(conversation.id);
    await expect(noRun).rejects.toBeInstanceOf(ConflictError);
    await sleep(0);
  });
});
