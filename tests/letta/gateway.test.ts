// The Letta gateway (lib/letta/conversations.ts) against a real letta-local, started here on a free port in a
// schema of its own, through the official SDK: every outcome kind the rest of the app decides on, produced by
// the server itself (holds and the approval flow through letta-local's control endpoint), never by a mock.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pointAppAt, startLocalLetta, untilHeld, type LocalLetta } from "../helpers/letta";

let letta: LocalLetta;
let gateway: typeof import("@/lib/letta/conversations");
let agentId: string;
const signal = () => new AbortController().signal;
/** A conversation id Letta has never had: the shape of a lost conversation. */
const unknownConversation = `conv-${randomUUID()}`;
const SEARCH_TOOL = {
  name: "search_my_history",
  description: "Search this person's earlier messages.",
  parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
};

/** Holds the next send in `conversationId` after its first chunk, and waits until it is held; its run id. */
async function holdNextSend(conversationId: string, send: () => Promise<unknown>): Promise<{ runId: string; sent: unknown }> {
  await letta.control("faults", { body: { type: "hold", conversation_id: conversationId, hold_at_chunk: 1 } });
  const sent = await send();
  return { runId: await untilHeld(letta, conversationId), sent };
}

async function newConversation(): Promise<string> {
  return gateway.createConversation({ agentId });
}

async function send(conversationId: string, text: string, clientTools = [] as (typeof SEARCH_TOOL)[]) {
  return gateway.sendMessage({ conversationId, text, otid: randomUUID(), clientTools, signal: signal() });
}

beforeAll(async () => {
  letta = await startLocalLetta({ control: true });
  pointAppAt(letta, "gateway");
  gateway = await import("@/lib/letta/conversations");
  agentId = await (await import("@/lib/letta/agent")).sharedAgentId();
});

afterAll(async () => {
  await letta?.control("holds/release", { body: {} }).catch(() => undefined);
  const { db } = await import("@/lib/db/client");
  await db.$disconnect();
  await letta?.close();
});

