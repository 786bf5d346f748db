// plan + apply against the local Letta server (real HTTP, real SDK): create, no-op, each field's change
// detection and application, dry run, tools, blocks, writable-block drift, and recompile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyAgentConfig } from "@/lib/letta/agent-apply";
import type { AgentConfig, BlockConfig } from "@/lib/agent/config";
import { findAgent, formatChange, planAgent, readLiveAgent } from "@/lib/letta/agent-plan";
import { startLocalLetta, uniqueName, type LocalLetta } from "../helpers/letta";
import { config } from "./helpers";

let letta: LocalLetta;
beforeAll(async () => {
  letta = await startLocalLetta();
});
afterAll(async () => letta?.close());

/** A fresh agent created from the base test file; returns its config. */
async function created(extra = ""): Promise<AgentConfig> {
  const base = config(uniqueName(), extra);
  const result = await applyAgentConfig(letta.client, base);
  expect(result).toMatchObject({ created: true, changed: true });
  return base;
}

const withPersona = (c: AgentConfig, patch: Partial<BlockConfig>): AgentConfig =>
  ({ ...c, blocks: c.blocks.map((block) => (block.label === "persona" ? { ...block, ...patch } : block)) });
const lines = async (c: AgentConfig) => (await planAgent(letta.client, c)).changes.map(formatChange);

describe("create", () => {
  it("creates the agent from the file: no base tools, the file's blocks, tagged threadline; a second run changes nothing", async () => {
    const base = config(uniqueName());
    const dry = await applyAgentConfig(letta.client, base, { dryRun: true });
    expect(dry).toMatchObject({ created: true, changed: false, agentId: "" });
    expect(await findAgent(letta.client, base.name)).toBeNull();

    const result = await applyAgentConfig(letta.client, base);
    const state = await letta.client.agents.retrieve(result.agentId);
    expect(state).toMatchObject({ name: base.name, description: "Test agent", system: base.system, tags: ["threadline"], tools: [] });
    expect(await readLiveAgent(letta.client, result.agentId)).toMatchObject({
      model: "openai/gpt-4o-mini", embedding: "openai/text-embedding-3-small", contextWindow: 32000,
      blocks: [{ label: "persona", value: "I am a test persona.", limit: 2000, description: "Who the agent is", readOnly: true }],
    });

    const again = await applyAgentConfig(letta.client, base);
    expect(again).toMatchObject({ created: false, changed: false, agentId: result.agentId, recompiled: null });
    expect(again.plan.changes).toEqual([]);
    expect(again.plan.conversations).toBe(0);
  });
});

describe("change detection, one field at a time", () => {
  const cases: [string, (c: AgentConfig) => AgentConfig, string][] = [
    ["system", (c) => ({ ...c, system: "You are a test agent.\nAnswer at length.\nAnd kindly." }), "~ system: 2 lines changed"],
    ["description", (c) => ({ ...c, description: "Another description" }), '~ description: "Test agent" → "Another description"'],
    ["model", (c) => ({ ...c, model: "anthropic/claude-sonnet-4" }), '~ model: "openai/gpt-4o-mini" → "anthropic/claude-sonnet-4"'],
    ["embedding", (c) => ({ ...c, embedding: "openai/text-embedding-3-large" }), '~ embedding: "openai/text-embedding-3-small" → "openai/text-embedding-3-large"'],
    ["context window", (c) => ({ ...c, contextWindow: 64000 }), "~ context_window: 32000 → 64000"],
    ["block value", (c) => withPersona(c, { value: "I am a changed persona." }), "~ block persona value: 1 line changed"],
    ["block limit", (c) => withPersona(c, { limit: 3000 }), "~ block persona limit: 2000 → 3000"],
    ["block description", (c) => withPersona(c, { description: "Changed" }), '~ block persona description: "Who the agent is" → "Changed"'],
    ["block read_only", (c) => withPersona(c, { readOnly: false }), "~ block persona read_only: true → false"],
    ["block added", (c) => ({ ...c, blocks: [...c.blocks, { label: "policy", value: "Be kind.", limit: 100, readOnly: true }] }), "+ block policy (limit 100, read-only)"],
    ["block removed", (c) => ({ ...c, blocks: [] }), "- block persona (detached from the agent, not deleted)"],
    ["tool added", (c) => ({ ...c, tools: ["conversation_search"] }), "+ tool conversation_search"],
  ];

  it.each(cases)("%s: planned, applied, then in sync", async (_name, change, expected) => {
    const base = await created();
    const next = change(base);
    expect(await lines(next)).toEqual([expected]);
    const result = await applyAgentConfig(letta.client, next);
    expect(result).toMatchObject({ created: false, changed: true });
    expect(await lines(next)).toEqual([]);
    expect(await lines(base)).toHaveLength(1); // and the old file now differs the other way
  });

  it("tool removed", async () => {
    const base = await created("privacy:\n  history_search: all_conversations\n  acknowledge_cross_user_leak: true");
    expect((await letta.client.agents.retrieve((await findAgent(letta.client, base.name))!.id)).tools.map((t) => t.name)).toEqual(["conversation_search"]);
    const without = { ...base, tools: [] };
    expect(await lines(without)).toEqual(["- tool conversation_search"]);
    await applyAgentConfig(letta.client, without);
    expect(await lines(without)).toEqual([]);
    expect((await letta.client.agents.retrieve((await findAgent(letta.client, base.name))!.id)).tools).toEqual([]);
  });

  it("several changes at once: a smaller limit and a shorter value are applied together", async () => {
    const base = await created();
    const next = withPersona({ ...base, model: "openai/gpt-4.1" }, { value: "Short.", limit: 10 });
    expect(await lines(next)).toEqual([
      '~ model: "openai/gpt-4o-mini" → "openai/gpt-4.1"', "~ block persona value: 1 line changed", "~ block persona limit: 2000 → 10",
    ]);
    await applyAgentConfig(letta.client, next);
    expect(await lines(next)).toEqual([]);
  });

  it("an unknown tool is reported by the plan and fails the apply before anything changes", async () => {
    const base = await created();
    const next = { ...base, description: "changed", tools: ["no_such_tool"] };
    const plan = await planAgent(letta.client, next);
    expect(plan.missingTools).toEqual(["no_such_tool"]);
    expect(plan.changes.map(formatChange)).toContain("+ tool no_such_tool (not found on the Letta server)");
    await expect(applyAgentConfig(letta.client, next)).rejects.toThrow("Tool not found on the Letta server: no_such_tool");
    expect(await lines(base)).toEqual([]);
  });
});

