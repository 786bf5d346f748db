// Every run a user starts is counted exactly once, with Letta's own usage numbers (runs.usage.retrieve), whoever
// watches it: a watched run, a tab closed mid-stream, a continuation after a tool call, a run resumed by another
// request; and neither a Letta error nor a database blip loses or doubles a count. The app's code against
// real Postgres and a real letta-local over HTTP.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db, pool } from "@/lib/db/client";
import { getOrCreateConversation, type UserConversation } from "@/lib/chat/conversation";
import { continueAfterToolCall, resumeRun, startRun } from "@/lib/chat/runs";
import { letta } from "@/lib/letta/client";
import { recordStartedRun, reconcileUser, sweepPendingUsage } from "@/lib/usage/reconcile";
import { createTestUser } from "../helpers/users";
import { readSse, startControlledLetta, untilRunEnds, type ControlledLetta } from "./helpers";

let local: ControlledLetta;
beforeAll(async () => {
  local = await startControlledLetta();
});
afterAll(async () => {
  await local?.close();
  await db.$disconnect();
});

const quiet = () => vi.spyOn(console, "error").mockImplementation(() => undefined);

async function newUserConversation(): Promise<UserConversation> {
  const user = await createTestUser();
  return getOrCreateConversation({ userId: user.id, known: null });
}

/** A send through the app's own startRun; returns Letta's SSE response and the run id its first ping names. */
async function send(conversation: UserConversation, text: string) {
  const controller = new AbortController();
  const { upstream } = await startRun({ conversation, text, otid: crypto.randomUUID(), signal: controller.signal });
  return { upstream, controller };
}

const runIdOf = (sse: string) => /"run_id":"(run-[^"]+)"/.exec(sse)?.[1] ?? null;

async function records(userId: string) {
  return db.usageRecord.findMany({ where: { userId }, orderBy: { startedAt: "asc" } });
}
async function days(userId: string) {
  return db.usageDay.findMany({ where: { userId } });
}
async function months(userId: string) {
  return db.usageMonth.findMany({ where: { userId } });
}

/** Letta's own numbers for the run, read here with a client of the test's own. */
async function lettaUsage(runId: string) {
  const usage = await local.client.runs.usage.retrieve(runId);
  return { prompt: usage.prompt_tokens!, completion: usage.completion_tokens!, total: usage.total_tokens! };
}

