import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, createAgentWithConversation, rawJson, startTestServer, withoutKeepalives, type Chunk, type Loose, type TestServer } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const SUMMARY_NOTE = "Note: prior messages have been hidden from view due to conversation memory constraints.";
/** ~1,000 characters: three of these fill a 1,000-token window (the rule: tokens = ceil(chars / 4), trigger at 90%). */
const longText = (n: number) => `Turn ${n}: ${"the quick brown fox jumps over the lazy dog ".repeat(23)}`;

const send = async (conversationId: string, text: string, extra: Record<string, unknown> = {}) =>
  (await collect(await t.client.conversations.messages.create(conversationId, { messages: [{ role: "user", content: text }], ...extra }))) as Chunk[];

/** How a client recognises a summary in the message list (documented in letta-local/README.md). */
function summaryOf(item: Loose): string | null {
  if (item.message_type !== "user_message" || typeof item.content !== "string") return null;
  try {
    const packed = JSON.parse(item.content);
    return packed?.type === "system_alert" && String(packed.message).startsWith(SUMMARY_NOTE) ? packed.message : null;
  } catch {
    return null;
  }
}

async function sendUntilCompacted(conversationId: string, extra: Record<string, unknown>): Promise<{ turn: number; items: Chunk[] }> {
  for (let turn = 1; turn <= 6; turn++) {
    const before = (await t.client.conversations.retrieve(conversationId)).in_context_message_ids!.length;
    const items = await send(conversationId, longText(turn), extra);
    const after = (await t.client.conversations.retrieve(conversationId)).in_context_message_ids!.length;
    if (after < before + 2) return { turn, items };
  }
  throw new Error("the conversation was never compacted");
}

describe("automatic compaction (§8.2)", () => {
  it("compacts before the step when the context passes 90% of context_window_limit, streaming event + summary on request", async () => {
    const { conversation } = await createAgentWithConversation(t.client, { context_window_limit: 1000 });
    const { turn, items } = await sendUntilCompacted(conversation.id, { include_compaction_messages: true, stream_tokens: true });
    expect(turn).toBeGreaterThan(1);
    const types = withoutKeepalives(items).map((item) => item.message_type);
    expect(types.slice(0, 4)).toEqual(["ping", "event_message", "summary_message", "reasoning_message"]);
    expect(types.at(-2)).toBe("stop_reason");

    const event = items[1]!;
    expect(event).toMatchObject({ event_type: "compaction", run_id: items[0]!.run_id });
    expect(event.event_data).toEqual({ trigger: "context_window_exceeded", context_token_estimate: expect.any(Number), context_window: 1000 });
    expect(event.event_data.context_token_estimate).toBeGreaterThan(900);

    const summary = items[2]!;
    expect(summary).toMatchObject({ id: expect.stringMatching(/^message-/), run_id: items[0]!.run_id, summary: expect.stringContaining("Turn 1") });
    // Letta's generate_otid_from_id(id, 0): the id's uuid with its low 7 bits set to part index 0.
    expect(summary.otid.slice(0, 34)).toBe(summary.id.slice("message-".length, "message-".length + 34));
    expect(parseInt(summary.otid.slice(-2), 16) & 0x7f).toBe(0);
    expect(summary.compaction_stats).toEqual({
      trigger: "context_window_exceeded",
      context_tokens_before: event.event_data.context_token_estimate,
      context_tokens_after: expect.any(Number),
      context_window: 1000,
      messages_count_before: expect.any(Number),
      messages_count_after: 3,
    });
    expect(summary.compaction_stats.context_tokens_after).toBeLessThan(summary.compaction_stats.context_tokens_before);
    const reply = items.filter((item) => item.message_type === "assistant_message").map((item) => item.content).join("");
    expect(reply).toContain(`Turn ${turn}`);

    // The in-context window is [system, summary, kept…, this turn]; the history keeps every message.
    const inContext = (await t.client.conversations.retrieve(conversation.id)).in_context_message_ids!;
    expect(inContext[1]).toBe(summary.id);
    const listed = (await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems() as Loose[];
    const at = listed.findIndex((item) => item.id === summary.id);
    expect(listed[at]).toMatchObject({ message_type: "user_message", otid: null, run_id: items[0]!.run_id });
    expect(summaryOf(listed[at])).toContain(summary.summary);
    expect(JSON.parse(listed[at].content).compaction_stats).toEqual(summary.compaction_stats);
    expect(listed[at + 1]).toMatchObject({ message_type: "user_message", content: longText(turn) });
    expect(listed.filter((item) => summaryOf(item) === null && item.message_type === "user_message")).toHaveLength(turn);
  });

  it("without include_compaction_messages the stream shows nothing, but the compaction still happens", async () => {
    const { agent } = await createAgentWithConversation(t.client);
    // A conversation's own context_window_limit wins over the agent's (default 128,000).
    const conversation = await t.client.conversations.create({ agent_id: agent.id, context_window_limit: 1000 });
    const { items } = await sendUntilCompacted(conversation.id, {});
    expect(items.some((item) => item.message_type === "event_message" || item.message_type === "summary_message")).toBe(false);
    expect(items.some((item) => item.message_type === "user_message")).toBe(false);
    const listed = (await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems();
    expect(listed.filter((item) => summaryOf(item) !== null)).toHaveLength(1);
  });

  it("streaming:false returns the summary_message in LettaResponse.messages", async () => {
    const { agent, conversation } = await createAgentWithConversation(t.client, { context_window_limit: 1000 });
    for (let turn = 1; turn <= 6; turn++) {
      const { body } = await rawJson(`${t.server.url}/v1/conversations/${conversation.id}/messages`, {
        method: "POST",
        json: { streaming: false, include_compaction_messages: true, messages: [{ role: "user", content: longText(turn) }] },
      });
      const types = body.messages.map((message: Chunk) => message.message_type);
      if (types.includes("summary_message")) {
        expect(types.slice(0, 2)).toEqual(["event_message", "summary_message"]);
        return;
      }
    }
    throw new Error(`agent ${agent.id} never compacted`);
  });

  it("never triggers with the default context window", async () => {
    const { agent, conversation } = await createAgentWithConversation(t.client);
    expect(agent.llm_config.context_window).toBe(128_000);
    for (let turn = 1; turn <= 4; turn++) await send(conversation.id, longText(turn), { include_compaction_messages: true });
    const inContext = (await t.client.conversations.retrieve(conversation.id)).in_context_message_ids!;
    expect(inContext).toHaveLength(1 + 4 * 2);
  });
});

describe("manual compaction (R44)", () => {
  it("stores the same recognisable summary; the response carries the bare summary text", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    for (const text of ["alpha", "bravo", "charlie"]) await send(conversation.id, `message ${text}`);
    const result = await t.client.conversations.messages.compact(conversation.id, {});
    expect(result.summary).toMatch(/^Summary of \d+ earlier messages:/);
    const [newest] = (await t.client.conversations.messages.list(conversation.id, { order: "desc", limit: 1 })).getPaginatedItems() as Loose[];
    expect(newest.content.startsWith('{"type": "system_alert", "message": "Note: prior messages have been hidden')).toBe(true);
    expect(summaryOf(newest)).toBe(`${SUMMARY_NOTE}\nThe following is a summary of the previous messages:\n ${result.summary}`);
    expect(JSON.parse(newest.content)).not.toHaveProperty("compaction_stats");
    // A summary is never a search hit: it is not something the user or the assistant said.
    expect(await t.client.messages.search({ query: "earlier messages", conversation_id: conversation.id })).toEqual([]);
  });
});