describe("dry run", () => {
  it("reports the changes and writes nothing", async () => {
    const base = await created();
    const next = withPersona({ ...base, system: "Other." }, { value: "Other persona." });
    const id = (await findAgent(letta.client, base.name))!.id;
    const before = await readLiveAgent(letta.client, id);
    const result = await applyAgentConfig(letta.client, next, { dryRun: true, recompile: true });
    expect(result).toMatchObject({ changed: false, recompiled: null });
    expect(result.plan.changes.map(formatChange)).toEqual(["~ system: 2 lines changed", "~ block persona value: 1 line changed"]);
    expect(await readLiveAgent(letta.client, id)).toEqual(before);
  });
});

describe("agent-writable blocks", () => {
  it("the value is set when the block is created, then reported as information, never overwritten", async () => {
    const base = await created("  - label: notes\n    value: initial\n    read_only: false\ntools: [memory_insert]");
    const id = (await findAgent(letta.client, base.name))!.id;
    expect((await letta.client.agents.blocks.retrieve("notes", { agent_id: id })).value).toBe("initial");
    await letta.client.agents.blocks.update("notes", { agent_id: id, value: "the agent learned something" });
    const plan = await planAgent(letta.client, base);
    expect(plan.changes).toEqual([]);
    expect(plan.notices).toEqual([expect.stringContaining("block notes: agent-writable, so its value is the agent's memory (27 characters)")]);
    await applyAgentConfig(letta.client, base);
    expect((await letta.client.agents.blocks.retrieve("notes", { agent_id: id })).value).toBe("the agent learned something");
  });
});

describe("recompile", () => {
  const systemMessage = async (conversationId: string) => {
    const [first] = (await letta.client.conversations.messages.list(conversationId, { order: "asc", limit: 1 })).getPaginatedItems();
    expect(first?.message_type).toBe("system_message");
    return (first as { content: string }).content;
  };

  it("rebuilds existing conversations' system messages with the new block values; without it they keep the old ones", async () => {
    const base = await created("  - label: policy\n    value: policy-v1\n    limit: 200");
    const id = (await findAgent(letta.client, base.name))!.id;
    const conversations = [await letta.client.conversations.create({ agent_id: id }), await letta.client.conversations.create({ agent_id: id })];
    for (const c of conversations) expect(await systemMessage(c.id)).toContain("policy-v1");

    const v2 = { ...base, blocks: base.blocks.map((b) => (b.label === "policy" ? { ...b, value: "policy-v2" } : b)) };
    const plain = await applyAgentConfig(letta.client, v2);
    expect(plain).toMatchObject({ changed: true, recompiled: null, plan: { conversations: 2 } });
    expect(await systemMessage(conversations[0]!.id)).toContain("policy-v1");

    const v3 = { ...v2, blocks: v2.blocks.map((b) => (b.label === "policy" ? { ...b, value: "policy-v3" } : b)) };
    const result = await applyAgentConfig(letta.client, v3, { recompile: true });
    expect(result).toMatchObject({ changed: true, recompiled: 2, recompileFailures: [] });
    for (const c of conversations) {
      const content = await systemMessage(c.id);
      expect(content).toContain("policy-v3");
      expect(content).not.toContain("policy-v1");
    }
    // With nothing to change, --recompile still refreshes every conversation.
    expect(await applyAgentConfig(letta.client, v3, { recompile: true })).toMatchObject({ changed: false, recompiled: 2 });
  });

  it("counts and recompiles every conversation, across pages", async () => {
    const base = await created();
    const id = (await findAgent(letta.client, base.name))!.id;
    await Promise.all(Array.from({ length: 105 }, () => letta.client.conversations.create({ agent_id: id })));
    const result = await applyAgentConfig(letta.client, base, { recompile: true });
    expect(result).toMatchObject({ recompiled: 105, plan: { conversations: 105 } });
  });
});

