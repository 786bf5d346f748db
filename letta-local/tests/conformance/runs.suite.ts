import { describe, expect, it } from "vitest";
import type { Message, Run } from "@letta-ai/letta-client/resources/agents/messages";
import type { UsageRetrieveResponse } from "@letta-ai/letta-client/resources/runs/usage";
import type { Step } from "@letta-ai/letta-client/resources/steps/steps";
import { collect } from "../helpers";
import { expectRun } from "./agent-messages.suite";
import { expectMessages } from "./conversations.suite";
import { expectPagesEnd, expectShape, type Conformance } from "./harness";

function expectStep(step: Step): void {
  expectShape<Step>(step, { id: "string" }, { run_id: "string", agent_id: "string", prompt_tokens: "number", completion_tokens: "number", total_tokens: "number", status: "string" });
}

export function runsSuite(ctx: () => Conformance): void {
  describe("runs and steps", () => {
    it("runs.list filters by agent, conversation, status and background, paged to an empty page", async () => {
      const { sdk } = ctx();
      const agent = await sdk.agents.create({});
      const [a, b] = [await sdk.conversations.create({ agent_id: agent.id }), await sdk.conversations.create({ agent_id: agent.id })];
      await collect(await sdk.conversations.messages.create(a.id, { input: "one" }));
      await collect(await sdk.conversations.messages.create(a.id, { input: "two", background: true }));
      await collect(await sdk.conversations.messages.create(b.id, { input: "three" }));
      const all = await expectPagesEnd<Run, Awaited<ReturnType<typeof sdk.runs.list>>>(await sdk.runs.list({ agent_id: agent.id, limit: 2 }), 3);
      all.forEach(expectRun);
      expect(all.map((run) => run.conversation_id)).toEqual([b.id, a.id, a.id]);
      expect((await sdk.runs.list({ conversation_id: a.id })).getPaginatedItems()).toHaveLength(2);
      expect((await sdk.runs.list({ agent_id: agent.id, background: true })).getPaginatedItems().map((run) => run.background)).toEqual([true]);
      expect((await sdk.runs.list({ agent_id: agent.id, statuses: ["completed"] })).getPaginatedItems()).toHaveLength(3);
      expect((await sdk.runs.list({ agent_id: agent.id, active: true })).getPaginatedItems()).toEqual([]);
      await sdk.agents.delete(agent.id);
    });

    it("runs.retrieve, runs.usage.retrieve, runs.messages.list, runs.steps.list; steps.list, retrieve and messages.list", async () => {
      const { sdk } = ctx();
      const agent = await sdk.agents.create({ memory_blocks: [{ label: "human", value: "Ada" }] });
      const conversation = await sdk.conversations.create({ agent_id: agent.id });
      const chunks = await collect(await sdk.conversations.messages.create(conversation.id, { input: "remember that I like kumquats" }));
      const runId = chunks[0]?.message_type === "ping" ? (chunks[0].run_id ?? "") : "";
      expectRun(await sdk.runs.retrieve(runId));

      const usage: UsageRetrieveResponse = await sdk.runs.usage.retrieve(runId);
      expectShape<UsageRetrieveResponse>(usage, {}, { completion_tokens: "number", prompt_tokens: "number", total_tokens: "number" });
      const streamed = chunks.find((chunk) => chunk.message_type === "usage_statistics");
      expect(streamed).toMatchObject({ prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens, total_tokens: usage.total_tokens, step_count: 2 });

      const items = await expectPagesEnd<Message, Awaited<ReturnType<typeof sdk.runs.messages.list>>>(await sdk.runs.messages.list(runId, { limit: 1 }), 6);
      expectMessages(items);
      expect(items.map((item) => item.message_type)).toEqual([
        "user_message", "reasoning_message", "tool_call_message", "tool_return_message", "reasoning_message", "assistant_message",
      ]);

      const steps = await expectPagesEnd<Step, Awaited<ReturnType<typeof sdk.runs.steps.list>>>(await sdk.runs.steps.list(runId, { limit: 1 }), 2);
      steps.forEach(expectStep);
      expect(steps.reduce((sum, step) => sum + (step.prompt_tokens ?? 0), 0)).toBe(usage.prompt_tokens);
      const [newest] = steps;
      expect(await sdk.steps.retrieve(newest?.id ?? "")).toEqual(newest);
      const stepItems = await expectPagesEnd<Message, Awaited<ReturnType<typeof sdk.steps.messages.list>>>(await sdk.steps.messages.list(newest?.id ?? "", { limit: 5 }), 2);
      expect(stepItems.map((item) => item.message_type)).toEqual(["reasoning_message", "assistant_message"]);
      const agentSteps = await expectPagesEnd<Step, Awaited<ReturnType<typeof sdk.steps.list>>>(await sdk.steps.list({ agent_id: agent.id, limit: 1 }), 2);
      expect(agentSteps.map((step) => step.id)).toEqual(steps.map((step) => step.id));
      await sdk.agents.delete(agent.id);
    });
  });
}