describe("usage records: exactly once", () => {
  it("a watched run: recorded when accepted, counted with Letta's numbers when its stream ends, and never again", async () => {
    const conversation = await newUserConversation();
    const sentAt = new Date();
    const { upstream } = await send(conversation, "Tell me about the weather in a few words.");
    await recordStartedRun({ userId: conversation.userId, lettaConversationId: conversation.lettaConversationId, sentAt });
    const pending = (await records(conversation.userId))[0]!;
    expect(pending).toMatchObject({ state: "PENDING", messageCharged: true, totalTokens: 0 });
    // The admin console's activity, counted in the same statement, with the time of the send.
    const activity = await db.conversation.findUniqueOrThrow({ where: { userId: conversation.userId } });
    expect(activity.messageCount).toBe(1);
    expect(activity.lastMessageAt?.getTime()).toBe(sentAt.getTime());

    const sse = await readSse(upstream);
    const runId = runIdOf(sse)!;
    expect(pending.runId).toBe(runId);
    // What the route's end-of-stream hook does, right as the stream ends: Letta has finished the run by then.
    expect(await reconcileUser(conversation)).toEqual({ counted: 1 });

    const usage = await lettaUsage(runId);
    expect(usage.total).toBeGreaterThan(0);
    expect(usage.total).toBe(usage.prompt + usage.completion);
    const [counted] = await records(conversation.userId);
    expect(counted).toMatchObject({
      runId, state: "COUNTED", promptTokens: usage.prompt, completionTokens: usage.completion, totalTokens: usage.total, stepCount: 1,
    });
    // Again from "another instance", the next request and the sweep: nothing more is added.
    await Promise.all([reconcileUser(conversation), reconcileUser(conversation), sweepPendingUsage({ olderThanMs: 0 })]);
    const [day] = await days(conversation.userId);
    expect(day).toMatchObject({ tokens: BigInt(usage.total), runs: 1 });
    expect((await months(conversation.userId))[0]).toMatchObject({ tokens: BigInt(usage.total), runs: 1 });
    expect(await records(conversation.userId)).toHaveLength(1);
  });

  it("about one token per 4 characters: a longer reply costs proportionally more completion tokens", async () => {
    const conversation = await newUserConversation();
    await local.control("faults", { body: { type: "long_reply", conversation_id: conversation.lettaConversationId, tokens: 400 } });
    const { upstream } = await send(conversation, "Write a long story.");
    const runId = runIdOf(await readSse(upstream))!;
    await untilRunEnds(local.client, runId);
    await reconcileUser(conversation);
    const record = (await records(conversation.userId))[0]!;
    expect(record.state).toBe("COUNTED");
    // 400 filler tokens of reply (plus its reasoning): at least 400 completion tokens.
    expect(record.completionTokens).toBeGreaterThanOrEqual(400);
  });

  it("a tab closed mid-stream: pending while Letta still runs it, counted once after, by whoever looks first", async () => {
    const conversation = await newUserConversation();
    const fault = (await local.control("faults", { body: { type: "hold", conversation_id: conversation.lettaConversationId, hold_at_chunk: 2 } })) as { id: string };
    const { upstream } = await send(conversation, "Tell me a story about a lighthouse.");
    await recordStartedRun({ userId: conversation.userId, lettaConversationId: conversation.lettaConversationId, sentAt: new Date() });
    // The browser reads the start of the reply, then the tab closes.
    const partial = await readSse(upstream, { stopAfter: (text) => (text.match(/assistant_message|reasoning_message/g) ?? []).length >= 1 });
    const runId = runIdOf(partial)!;
    // The stream's end hook runs now: the run is still running, so it stays pending.
    expect(await reconcileUser(conversation)).toEqual({ counted: 0 });
    expect((await records(conversation.userId))[0]).toMatchObject({ runId, state: "PENDING" });
    expect(await pool().query(`SELECT 1 FROM "UsageRecord" WHERE "runId" = $1 AND state = 'PENDING'`, [runId])).toHaveProperty("rowCount", 1);

    await local.control("holds/release", { body: { fault_id: fault.id } });
    await untilRunEnds(local.client, runId);
    // The user's next request (two tabs at once) and the sweep race each other.
    const results = await Promise.all([reconcileUser(conversation), reconcileUser(conversation), sweepPendingUsage({ olderThanMs: 0 })]);
    expect(results[0].counted + results[1].counted + results[2].counted).toBe(1);
    const usage = await lettaUsage(runId);
    expect((await days(conversation.userId))[0]).toMatchObject({ tokens: BigInt(usage.total), runs: 1 });
  });

  it("a run that continued after a tool call: two runs, each counted once", async () => {
    const conversation = await newUserConversation();
    const { upstream } = await send(conversation, "search my history for lighthouses");
    const first = await readSse(upstream);
    expect(first).toContain("requires_approval");
    const controller = new AbortController();
    const continuation = await continueAfterToolCall({ conversation, signal: controller.signal });
    expect(continuation).not.toBeNull();
    await recordStartedRun({ userId: conversation.userId, lettaConversationId: conversation.lettaConversationId });
    const second = await readSse(continuation!);
    const [firstRun, secondRun] = [runIdOf(first)!, runIdOf(second)!];
    expect(secondRun).not.toBe(firstRun);
    await untilRunEnds(local.client, secondRun);

    expect(await reconcileUser(conversation)).toEqual({ counted: 2 });
    expect(await reconcileUser(conversation)).toEqual({ counted: 0 });
    const byRun = new Map((await records(conversation.userId)).map((r) => [r.runId, r]));
    const [u1, u2] = [await lettaUsage(firstRun), await lettaUsage(secondRun)];
    expect(byRun.get(firstRun)).toMatchObject({ state: "COUNTED", totalTokens: u1.total });
    expect(byRun.get(secondRun)).toMatchObject({ state: "COUNTED", totalTokens: u2.total });
    expect((await days(conversation.userId))[0]).toMatchObject({ tokens: BigInt(u1.total + u2.total), runs: 2 });
  });

  it("a run resumed on another request: the resuming request counts it, the first one's hook adds nothing", async () => {
    const conversation = await newUserConversation();
    const fault = (await local.control("faults", { body: { type: "hold", conversation_id: conversation.lettaConversationId, hold_at_chunk: 1 } })) as { id: string };
    const { upstream, controller } = await send(conversation, "Describe a harbour at dawn.");
    const runId = runIdOf(await readSse(upstream, { stopAfter: (text) => /"run_id"/.test(text) }))!;
    controller.abort();
    // The first instance never recorded it (say it died): the resuming request finds it by listing.
    await local.control("holds/release", { body: { fault_id: fault.id } });
    const resumed = await resumeRun({ conversation, runId, startingAfter: 0, signal: new AbortController().signal });
    await readSse(resumed!);
    await untilRunEnds(local.client, runId);
    expect(await reconcileUser(conversation)).toEqual({ counted: 1 });
    expect(await reconcileUser(conversation)).toEqual({ counted: 0 });
    expect((await records(conversation.userId)).map((r) => [r.runId, r.state])).toEqual([[runId, "COUNTED"]]);
  });

  it("a retry that re-attaches to its own run gives its message back; a new run keeps it", async () => {
    const conversation = await newUserConversation();
    const day = new Date().toISOString().slice(0, 10);
    await db.usageDay.create({ data: { userId: conversation.userId, day: new Date(day), messages: 2 } }); // the gate charged both sends
    const otid = crypto.randomUUID();
    const signal = new AbortController().signal;
    const first = await startRun({ conversation, text: "Hello there", otid, signal });
    await recordStartedRun({ userId: conversation.userId, lettaConversationId: conversation.lettaConversationId, sentAt: new Date() });
    await readSse(first.upstream);
    const retry = await startRun({ conversation, text: "Hello there", otid, signal });
    await recordStartedRun({ userId: conversation.userId, lettaConversationId: conversation.lettaConversationId, sentAt: new Date() });
    await readSse(retry.upstream);
    expect(await records(conversation.userId)).toHaveLength(1);
    expect((await days(conversation.userId))[0]?.messages).toBe(1);
  });

  it("a Letta error while reading usage: the run stays pending, is retried, and is counted once", async () => {
    const conversation = await newUserConversation();
    const { upstream } = await send(conversation, "Say hello.");
    const runId = runIdOf(await readSse(upstream))!;
    await untilRunEnds(local.client, runId);
    const errors = quiet();
    const usage = vi.spyOn(letta().runs.usage, "retrieve").mockRejectedValueOnce(new Error("connection reset by Letta"));
    try {
      expect(await reconcileUser(conversation)).toEqual({ counted: 0 });
      expect((await records(conversation.userId))[0]).toMatchObject({ state: "PENDING", attempts: 1 });
      expect(await reconcileUser(conversation)).toEqual({ counted: 1 });
    } finally {
      usage.mockRestore();
      errors.mockRestore();
    }
    expect((await days(conversation.userId))[0]?.runs).toBe(1);
  });

  it("the database briefly unreachable while counting: nothing is lost or counted twice", async () => {
    const conversation = await newUserConversation();
    const { upstream } = await send(conversation, "Say goodbye.");
    const runId = runIdOf(await readSse(upstream))!;
    await untilRunEnds(local.client, runId);
    await reconcileUser(conversation); // recorded and counted
    // A second run, whose count statement meets a database outage.
    const next = await send(conversation, "Say hello again.");
    const runId2 = runIdOf(await readSse(next.upstream))!;
    await untilRunEnds(local.client, runId2);
    const errors = quiet();
    const realQuery = pool().query.bind(pool());
    const query = vi.spyOn(pool(), "query").mockImplementation(((sql: string, params: unknown[]) =>
      /state = 'COUNTED'/.test(String(sql))
        ? Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))
        : realQuery(sql, params)) as never);
    try {
      expect(await reconcileUser(conversation)).toEqual({ counted: 0 });
    } finally {
      query.mockRestore();
      errors.mockRestore();
    }
    expect((await records(conversation.userId)).find((r) => r.runId === runId2)?.state).toBe("PENDING");
    expect(await sweepPendingUsage({ olderThanMs: 0 })).toMatchObject({ counted: expect.any(Number) });
    const all = await records(conversation.userId);
    expect(all.map((r) => r.state)).toEqual(["COUNTED", "COUNTED"]);
    const total = all.reduce((sum, r) => sum + r.totalTokens, 0);
    expect((await days(conversation.userId))[0]).toMatchObject({ tokens: BigInt(total), runs: 2 });
  });
});
