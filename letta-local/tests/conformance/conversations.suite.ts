import { describe, expect, it } from "vitest";
import type { Conversation } from "@letta-ai/letta-client/resources/conversations/conversations";
import type { CompactionResponse } from "@letta-ai/letta-client/resources/conversations/messages";
import type { LettaStreamingResponse, Message } from "@letta-ai/letta-client/resources/agents/messages";
import type { MessageSearchResponse } from "@letta-ai/letta-client/resources/messages";
import { collect, injectFault, newOtid, releaseHolds, waitUntilHeld } from "../helpers";
import { expectPagesEnd, expectShape, type Conformance } from "./harness";

export function expectConversation(conversation: Conversation): void {
  expectShape<Conversation>(conversation, { id: "string", agent_id: "string" }, { created_at: "string", in_context_message_ids: ["array", "null"], summary: ["string", "null"] });
}

/** Every listed item is a Message of the SDK union, with the fields every LettaMessage has. */
export function expectMessages(items: Message[]): void {
  for (const item of items) {
    expect(item).toMatchObject({ id: expect.stringMatching(/^message-/), date: expect.any(String), message_type: expect.any(String) });
    if (item.message_type === "assistant_message") expectShape(item, { id: "string", date: "string", content: ["string", "array"] });
    if (item.message_type === "user_message") expectShape(item, { id: "string", date: "string", content: ["string", "array"] });
    if (item.message_type === "reasoning_message") expectShape(item, { id: "string", date: "string", reasoning: "string" });
    if (item.message_type === "system_message") expectShape(item, { id: "string", date: "string", content: "string" });
  }
}

const stopReason = (chunks: LettaStreamingResponse[]) => chunks.find((chunk) => chunk.message_type === "stop_reason");

export function conversationsSuite(ctx: () => Conformance): void {
  describe("conversations and their messages", () => {
    it("conversations.create, retrieve, update, list, fork, recompile and delete", async () => {
      const { sdk } = ctx();
      const agent = await sdk.agents.create({ memory_blocks: [{ label: "human", value: "Ada" }] });
      const conversation = await sdk.conversations.create({ agent_id: agent.id, summary: "conformance" });
      expectConversation(conversation);
      expect((await sdk.conversations.retrieve(conversation.id)).in_context_message_ids).toHaveLength(1);
      expect((await sdk.conversations.update(conversation.id, { description: "checked" })).description).toBe("checked");
      const listed: Conversation[] = await sdk.conversations.list({ agent_id: agent.id });
      expect(listed.map((item) => item.id)).toEqual([conversation.id]);
      const fork = await sdk.conversations.fork(conversation.id);
      expectConversation(fork);
      const prompt: string = await sdk.conversations.recompile(conversation.id, { dry_run: true });
      expect(prompt).toContain(`CONVERSATION_ID: ${conversation.id}`);
      expect(await sdk.conversations.delete(fork.id)).toBeNull();
      expect((await sdk.conversations.list({ agent_id: agent.id })).map((item) => item.id)).toEqual([conversation.id]);
      await sdk.agents.delete(agent.id);
    });

    it("conversations.messages.create streams, list pages to an empty page, stream resumes, compact summarises", async () => {
      const { sdk } = ctx();
      const agent = await sdk.agents.create({});
      const conversation = await sdk.conversations.create({ agent_id: agent.id });
      for (const text of ["first words", "second words", "third words"]) {
        const chunks = await collect(await sdk.conversations.messages.create(conversation.id, { messages: [{ role: "user", content: text, otid: newOtid() }] }));
        expect(stopReason(chunks)).toEqual({ message_type: "stop_reason", stop_reason: "end_turn" });
      }
      const items = await expectPagesEnd<Message, Awaited<ReturnType<typeof sdk.conversations.messages.list>>>(
        await sdk.conversations.messages.list(conversation.id, { order: "asc", limit: 2 }),
        10,
      );
      expectMessages(items);
      expect(items.map((item) => item.message_type).slice(0, 2)).toEqual(["system_message", "user_message"]);

      const otid = newOtid();
      const background = await sdk.conversations.messages.create(conversation.id, { messages: [{ role: "user", content: "in the background", otid }], background: true });
      await collect(background);
      const resumed = await collect(await sdk.conversations.messages.stream(conversation.id, { otid, starting_after: 0 }));
      expect(resumed[0]).toMatchObject({ message_type: "ping", seq_id: 1 });
      expect(stopReason(resumed)).toEqual({ message_type: "stop_reason", stop_reason: "end_turn" });

      const compacted: CompactionResponse = await sdk.conversations.messages.compact(conversation.id, {});
      expectShape<CompactionResponse>(compacted, { num_messages_after: "number", num_messages_before: "number", summary: "string" });
      expect(compacted.num_messages_before).toBeGreaterThan(compacted.num_messages_after);
      await sdk.agents.delete(agent.id);
    });

    it("conversations.cancel stops a run in progress (held mid-stream by the hold fault)", async () => {
      const { sdk, server } = ctx();
      const agent = await sdk.agents.create({});
      const conversation = await sdk.conversations.create({ agent_id: agent.id });
      await injectFault(server.server, { type: "hold", conversation_id: conversation.id, hold_at_chunk: 1 });
      const stream = await sdk.conversations.messages.create(conversation.id, { input: "a long story please", stream_tokens: true });
      const reading = collect(stream);
      const held = await waitUntilHeld(server.server, `conversation_id=${conversation.id}`);
      expect(await sdk.conversations.cancel(conversation.id)).toEqual({ [held.run_id]: "cancelled" });
      expect(stopReason(await reading)).toEqual({ message_type: "stop_reason", stop_reason: "cancelled" });
      await releaseHolds(server.server, { conversation_id: conversation.id });
      await sdk.agents.delete(agent.id);
    });

    it("messages.retrieve, messages.list and messages.search", async () => {
      const { sdk } = ctx();
      const agent = await sdk.agents.create({});
      const conversation = await sdk.conversations.create({ agent_id: agent.id });
      await collect(await sdk.conversations.messages.create(conversation.id, { input: "conformance kumquat" }));
      const [reply] = (await sdk.conversations.messages.list(conversation.id, { order: "desc", limit: 1 })).getPaginatedItems();
      const retrieved: Message[] = await sdk.messages.retrieve(reply?.id ?? "");
      expectMessages(retrieved);
      expect(retrieved.map((item) => item.message_type)).toEqual(["reasoning_message", "assistant_message"]);
      const all: Message[] = await sdk.messages.list({ conversation_id: conversation.id, order: "asc" });
      expectMessages(all);
      expect(all.map((item) => item.message_type)).toEqual(["system_message", "user_message", "reasoning_message", "assistant_message"]);
      expect(await sdk.messages.list({ conversation_id: conversation.id, after: reply?.id ?? "", order: "asc" })).toEqual([]);
      const found: MessageSearchResponse = await sdk.messages.search({ query: "kumquat", conversation_id: conversation.id });
      expect(found.map((result) => result.message_type)).toEqual(["assistant_message", "user_message"]);
      await sdk.agents.delete(agent.id);
    });
  });
}