describe("sendMessage", () => {
  it("streams Letta's SSE response as it is", async () => {
    const outcome = await send(await newConversation(), "hello gateway");
    expect(outcome.kind).toBe("stream");
    if (outcome.kind !== "stream") return;
    expect(outcome.response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const body = await outcome.response.text();
    expect(body).toContain('"message_type":"assistant_message"');
    expect(body.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  it("sends images as Letta image parts (a text-only message stays a string), and the history page shows them", async () => {
    const { goodImages } = await import("../helpers/images");
    const { toChatItem } = await import("@/lib/letta/wire");
    const conversationId = await newConversation();
    const images = [goodImages.png, goodImages.jpeg].map((image) => ({ mediaType: image.mediaType, data: image.bytes.toString("base64") }));
    const sent = await gateway.sendMessage({ conversationId, text: "two pictures", images, otid: randomUUID(), clientTools: [], signal: signal() });
    expect(sent.kind).toBe("stream");
    if (sent.kind === "stream") {
      // The reply arrives token by token: its assistant deltas, joined.
      const reply = (await sent.response.text()).split("\n").filter((line) => line.startsWith("data: {"))
        .map((line) => JSON.parse(line.slice(6)) as { message_type?: string; content?: unknown })
        .filter((chunk) => chunk.message_type === "assistant_message").map((chunk) => String(chunk.content)).join("");
      expect(reply).toContain("I see 2 images: PNG, 800×600");
    }
    const plain = await send(conversationId, "just words");
    if (plain.kind === "stream") await plain.response.text();
    const page = await gateway.listMessages({ conversationId, limit: 10 });
    if (page.kind !== "page") throw new Error(page.kind);
    const users = page.newestFirst.filter((m) => m.message_type === "user_message");
    expect(users[0]!.content).toBe("just words");
    expect(toChatItem(users[1]!)).toMatchObject({ kind: "user", text: "two pictures", images });
  });

  it("says busy, with the running run's id, while a reply is still running", async () => {
    const conversationId = await newConversation();
    const { runId, sent } = await holdNextSend(conversationId, () => send(conversationId, "a long story"));
    try {
      expect(await send(conversationId, "and another thing")).toEqual({ kind: "busy", runId });
      // While it runs, a compaction is refused the same way.
      expect(await gateway.compactConversation({ conversationId })).toEqual({ kind: "busy" });
      // Following the conversation finds that run; following it by id too, but only in its own conversation.
      const followed = await gateway.followRun({ conversationId, startingAfter: 0, signal: signal() });
      expect(followed.kind).toBe("stream");
      if (followed.kind === "stream") await followed.response.body?.cancel();
      expect(await gateway.followRun({ conversationId: await newConversation(), runId, startingAfter: 0, signal: signal() }))
        .toEqual({ kind: "idle" });
      expect(await gateway.cancelRuns({ conversationId })).toEqual({ kind: "cancelled" });
      expect(await gateway.cancelRuns({ conversationId })).toEqual({ kind: "idle" });
    } finally {
      await letta.control("holds/release", { body: { conversation_id: conversationId } });
      if ((sent as { kind: string }).kind === "stream") await (sent as { response: Response }).response.text();
    }
  });

  it("says awaitingApproval while a client tool call waits for its answer, and the call can be answered once", async () => {
    const conversationId = await newConversation();
    const asked = await send(conversationId, "search my history for herons", [SEARCH_TOOL]);
    expect(asked.kind).toBe("stream");
    if (asked.kind === "stream") expect(await asked.response.text()).toContain("requires_approval");
    expect(await send(conversationId, "hello?")).toEqual({ kind: "awaitingApproval" });

    const call = await gateway.findPendingToolCall({ conversationId });
    expect(call).toMatchObject({ name: "search_my_history", toolCallId: expect.any(String) as string });
    expect(JSON.parse(call!.arguments)).toMatchObject({ query: expect.stringContaining("herons") as string });
    const answer = { toolCallId: call!.toolCallId, status: "success" as const, toolReturn: "Nothing found." };
    const answered = await gateway.answerToolCall({ conversationId, answer, otid: randomUUID(), clientTools: [SEARCH_TOOL], signal: signal() });
    expect(answered.kind).toBe("stream");
    if (answered.kind === "stream") expect(await answered.response.text()).toContain('"message_type":"assistant_message"');
    expect(await gateway.findPendingToolCall({ conversationId })).toBeNull();
    expect(await gateway.answerToolCall({ conversationId, answer, otid: randomUUID(), clientTools: [SEARCH_TOOL], signal: signal() }))
      .toEqual({ kind: "notWaiting" });
  });

  it("says lost for a conversation Letta does not have, wherever it is asked", async () => {
    const conversationId = unknownConversation;
    expect(await send(conversationId, "hello?")).toEqual({ kind: "lost" });
    expect(await gateway.listMessages({ conversationId, limit: 10 })).toEqual({ kind: "lost" });
    expect(await gateway.compactConversation({ conversationId })).toEqual({ kind: "lost" });
    const answer = { toolCallId: "call_1", status: "success" as const, toolReturn: "" };
    expect(await gateway.answerToolCall({ conversationId, answer, otid: randomUUID(), clientTools: [], signal: signal() })).toEqual({ kind: "lost" });
    // Nothing runs in, and nothing waits on, a conversation that is gone.
    expect(await gateway.followRun({ conversationId, startingAfter: 0, signal: signal() })).toEqual({ kind: "idle" });
    expect(await gateway.findPendingToolCall({ conversationId })).toBeNull();
    expect(await gateway.cancelRuns({ conversationId })).toEqual({ kind: "idle" });
  });

  it("throws a readable AppError, not an outcome, when Letta fails", async () => {
    const conversationId = await newConversation();
    await letta.control("faults", { body: { type: "http_500", conversation_id: conversationId } });
    await expect(send(conversationId, "hello?")).rejects.toMatchObject({ name: "AppError", code: "offline:backend" });
  });
});

describe("followRun", () => {
  it("is idle when nothing runs, and refuses a run id Letta cannot read", async () => {
    const conversationId = await newConversation();
    expect(await gateway.followRun({ conversationId, startingAfter: 0, signal: signal() })).toEqual({ kind: "idle" });
    expect(await gateway.followRun({ conversationId, runId: "run-not-an-id", startingAfter: 0, signal: signal() }))
      .toEqual({ kind: "invalidRunId" });
    expect(await gateway.followRun({ conversationId, runId: `run-${randomUUID()}`, startingAfter: 0, signal: signal() }))
      .toEqual({ kind: "idle" });
  });
});

describe("listMessages and compactConversation", () => {
  it("pages newest first, older by cursor; an unknown cursor is badCursor; a short thread is tooShort", async () => {
    const conversationId = await newConversation();
    expect(await gateway.compactConversation({ conversationId })).toEqual({ kind: "tooShort" });
    for (const text of ["first words", "second words"]) {
      const sent = await send(conversationId, text);
      if (sent.kind === "stream") await sent.response.text();
    }
    const newest = await gateway.listMessages({ conversationId, limit: 2 });
    expect(newest.kind).toBe("page");
    if (newest.kind !== "page") return;
    // Two messages: the reply (its reasoning and text parts, in their own order) and the question.
    expect(newest.newestFirst.map((m) => m.message_type)).toEqual(["reasoning_message", "assistant_message", "user_message"]);
    expect(newest.newestFirst.at(-1)!.content).toBe("second words");
    const older = await gateway.listMessages({ conversationId, before: newest.newestFirst.at(-1)!.id, limit: 50 });
    expect(older.kind).toBe("page");
    if (older.kind !== "page") return;
    expect(older.newestFirst.some((m) => m.message_type === "user_message" && m.content === "first words")).toBe(true);
    expect(older.newestFirst.some((m) => m.content === "second words")).toBe(false);
    expect(older.newestFirst.at(-1)!.message_type).toBe("system_message");
    expect(await gateway.listMessages({ conversationId, before: "not-a-message-id", limit: 5 })).toEqual({ kind: "badCursor" });

    const compacted = await gateway.compactConversation({ conversationId });
    expect(compacted).toMatchObject({ kind: "compacted", summary: expect.any(String) as string });
    if (compacted.kind === "compacted") expect(compacted.messagesAfter).toBeLessThan(compacted.messagesBefore);
  });
});

describe("searchMessages and conversationFacts", () => {
  it("finds a message of the conversation with the conversation it belongs to, and reads the conversation's facts", async () => {
    const conversationId = await newConversation();
    const word = `pelican${randomBytes(3).toString("hex")}`;
    const sent = await send(conversationId, `remember the ${word}`);
    if (sent.kind === "stream") await sent.response.text();
    const found = await gateway.searchMessages({ conversationId, query: word, limit: 5 });
    expect(found.kind).toBe("results");
    if (found.kind === "results") {
      expect(found.results).toContainEqual(expect.objectContaining({ conversationId, role: "user", text: `remember the ${word}` }));
    }
    const facts = await gateway.conversationFacts({ conversationId });
    expect(facts.archived).toBe(false);
    expect(facts.inContextMessages).toBeGreaterThanOrEqual(3);
    await expect(gateway.conversationFacts({ conversationId: unknownConversation })).rejects.toMatchObject({ name: "AppError" });
  });
});

describe("runs (usage accounting, lib/letta/runs.ts)", () => {
  it("lists a conversation's newest runs, reads a run's state and its usage; a run Letta does not have is lost", async () => {
    const runs = await import("@/lib/letta/runs");
    const conversationId = await newConversation();
    const { runId, sent } = await holdNextSend(conversationId, () => send(conversationId, "count my tokens, please"));
    try {
      expect(await runs.listRecentRuns({ conversationId, limit: 5 })).toEqual([expect.objectContaining({ id: runId, finished: false })]);
      expect(await runs.readRun({ runId })).toMatchObject({ kind: "run", run: { id: runId, finished: false } });
    } finally {
      await letta.control("holds/release", { body: { conversation_id: conversationId } });
      if ((sent as { kind: string }).kind === "stream") await (sent as { response: Response }).response.text();
    }
    expect(await runs.readRun({ runId })).toMatchObject({ kind: "run", run: { id: runId, finished: true } });
    const read = await runs.readRunUsage({ runId });
    expect(read.kind).toBe("usage");
    if (read.kind === "usage") {
      expect(read.usage.promptTokens).toBeGreaterThan(0);
      expect(read.usage.completionTokens).toBeGreaterThan(0);
      expect(read.usage.totalTokens).toBe(read.usage.promptTokens + read.usage.completionTokens);
      expect(read.usage.stepCount).toBeGreaterThanOrEqual(1);
    }
    const unknownRun = `run-${randomUUID()}`;
    expect(await runs.readRun({ runId: unknownRun })).toEqual({ kind: "lost" });
    expect(await runs.readRunUsage({ runId: unknownRun })).toEqual({ kind: "lost" });
    expect(await runs.listRecentRuns({ conversationId: unknownConversation, limit: 5 })).toEqual([]);
  });
});
