import { describe, expect, it } from "vitest";
import type { LettaResponse, Message, Run } from "@letta-ai/letta-client/resources/agents/messages";
import { collect, injectFault, releaseHolds, waitUntilHeld } from "../helpers";
import { expectAgentState } from "./bootstrap.suite";
import { expectMessages } from "./conversations.suite";
import { expectPagesEnd, expectShape, type Conformance } from "./harness";

export function expectRun(run: Run): void {
  expectShape<Run>(run, { id: "string", agent_id: "string" }, { status: "string", conversation_id: ["string", "null"], background: ["boolean", "null"], created_at: "string" });
}

export function agentMessagesSuite(ctx: () => Conformance): void {
  describe("agents.messages: the agent's default conversation", () => {
    it("create answers a LettaResponse (JSON by default), stream answers SSE, list shows both turns", async () => {
      const { sdk } = ctx();
      const agent = await sdk.agents.create({});
      const response: LettaResponse = await sdk.agents.messages.create(agent.id, { messages: [{ role: "user", content: "hello there" }] });
      expectShape<LettaResponse>(response, { messages: "array", stop_reason: "object", usage: "object" });
      expect(response.stop_reason.stop_reason).toBe("end_turn");
      expectMessages(response.messages);
      const streamed = await collect(await sdk.agents.messages.stream(agent.id, { messages: [{ role: "user", content: "and again" }], stream_tokens: true }));
      expect(streamed.at(-1)?.message_type).toBe("usage_statistics");
      const items = await expectPagesEnd<Message, Awaited<ReturnType<typeof sdk.agents.messages.list>>>(await sdk.agents.messages.list(agent.id, { limit: 1 }), 7);
      expectMessages(items);
      expect(items.at(-1)?.message_type).toBe("system_message");
      const conversation = await sdk.conversations.create({ agent_id: agent.id });
      expect((await sdk.agents.messages.list(agent.id, { conversation_id: conversation.id })).getPaginatedItems().map((item) => item.message_type)).toEqual(["system_message"]);
      await sdk.agents.delete(agent.id);
    });

    it("createAsync answers the Run at once; runs.messages.stream follows it to the end", async () => {
      const { sdk } = ctx();
      const agent = await sdk.agents.create({});
      const run: Run = await sdk.agents.messages.createAsync(agent.id, { messages: [{ role: "user", content: "work on this in the background" }] });
      expectRun(run);
      expect(run.background).toBe(true);
      const chunks = await collect(await sdk.runs.messages.stream(run.id, { starting_after: 0 }));
      expect(chunks.find((chunk) => chunk.message_type === "stop_reason")).toEqual({ message_type: "stop_reason", stop_reason: "end_turn" });
      expect((await sdk.runs.retrieve(run.id)).status).toBe("completed");
      await sdk.agents.delete(agent.id);
    });

    it("cancel stops the agent's live runs", async () => {
      const { sdk, server } = ctx();
      const agent = await sdk.agents.create({});
      await injectFault(server.server, { type: "hold", match: "hold the agent-level run" });
      const run = await sdk.agents.messages.createAsync(agent.id, { messages: [{ role: "user", content: "hold the agent-level run" }] });
      await waitUntilHeld(server.server, `run_id=${run.id}`);
      expect(await sdk.agents.messages.cancel(agent.id)).toEqual({ [run.id]: "cancelled" });
      expect(await sdk.agents.messages.cancel(agent.id, { run_ids: [run.id] })).toEqual({});
      expect((await sdk.runs.retrieve(run.id)).status).toBe("cancelled");
      await releaseHolds(server.server, { run_id: run.id });
      await sdk.agents.delete(agent.id);
    });

    it("compact summarises the default conversation, recompile rebuilds its system message, reset starts it over", async () => {
      const { sdk } = ctx();
      const agent = await sdk.agents.create({ memory_blocks: [{ label: "human", value: "Ada" }] });
      for (const text of ["one", "two", "three"]) await sdk.agents.messages.create(agent.id, { input: text });
      const compacted = await sdk.agents.messages.compact(agent.id);
      expect(compacted.num_messages_before).toBeGreaterThan(compacted.num_messages_after);
      await sdk.agents.blocks.update("human", { agent_id: agent.id, value: "Ada Lovelace" });
      const prompt: string = await sdk.agents.recompile(agent.id);
      expect(prompt).toContain("Ada Lovelace");
      expect(prompt).toContain("CONVERSATION_ID: default");
      const reset = await sdk.agents.messages.reset(agent.id, {});
      expectAgentState(reset ?? (await sdk.agents.retrieve(agent.id)));
      expect(reset?.message_ids).toHaveLength(1);
      expect((await sdk.agents.messages.list(agent.id)).getPaginatedItems().map((item) => item.message_type)).toEqual(["system_message"]);
      await sdk.agents.delete(agent.id);
    });
  });
}
